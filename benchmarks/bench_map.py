"""Map benchmark: file size and time to a stable view in headless Chromium.

Two parts:

1. *threshold sweep*: synthetic graphs of growing size (random points over
   metropolitan France, random weighted ties), drawn node by node, to find
   where a page stops being usable — this sets ``MAX_NODES``/``MAX_EDGES``
   in ``coopgraph.viz.maps``;
2. *national dataset*: ``coopgraph.synth.generate_dataset(cites=250,
   actors=20000, meetings=5000, seed=1)``, every view as ``coopgraph map``
   draws it (grouping above the thresholds).

For each page: HTML size, Python build time (metrics excluded for part 1),
``ready_ms`` (the page's own ``performance.now()`` when its first frame after
layout is drawn: the time to a stable view, load included), ``frame_ms``
(mean time of a full redraw, i.e. how sluggish pan and zoom feel).
Results go to ``benchmarks/results/bench_map.json`` and ``bench_map.md``.

    python benchmarks/bench_map.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from coopgraph.viz.browser import browser_context, open_map
from coopgraph.viz.maps import MAX_EDGES, MAX_NODES, MapOptions, map_payload, render_map, write_map

RESULTS = Path(__file__).resolve().parent / "results"
FRAME_JS = """() => { const n = coopgraph.network; const t0 = performance.now();
  for (let i = 0; i < 5; i++) { n.redraw(); } return (performance.now() - t0) / 5; }"""


def random_graph(n: int, m: int, seed: int = 1) -> nx.Graph:
    if m > n * (n - 1) // 2:
        raise ValueError(f"{n} nodes cannot have {m} ties")
    rng = random.Random(seed)
    regions = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93"]
    G = nx.Graph(projection="cites")
    for i in range(n):
        G.add_node(
            f"n{i}",
            label=f"Cité {i}",
            region=rng.choice(regions),
            lat=rng.uniform(43.3, 50.5),
            lon=rng.uniform(-1.0, 7.0),
            betweenness=rng.random(),
        )
    while G.number_of_edges() < m:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            G.add_edge(f"n{u}", f"n{v}", weight=rng.choice((1, 1, 1, 2, 3, 5)), meetings=[])
    return G


def measure(
    context, G: nx.Graph, opts: MapOptions, workdir: Path, name: str, meetings=None
) -> dict:
    t0 = time.perf_counter()
    html = render_map(map_payload(G, opts, meetings=meetings))
    build_s = time.perf_counter() - t0
    path = write_map(workdir / f"{name}.html", html)
    page, report = open_map(context, path, timeout_s=300)
    try:
        frame_ms = page.evaluate(FRAME_JS)
    finally:
        page.close()
    return {
        "name": name,
        "graph_nodes": G.number_of_nodes(),
        "graph_edges": G.number_of_edges(),
        "drawn_nodes": report.nodes,
        "drawn_edges": report.edges,
        "html_bytes": path.stat().st_size,
        "build_s": round(build_s, 2),
        "ready_ms": report.ready_ms,
        "wall_ms": report.wall_ms,
        "frame_ms": round(frame_ms, 1),
        "console_errors": len(report.console_errors),
        "blocked_requests": len(report.blocked_requests),
    }


def sweep(context, workdir: Path, quick: bool) -> list[dict]:
    sizes = [
        (250, 2_500),
        (1_000, 5_000),
        (2_000, 10_000),
        (3_000, 15_000),
        (5_000, 25_000),
        (250, 25_000),
    ]
    if quick:
        sizes = sizes[:3]
    rows = []
    for n, m in sizes:
        G = random_graph(n, m)
        opts = MapOptions(aggregate="none")
        row = measure(context, G, opts, workdir, f"sweep-{n}-{m}")
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def national(context, workdir: Path) -> list[dict]:
    from coopgraph.export import analysed_view
    from coopgraph.synth import generate_dataset

    t0 = time.perf_counter()
    ds = generate_dataset(cites=250, actors=20000, meetings=5000, seed=1)
    print(f"dataset generated in {time.perf_counter() - t0:.1f} s: {ds.counts()}", flush=True)
    rows = []
    views = (
        ("cites", {}),
        ("regions", {}),
        ("institutions", {}),
        ("actors", {}),
        ("cites", {"layout": "force"}),
    )
    for view, extra in views:
        t0 = time.perf_counter()
        opts = MapOptions(view=view, **extra)
        G = analysed_view(ds, view, max_actors=opts.max_nodes)
        metrics_s = time.perf_counter() - t0
        name = f"national-{view}-{opts.layout}"
        row = measure(context, G, opts, workdir, name, meetings=ds.meeting_by_id)
        row["metrics_s"] = round(metrics_s, 2)
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def to_markdown(result: dict) -> str:
    cols = [
        "name",
        "graph_nodes",
        "graph_edges",
        "drawn_nodes",
        "drawn_edges",
        "html_bytes",
        "build_s",
        "ready_ms",
        "frame_ms",
    ]
    out = [
        "# Map benchmark",
        "",
        f"Machine: {result['machine']}. Chromium headless (software rendering), viewport 1400×900.",
        f"Thresholds in force: MAX_NODES={result['max_nodes']}, MAX_EDGES={result['max_edges']}.",
        "`ready_ms`: page's performance.now() at its first frame after layout (time to a stable view, load included);",
        "`frame_ms`: mean full redraw (pan/zoom smoothness). `build_s`: Python payload + HTML (metrics excluded).",
        "",
    ]
    for part in ("sweep", "national"):
        rows = result.get(part) or []
        if not rows:
            continue
        out += [
            f"## {part}",
            "",
            "| " + " | ".join(cols + (["metrics_s"] if part == "national" else [])) + " |",
        ]
        out.append("|" + "---|" * (len(cols) + (1 if part == "national" else 0)))
        for r in rows:
            vals = [r.get(c) for c in cols] + ([r.get("metrics_s")] if part == "national" else [])
            out.append("| " + " | ".join(str(v) for v in vals) + " |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Map size and time to a stable view.")
    parser.add_argument(
        "--quick", action="store_true", help="Small sweep only, no national dataset."
    )
    parser.add_argument("--part", choices=("sweep", "national", "both"), default="both")
    args = parser.parse_args(argv)
    result = {
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "max_nodes": MAX_NODES,
        "max_edges": MAX_EDGES,
        "date": time.strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory() as tmp, browser_context() as context:
        if args.part in ("sweep", "both"):
            result["sweep"] = sweep(context, Path(tmp), args.quick)
        if args.part in ("national", "both") and not args.quick:
            result["national"] = national(context, Path(tmp))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "bench_map_quick" if args.quick else "bench_map"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.md").write_text(to_markdown(result) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / stem}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
