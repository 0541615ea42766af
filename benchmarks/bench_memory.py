"""Peak memory of every CLI command at national scale (issue 15, item 1).

Generates ``coopgraph generate`` defaults (250 cités, 20,000 actors, 5,000
meetings, about 200,000 attendance rows), then runs each analysis, map and
export command on it in a child process and records its peak resident set
size (``ru_maxrss`` of the child), its wall time, its exit code and, for a
refusal, its message. Each child runs under an address-space limit (twice
the budget) and a time limit so that a runaway cannot take the machine.

    .venv/bin/python benchmarks/bench_memory.py          # slow: ~20 minutes
    .venv/bin/python benchmarks/bench_memory.py suggest  # only commands naming "suggest"

Writes ``benchmarks/results/memory.json`` and ``memory.md``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
COOPGRAPH = [str(Path(sys.executable).parent / "coopgraph")]
BUDGET = 4 * 1024**3
TIMEOUT = 1800


def _limit() -> None:  # in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (2 * BUDGET + 2 * 1024**3,) * 2)


def run(args: list[str], cwd: Path) -> dict:
    """Run one command; its peak RSS from a fresh RUSAGE_CHILDREN reading
    (each run in its own helper process so the maximum is its own)."""
    probe = (
        "import resource, subprocess, sys, json, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[2:], capture_output=True, text=True, "
        "timeout=float(sys.argv[1]))\n"
        "print(json.dumps({'rc': p.returncode, 'seconds': time.perf_counter() - t,"
        " 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " 'stderr': p.stderr[-2000:]}))\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(TIMEOUT), *COOPGRAPH, *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            preexec_fn=_limit,
            timeout=TIMEOUT + 60,
        )
        out = json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as exc:
        return {"rc": None, "seconds": None, "peak_mb": None, "note": f"{type(exc).__name__}"}
    error = [line for line in out["stderr"].splitlines() if line.startswith(("error:", "erreur :"))]
    return {
        "rc": out["rc"],
        "seconds": round(out["seconds"], 1),
        "peak_mb": round(out["maxrss_kb"] / 1024),
        "message": error[-1] if error else None,
    }


def commands(gen: str) -> list[tuple[str, list[str]]]:
    cases: list[tuple[str, list[str]]] = [
        ("validate", ["validate", gen]),
        ("report", ["report", gen, "--out", "report"]),
        ("isolated", ["isolated", gen]),
        ("bridges", ["bridges", gen]),
        ("communities", ["communities", gen]),
        ("density", ["density", gen]),
        ("brokers (institution)", ["brokers", gen]),
        ("brokers --level actor", ["brokers", gen, "--level", "actor"]),
        (
            "brokers --level actor --max-attendance 30",
            ["brokers", gen, "--level", "actor", "--max-attendance", "30"],
        ),
        ("suggest", ["suggest", gen]),
        ("note", ["note", gen, "--region", "28", "--out", "note.html"]),
        (
            "plan-clusters",
            ["plan-clusters", gen, "--min-size", "2", "--format", "json", "--out", "clubs.json"],
        ),
        ("simulate", ["simulate", gen, "--clubs", "clubs.json"]),
        ("compare", ["compare", gen, "--period", ":2021-12-31", "--period", "2022-01-01:"]),
        ("dedupe", ["dedupe", gen]),
    ]
    for view in ("cites", "institutions", "regions", "actors"):
        cases.append((f"map --view {view}", ["map", gen, "--view", view, "--out", f"{view}.html"]))
    cases.append(
        (
            "map --view actors --aggregate none",
            ["map", gen, "--view", "actors", "--aggregate", "none", "--out", "a.html"],
        )
    )
    for view in ("cites", "institutions", "regions"):
        cases.append(
            (
                f"export --view {view} (graphml)",
                ["export", gen, "--view", view, "--out", "x.graphml"],
            )
        )
    for ext in ("graphml", "gexf", "json"):
        out = f"a.{ext}"
        cases.append(
            (f"export --view actors ({ext})", ["export", gen, "--view", "actors", "--out", out])
        )
        cases.append(
            (
                f"export --view actors --max-attendance 30 ({ext})",
                ["export", gen, "--view", "actors", "--max-attendance", "30", "--out", out],
            )
        )
    # the largest --max-attendance the refusal suggests under 4 GB (43 on
    # the defaults): the suggestion must hold
    cases.append(
        (
            "export --view actors --max-attendance 43 (graphml)",
            ["export", gen, "--view", "actors", "--max-attendance", "43", "--out", "a.graphml"],
        )
    )
    return cases


def main() -> None:
    only = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen = work / "GEN"
        rows = [{"command": "generate (defaults)", **run(["generate", "--out", str(gen)], work)}]
        for name, args in commands(str(gen)):
            if only and not any(o in name for o in only):
                continue
            result = run(args, work)
            rows.append({"command": name, **result})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    record = {
        "budget_bytes": BUDGET,
        "budget_env": os.environ.get("COOPGRAPH_MEMORY_BUDGET"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": "coopgraph generate defaults (250 cités, 20,000 actors, 5,000 meetings)",
        "results": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    previous = RESULTS / "memory.json"
    if only and previous.exists():
        # a partial run updates the rows it measured, in their place
        fresh = {r["command"]: r for r in rows}
        old = json.loads(previous.read_text())["results"]
        names = {r["command"] for r in old}
        rows = [fresh.get(r["command"], r) for r in old]
        rows += [r for r in fresh.values() if r["command"] not in names]
        record["results"] = rows
    (RESULTS / "memory.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Peak memory at national scale",
        "",
        f"{record['data']}; budget 4 GB; {record['date']}, Python {record['python']}, "
        f"{record['cpus']} CPUs. Peak RSS of the command's process (`ru_maxrss`).",
        "",
        "| command | exit | peak RSS (MB) | time (s) | message |",
        "|---|---:|---:|---:|---|",
    ]
    for r in rows:
        msg = (r.get("message") or "").replace("|", "\\|")
        if len(msg) > 140:
            msg = msg[:140] + "…"
        lines.append(f"| `{r['command']}` | {r['rc']} | {r['peak_mb']} | {r['seconds']} | {msg} |")
    (RESULTS / "memory.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
