"""Benchmark: the full network report on a national-scale synthetic dataset,
and each metric next to the naive exact networkx computation of the same
metric, in the same run. Also measures the error of sampled betweenness
against exact betweenness.

Run from the repository root::

    python benchmarks/bench_report.py            # writes benchmarks/results/bench_report.{json,md}
    python benchmarks/bench_report.py --quick    # smaller dataset, for a smoke run

A naive computation that would take minutes is timed on a random subset of
its independent units (source nodes, broker nodes) and extrapolated linearly;
the results say so (``"naive_estimated": true``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

from coopgraph.analysis import Analysis
from coopgraph.graph.projections import Period, cite_graph, meetings_in
from coopgraph.labels import Labeller
from coopgraph.metrics import brokerage, centrality, density, isolation
from coopgraph.metrics.communities import louvain_communities
from coopgraph.reports.document import to_html, to_markdown
from coopgraph.reports.report import SECTIONS, ReportOptions, build_report
from coopgraph.synth import generate_dataset

RESULTS = Path(__file__).resolve().parent / "results"


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def naive_cite_graph(ds):
    """networkx's own bipartite weighted projection of the cité–meeting graph."""
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    B = nx.Graph()
    cites = [c.id for c in ds.cites]
    B.add_nodes_from(cites, bipartite=0)
    for m in meetings_in(ds, Period()):
        B.add_node(("m", m.id), bipartite=1)
    for att in ds.attendance:
        if att.actor_id in cite_of:
            B.add_edge(cite_of[att.actor_id], ("m", att.meeting_id))
    return nx.bipartite.weighted_projected_graph(B, cites)


def naive_betweenness(G, budget_s: float, seed: int = 0):
    """Exact networkx betweenness, or its time extrapolated from as many
    single-source runs as fit in ``budget_s``."""
    n = G.number_of_nodes()
    probe = max(2, min(n, 8))
    _, t_probe = timed(nx.betweenness_centrality, G, k=probe, seed=seed)
    per_source = t_probe / probe
    if per_source * n <= budget_s:
        values, t = timed(nx.betweenness_centrality, G)
        return values, t, False
    return None, per_source * n, True


def naive_brokerage_time(G, budget_s: float, seed: int = 0):
    """Counting every two-path a–b–c in Python (the definition), on all nodes
    or on a sample of broker nodes, extrapolated."""
    D = G.to_directed()
    nodes = list(G)
    sample = nodes if len(nodes) <= 60 else random.Random(seed).sample(nodes, 60)
    groups = dict(G.nodes(data="region"))

    def count(b):
        out = dict.fromkeys(brokerage.ROLES, 0)
        gb = groups.get(b)
        for a in D.predecessors(b):
            for c in D.successors(b):
                if c != a and not D.has_edge(a, c) and gb is not None:
                    out[brokerage._role(groups.get(a), gb, groups.get(c))] += 1
        return out

    start = time.perf_counter()
    for b in sample:
        count(b)
    t = time.perf_counter() - start
    return t * len(nodes) / len(sample), len(sample) < len(nodes)


