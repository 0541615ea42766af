"""Solve times of the cluster planner on the sample data and on synthetic national data.

Run: python benchmarks/bench_planning.py  (writes benchmarks/results/planning.json and .md)
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections import Counter
from datetime import date
from pathlib import Path

from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period, cite_graph
from coopgraph.io import read_dataset
from coopgraph.planning import PlanOptions, cite_themes, cites_to_place, plan_clusters
from coopgraph.synth import generate_dataset

ROOT = Path(__file__).resolve().parents[1]
ALL_TYPES = ("isolated", "regional_only", "one_link", "one_person")


def run(name, ds, period, types, min_shared=1, **opts):
    G = cite_graph(ds, period, min_shared=min_shared)
    candidates = cites_to_place(G, types=types, labelled_by=period.until)
    options = PlanOptions(**opts)
    started = time.perf_counter()
    try:
        plan = plan_clusters(ds, candidates, options, G=G, themes=cite_themes(ds, period))
        row = {
            "status": plan.status,
            "clubs": len(plan.clubs),
            "placed": plan.placed,
            "unplaced": dict(Counter(u.code for u in plan.unplaced)),
            "objective": plan.objective,
        }
    except PlanningError as exc:
        row = {"status": "ERROR", "error": str(exc).splitlines()[0]}
    row.update(name=name, candidates=len(candidates), seconds=round(time.perf_counter() - started, 2),
               time_limit=options.time_limit, workers=options.workers, min_shared=min_shared,
               types=list(types))  # fmt: skip
    print(row)
    return row


def main() -> None:
    rows = []
    sample = read_dataset(ROOT / "data" / "sample")
    rows.append(
        run(
            "sample, until 2020-05-13, isolated",
            sample,
            Period(None, date(2020, 5, 13)),
            ("isolated",),
        )
    )
    rows.append(
        run(
            "sample, until 2020-05-13, all types",
            sample,
            Period(None, date(2020, 5, 13)),
            ALL_TYPES,
        )
    )
    ds = generate_dataset(cites=250, actors=20000, meetings=5000, seed=0)
    rows.append(
        run(
            "synthetic 250, until 2020-12-31, all types",
            ds,
            Period(None, date(2020, 12, 31)),
            ALL_TYPES,
        )
    )
    rows.append(
        run(
            "synthetic 250, 2021, all types, min_shared=5",
            ds,
            Period(date(2021, 1, 1), date(2021, 12, 31)),
            ALL_TYPES,
            min_shared=5,
            time_limit=60,
        )
    )
    rows.append(
        run(
            "synthetic 250, all time, all types, min_shared=30 (stress: ~250 candidates)",
            ds,
            Period(),
            ALL_TYPES,
            min_shared=30,
            time_limit=60,
        )
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    (out / "planning.json").write_text(
        json.dumps({"meta": meta, "runs": rows}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    lines = ["# Cluster planner solve times", "", f"{meta['machine']}, {meta['cpus']} CPUs, Python {meta['python']}", "",
             "`greedy`: cités the greedy warm start places (CP-SAT never returns fewer); `parts`: sizes of the",
             "independent sub-problems solved one by one; `time limit`: per CP-SAT solve (two solves per part).", "",
             "| case | candidates | status | clubs | placed | greedy | proven | parts | time limit | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        o = r.get("objective", {})
        lines.append(f"| {r['name']} | {r['candidates']} | {r['status']} | {r.get('clubs', '')} | {r.get('placed', '')} "
                     f"| {o.get('greedy_placed', '')} | {o.get('placed_proven_optimal', '')} "
                     f"| {' + '.join(map(str, o.get('parts', [])))} | {r['time_limit']:g} | {r['seconds']} |")  # fmt: skip
    (out / "planning.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
