"""Loading speed into Neo4j: coopgraph's batched ``UNWIND ... MERGE`` against the
server's own bulk path (``LOAD CSV`` with ``CALL { } IN TRANSACTIONS``), on the
same attendance rows, into the same server, in the same run.

Both paths start from the same state (every Actor and Meeting node loaded, no
ATTENDED relationship), do the same work (match both ends on their unique id,
``MERGE`` the relationship) and commit every ``--batch`` rows. The LOAD CSV
file is written to the server's import directory before its clock starts;
coopgraph's clock starts with the rows in memory. Rounds alternate which path
goes first, so a warm-up or a busy neighbour does not favour one of them.

Run (with a server: ``eval "$(bash scripts/neo4j.sh start)"``)::

    python benchmarks/bench_load.py            # writes benchmarks/results/load.json and .md
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import time
from dataclasses import replace
from pathlib import Path

from coopgraph.store.neo4j import Neo4jStore, Step, connect, load_plan
from coopgraph.synth import generate_dataset

ROOT = Path(__file__).resolve().parents[1]


def attendance_step(ds) -> Step:
    (step,) = [s for s in load_plan(ds) if s.query_name == "load/attendance"]
    return step


def delete_attendance(store: Neo4jStore, batch: int) -> None:
    store._autocommit("bench/delete_attendance", batch=batch)
    assert store.counts().get("ATTENDED", 0) == 0


def time_coopgraph(store: Neo4jStore, step: Step, batch: int) -> tuple[float, int]:
    started = time.perf_counter()
    created = store.write_step(step, batch)
    return time.perf_counter() - started, created


def time_load_csv(store: Neo4jStore, file_url: str, batch: int) -> tuple[float, int]:
    started = time.perf_counter()
    summary = store._autocommit("bench/load_csv_attendance", url=file_url, batch=batch)
    return time.perf_counter() - started, summary.counters.relationships_created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendance", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--name", default="load", help="results file stem")
    args = parser.parse_args()

    run_dir = Path(os.environ.get("NEO4J_RUN_DIR") or ROOT / ".neo4j")
    import_dir = Path(os.environ.get("NEO4J_IMPORT_DIR") or run_dir / "import")
    driver = connect(
        os.environ["NEO4J_URI"],
        os.environ.get("NEO4J_USERNAME", "neo4j"),
        os.environ["NEO4J_PASSWORD"],
    )
    store = Neo4jStore(driver, os.environ.get("NEO4J_DATABASE", "neo4j"), owns_driver=True)
    version = driver.get_server_info().agent

    ds = generate_dataset(
        cites=250, actors=20_000, meetings=5_000, seed=args.seed, attendance=args.attendance
    )
    rows = len(ds.attendance)
    print(f"{version}: {ds.counts()}")

    # A full load first: every node (and the other relationships) in place.
    started = time.perf_counter()
    report = store.load(ds, replace=True, batch_size=args.batch)
    full_seconds = time.perf_counter() - started
    full_rows = sum(report.rows.values())
    print(f"full load: {full_rows} rows in {full_seconds:.1f} s")

    step = attendance_step(ds)
    import_dir.mkdir(parents=True, exist_ok=True)
    csv_path = import_dir / "bench_attendance.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["meeting_id", "actor_id"])
        writer.writerows(step.rows)
    url = f"file:///{csv_path.name}"

    timings: dict[str, list[float]] = {"coopgraph": [], "load_csv": []}
    for round_ in range(args.rounds):
        order = ["coopgraph", "load_csv"] if round_ % 2 == 0 else ["load_csv", "coopgraph"]
        for path in order:
            delete_attendance(store, args.batch)
            if path == "coopgraph":
                seconds, created = time_coopgraph(store, replace(step), args.batch)
            else:
                seconds, created = time_load_csv(store, url, args.batch)
            assert created == rows, (path, created, rows)
            timings[path].append(seconds)
            print(f"round {round_ + 1} {path}: {rows / seconds:,.0f} rows/s ({seconds:.2f} s)")
    csv_path.unlink()
    # Leave the graph complete (the last path loaded it), then release the server.
    assert store.counts()["ATTENDED"] == rows
    store.close()

    median = {path: statistics.median(ts) for path, ts in timings.items()}
    rate = {path: rows / s for path, s in median.items()}
    ratio = rate["coopgraph"] / rate["load_csv"]
    result = {
        "meta": {
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "server": version,
            "date": time.strftime("%Y-%m-%d"),
        },
        "attendance_rows": rows,
        "batch": args.batch,
        "rounds": args.rounds,
        "seconds": timings,
        "median_seconds": median,
        "rows_per_second": {k: round(v) for k, v in rate.items()},
        "ratio_coopgraph_to_load_csv": round(ratio, 3),
        "target_ratio": 0.8,
        "full_load": {
            "rows": full_rows,
            "seconds": round(full_seconds, 2),
            "rows_per_second": round(full_rows / full_seconds),
        },
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = [
        "# Loading attendance rows into Neo4j",
        "",
        f"{result['meta']['server']}, {result['meta']['machine']}, {result['meta']['cpus']} CPUs, "
        f"Python {result['meta']['python']}, {result['meta']['date']}.",
        "",
        f"{rows:,} attendance rows (MATCH both ends by id, MERGE ATTENDED), {args.batch:,} rows per "
        f"transaction, median of {args.rounds} rounds (alternating order).",
        "",
        "| path | rows/s | median s | all rounds (s) |",
        "|---|---|---|---|",
    ]
    for path, label in (
        ("coopgraph", "coopgraph (`UNWIND $rows ... MERGE`, driver)"),
        ("load_csv", "`LOAD CSV ... CALL {} IN TRANSACTIONS`"),
    ):
        md.append(
            f"| {label} | {rate[path]:,.0f} | {median[path]:.2f} | "
            f"{', '.join(f'{t:.2f}' for t in timings[path])} |"
        )
    md += [
        "",
        f"**Ratio coopgraph / LOAD CSV: {ratio:.2f}x** (target: at least 0.8x).",
        "",
        f"Whole national dataset (`coopgraph load --replace`, every node and relationship): "
        f"{full_rows:,} rows in {full_seconds:.1f} s ({full_rows / full_seconds:,.0f} rows/s).",
        "",
    ]
    (out / f"{args.name}.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