def betweenness_error(exact: dict, approx: dict, top: int = 20) -> dict:
    keys = list(exact)
    e = np.array([exact[k] for k in keys])
    a = np.array([approx[k] for k in keys])
    top_exact = set(sorted(keys, key=lambda k: -exact[k])[:top])
    top_approx = set(sorted(keys, key=lambda k: -approx[k])[:top])
    rank_e = np.argsort(np.argsort(-e))
    rank_a = np.argsort(np.argsort(-a))
    spearman = float(np.corrcoef(rank_e, rank_a)[0, 1]) if len(keys) > 2 else 1.0
    rel = float(np.abs(a - e).sum() / max(e.sum(), 1e-12))
    return {
        "max_abs_error": float(np.abs(a - e).max()),
        "mean_abs_error": float(np.abs(a - e).mean()),
        "max_exact_value": float(e.max()),
        "relative_l1_error": rel,
        f"top{top}_overlap": len(top_exact & top_approx) / top,
        "spearman_rank": spearman,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller dataset")
    parser.add_argument(
        "--naive-budget", type=float, default=60.0, help="seconds allowed per naive metric"
    )
    args = parser.parse_args(argv)
    sizes = dict(cites=250, actors=20000, meetings=5000, attendance=200000)
    if args.quick:
        sizes = dict(cites=80, actors=3000, meetings=800, attendance=30000)

    ds, t_gen = timed(
        generate_dataset, sizes["cites"], sizes["actors"], sizes["meetings"], 0, sizes["attendance"]
    )
    counts = ds.counts()
    print(f"dataset {counts} generated in {t_gen:.1f}s", flush=True)

    # --- the full report, as `coopgraph report` builds it (a fresh Analysis:
    # sections one by one on one analysis, each paying for what it reads first)
    opts = ReportOptions()
    sections = {}
    one = Analysis(ds)
    for builder in SECTIONS:
        _, t = timed(builder, one, Labeller(ds))
        sections[builder.__name__] = round(t, 3)
    doc, t_build = timed(build_report, Analysis(ds), opts)
    _, t_render = timed(lambda: (to_markdown(doc), to_html(doc)))
    report_total = t_build + t_render
    print(f"full report: {report_total:.1f}s (sections one by one: {sections})", flush=True)

    # --- each metric next to the naive networkx computation
    a = Analysis(ds)
    metrics = []

    def row(name, ours_s, naive_s, estimated=False, note=""):
        metrics.append(
            {
                "metric": name,
                "coopgraph_s": round(ours_s, 3),
                "naive_networkx_s": round(naive_s, 3),
                "naive_estimated": estimated,
                "speedup": round(naive_s / ours_s, 1) if ours_s else None,
                "note": note,
            }
        )
        print(
            f"  {name}: {ours_s:.2f}s vs naive {naive_s:.2f}s{' (est.)' if estimated else ''} {note}",
            flush=True,
        )

    G, t = timed(cite_graph, ds)
    _, tn = timed(naive_cite_graph, ds)
    row(
        "cité projection",
        t,
        tn,
        note=f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges; naive = nx.bipartite.weighted_projected_graph (no provenance)",
    )
    inst, t_inst = timed(lambda: a.institution_ties)
    B, t_two = timed(lambda: a.two_mode)

    _, t = timed(density.region_densities, G)
    _, tn = timed(
        lambda: {
            r: nx.density(G.subgraph([n for n, x in G.nodes(data="region") if x == r]))
            for r in {x for _, x in G.nodes(data="region")}
        }
    )
    row("density per région", t, tn)
    _, t = timed(density.ego_densities, G)
    _, tn = timed(nx.clustering, G)
    row("ego-network density (all cités)", t, tn, note="naive = nx.clustering")
    _, t = timed(density.troika_completeness, ds)
    row("troïka completeness", t, t, note="no networkx equivalent")
    _, t = timed(isolation.isolated_cites, G)
    _, tn = timed(lambda: (list(nx.isolates(G)), list(nx.articulation_points(G))))
    row("isolated cités (ranked, typed)", t, tn, note="naive = isolates + articulation points only")

    for label, graph in (("betweenness, cité graph", G), ("betweenness, institution graph", inst)):
        b, t = timed(centrality.betweenness, graph, weight=None)
        exact, tn, est = naive_betweenness(graph, args.naive_budget)
        row(label, t, tn, est, note=b.describe())
        if exact is not None and b.method == "sampled":
            metrics[-1]["error_vs_exact"] = betweenness_error(exact, b.values)
        elif b.method == "sampled":
            exact_fast = centrality.fast_betweenness(graph)
            metrics[-1]["error_vs_exact"] = betweenness_error(exact_fast, b.values)
    b, t = timed(centrality.two_mode_betweenness, B)
    _, tn, est = naive_betweenness(B, args.naive_budget)
    row("betweenness, actors (two-mode graph)", t, tn, est, note=b.describe())

    _, t = timed(brokerage.brokerage_roles, inst)
    tn, est = naive_brokerage_time(inst, args.naive_budget)
    row(
        "Gould–Fernandez brokerage, institutions",
        t,
        tn,
        est,
        note=f"{inst.number_of_nodes()} nodes, {inst.number_of_edges()} edges",
    )
    _, t = timed(brokerage.ei_index, G)
    row("E–I index per région", t, t, note="no networkx equivalent")
    _, t = timed(louvain_communities, G, seed=0)
    row("Louvain communities", t, t, note="networkx's louvain_communities itself")
    _, t = timed(nx.bridges, G)
    row("graph bridges", t, t, note="networkx's bridges itself")

    # --- sampled betweenness error on a mid-size graph (sample-like sizes)
    mid = generate_dataset(80, 3000, 800, 1, 30000)
    Bm = Analysis(mid).two_mode
    Im = Analysis(mid).institution_ties
    errors = {}
    for label, graph in (("two-mode actor–meeting graph", Bm), ("institution graph", Im)):
        exact = centrality.fast_betweenness(graph)
        for k in (32, 64, 128, 256):
            if k >= graph.number_of_nodes():
                continue
            approx = centrality.fast_betweenness(graph, k=k, seed=0)
            errors[
                f"{label} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges), k={k}"
            ] = betweenness_error(exact, approx)

    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "networkx": nx.__version__,
            "numpy": np.__version__,
        },
        "dataset": counts,
        "generation_s": round(t_gen, 2),
        "report_total_s": round(report_total, 2),
        "report_sections_s": sections,
        "graphs_s": {"institution graph": round(t_inst, 3), "two-mode graph": round(t_two, 3)},
        "metrics": metrics,
        "sampled_betweenness_error": errors,
        "exact_work": centrality.EXACT_WORK,
        "min_samples": centrality.MIN_SAMPLES,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "bench_report_quick" if args.quick else "bench_report"
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (RESULTS / f"{stem}.md").write_text(summary(result), encoding="utf-8")
    print(f"wrote {RESULTS / stem}.json and .md")
    return 0


