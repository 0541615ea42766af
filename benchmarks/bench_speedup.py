"""The full national report, the code of a reference commit against the
current tree, side by side in one run: ``coopgraph generate`` (defaults,
about 200,000 attendance rows) once, then ``coopgraph report DIR --out OUT``
by each version as a subprocess (reading and validating the files included),
rounds alternating which version goes first. The headline ratio is CPU time
(user + system of the child, from ``resource.getrusage(RUSAGE_CHILDREN)``
before and after it): the machine is shared, and wall time moves with the
load of others; wall time (``time.perf_counter``) is given alongside. Peak
memory is the maximum resident set size of the child (``/usr/bin/time -f %M``).

The reference version is the tree of ``--base`` (default 9ba24fa, ``main``
before issue 10) exported with ``git archive`` into a temporary directory and
run with the same interpreter and packages (``PYTHONPATH``).

Run from the repository root::

    python benchmarks/bench_speedup.py                 # writes benchmarks/results/speedup.{json,md}
    python benchmarks/bench_speedup.py --rounds 1 --scale 10 --only current
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def export_tree(commit: str, into: Path) -> Path:
    """The source tree of ``commit`` under ``into`` (``git archive``)."""
    archive = into / "base.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", commit], cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "base", filter="data")
    return into / "base" / "src"


def run_report(src: Path, data: Path, out: Path) -> dict:
    """One ``coopgraph report`` in a child process: wall and CPU seconds, peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    code = "import sys; from coopgraph.cli import main; main(sys.argv[1:])"
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-c", code, "report", str(data)]
    cmd += ["--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{src}: report failed\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = done.stderr.strip().splitlines()[-1]
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(int(peak_kb) / 1024, 1),
    }


def generate(data: Path, scale: int) -> str:
    args = ["generate", "--out", str(data)]
    if scale != 1:
        args += ["--actors", str(20000 * scale), "--meetings", str(5000 * scale)]
    code = "import sys; from coopgraph.cli import main; main(sys.argv[1:])"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, text=True,
                          capture_output=True)  # fmt: skip
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="9ba24fa", help="reference commit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="10: 2,000,000 attendance rows")
    parser.add_argument("--only", choices=["both", "current"], default="both")
    parser.add_argument("--data", type=Path, help="an existing generated directory")
    parser.add_argument("--name", default=None, help="results file stem")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coopgraph-speedup-") as tmp:
        tmp_path = Path(tmp)
        data = args.data or tmp_path / "national"
        made = generate(data, args.scale) if args.data is None else f"(given) {data}"
        # a copy of the working tree, so that editing it during a run changes nothing
        shutil.copytree(ROOT / "src", tmp_path / "current" / "src")
        versions = {"current": tmp_path / "current" / "src"}
        if args.only == "both":
            versions = {"base": export_tree(args.base, tmp_path), **versions}
        runs: dict[str, list[dict]] = {name: [] for name in versions}
        for r in range(args.rounds):
            names = list(versions) if r % 2 == 0 else list(reversed(versions))
            for name in names:
                result = run_report(versions[name], data, tmp_path / f"out-{name}-{r}")
                runs[name].append(result)
                print(f"round {r + 1} {name}: {result}", flush=True)

    summary = {
        name: {
            "median_seconds": round(statistics.median(x["seconds"] for x in rs), 2),
            "median_cpu_seconds": round(statistics.median(x["cpu_seconds"] for x in rs), 2),
            "max_peak_mb": max(x["peak_mb"] for x in rs),
            "runs": rs,
        }
        for name, rs in runs.items()
    }
    result = {
        "benchmark": "coopgraph report DIR --out OUT (national generated data, files read)",
        "data": made,
        "scale": args.scale,
        "base_commit": args.base if args.only == "both" else None,
        "rounds": args.rounds,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
        },
        "versions": summary,
    }
    if "base" in summary:
        # the headline: CPU time (user + system) moves less than wall time
        # on a shared machine
        result["speedup"] = round(
            summary["base"]["median_cpu_seconds"] / summary["current"]["median_cpu_seconds"], 2
        )
        result["cpu_speedup"] = result["speedup"]
        result["wall_speedup"] = round(
            summary["base"]["median_seconds"] / summary["current"]["median_seconds"], 2
        )
        result["peak_memory_ratio"] = round(
            summary["current"]["max_peak_mb"] / summary["base"]["max_peak_mb"], 2
        )
    stem = args.name or ("speedup" if args.scale == 1 else f"speedup-x{args.scale}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# {result['benchmark']}",
        "",
        f"Data: {made}. Rounds: {args.rounds} (alternating order). "
        f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} CPUs.",
        "",
        "| version | median CPU time | median wall time | peak RSS | runs: CPU (wall) s |",
        "|---|---|---|---|---|",
    ]
    for name, s in summary.items():
        label = f"{name} ({args.base})" if name == "base" else name
        times = ", ".join(f"{x['cpu_seconds']} ({x['seconds']})" for x in s["runs"])
        lines.append(
            f"| {label} | {s['median_cpu_seconds']} s | {s['median_seconds']} s "
            f"| {s['max_peak_mb']} MB | {times} |"
        )
    if "speedup" in result:
        lines += ["", f"Speed-up: **{result['speedup']}x** CPU time (user + system), "
                  f"{result['wall_speedup']}x wall time; peak memory ratio "
                  f"(current / base): {result['peak_memory_ratio']}."]  # fmt: skip
    (RESULTS / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