def summary(r: dict) -> str:
    lines = [
        "# Benchmark: network report at national scale",
        "",
        f"Dataset: {r['dataset']['cites']} cités, {r['dataset']['actors']} actors, {r['dataset']['meetings']} meetings, "
        f"{r['dataset']['attendance']} attendance rows (coopgraph.synth, seed 0). Machine: {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}, networkx {r['machine']['networkx']}.",
        "",
        f"**Full report (build + Markdown + HTML): {r['report_total_s']} s.** Per section: "
        + ", ".join(f"{k} {v} s" for k, v in r["report_sections_s"].items())
        + ".",
        "",
        "| metric | coopgraph (s) | naive networkx (s) | speed-up | note |",
        "|---|---|---|---|---|",
    ]
    for m in r["metrics"]:
        naive = f"{m['naive_networkx_s']}" + (" (estimated)" if m["naive_estimated"] else "")
        lines.append(
            f"| {m['metric']} | {m['coopgraph_s']} | {naive} | {m['speedup']}× | {m['note']} |"
        )
    lines += [
        "",
        "Sampled betweenness against exact (normalised values):",
        "",
        "| graph, sample size | max abs error | mean abs error | max exact value | relative L1 | top-20 overlap | Spearman |",
        "|---|---|---|---|---|---|---|",
    ]
    errs = dict(r["sampled_betweenness_error"])
    for m in r["metrics"]:
        if "error_vs_exact" in m:
            errs[f"{m['metric']} (national), as the report samples it"] = m["error_vs_exact"]
    for label, e in errs.items():
        lines.append(
            f"| {label} | {e['max_abs_error']:.2e} | {e['mean_abs_error']:.2e} | {e['max_exact_value']:.2e} | "
            f"{e['relative_l1_error']:.3f} | {e['top20_overlap']:.2f} | {e['spearman_rank']:.3f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
