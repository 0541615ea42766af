"""Backtesting suggestions against the ties that actually formed.

:func:`backtest` splits a dataset's history at a date, ranks partners for
each query cité from the history before it (the model learns its weights
from that history only), and scores the rankings against the cité ties
that formed after it, side by side with simple baselines:

* ``random``: partners in a random order (seeded);
* ``nearest``: the nearest cités first (great-circle distance);
* ``same_region``: cités of the same région first, in random order, then
  the others in random order;
* ``adamic_adar``: the best single networkx measure alone (random order
  among equal scores);

and the model with its default weights (``defaults``), to show what the
fallback is worth.

Measures, averaged over query cités (those with at least one new tie):
precision@K (hits in the top K / K), recall@K (hits in the top K / new
ties of the cité) and MRR (mean of 1 / rank of the first hit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from coopgraph.graph.projections import Period, cite_graph
from coopgraph.model import Dataset
from coopgraph.suggest.features import PairContext, _distances_km, pair_context, pair_features
from coopgraph.suggest.model import LinkModel, default_model, fit_model

METHODS = ("model", "defaults", "random", "nearest", "same_region", "adamic_adar")


@dataclass
class RankingScores:
    """Precision@K, recall@K (per K) and MRR of one method over the queries."""

    method: str
    precision: dict[int, float]
    recall: dict[int, float]
    mrr: float


@dataclass
class BacktestResult:
    """Scores of every method on one split, and what the split held."""

    split: date
    end: date | None
    queries: int
    new_ties: int
    candidates: int
    model: LinkModel
    scores: dict[str, RankingScores] = field(default_factory=dict)
    #: the best precision@K any ranking could reach (min(new ties, K) / K)
    ceiling: dict[int, float] = field(default_factory=dict)

    def best_baseline(self, k: int = 5) -> str:
        return max(
            (m for m in self.scores if m in ("random", "nearest", "same_region")),
            key=lambda m: (self.scores[m].precision[k], m),
        )


def ranking_scores(
    method: str,
    rankings: dict[str, list[str]],
    truth: dict[str, set[str]],
    ks: Sequence[int] = (1, 5, 10),
) -> RankingScores:
    """Precision@K, recall@K and MRR of ``rankings`` (query -> ranked
    partners) against ``truth`` (query -> partners actually tied).

    >>> s = ranking_scores("m", {"a": ["x", "y", "z"]}, {"a": {"y"}}, ks=(1, 2))
    >>> s.precision, s.recall, s.mrr
    ({1: 0.0, 2: 0.5}, {1: 0.0, 2: 1.0}, 0.5)
    """
    queries = sorted(q for q in truth if truth[q])
    precision = {k: 0.0 for k in ks}
    recall = {k: 0.0 for k in ks}
    rr = 0.0
    for q in queries:
        ranked, want = rankings.get(q, []), truth[q]
        for k in ks:
            hits = sum(1 for p in ranked[:k] if p in want)
            precision[k] += hits / k
            recall[k] += hits / len(want)
        first = next((i for i, p in enumerate(ranked, start=1) if p in want), None)
        rr += 1.0 / first if first else 0.0
    n = len(queries) or 1
    return RankingScores(
        method,
        {k: v / n for k, v in precision.items()},
        {k: v / n for k, v in recall.items()},
        rr / n,
    )


def _rank(candidates: list[str], key: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Candidates by decreasing ``key``, equal keys in random order."""
    noise = rng.random(len(candidates))
    order = np.lexsort((noise, -key))
    return [candidates[i] for i in order]


def rank_all(
    ctx: PairContext,
    model: LinkModel,
    queries: Iterable[str],
    seed: int = 0,
) -> dict[str, dict[str, list[str]]]:
    """For each method of :data:`METHODS`, each query's candidates ranked
    (every cité of ``ctx`` not tied to it)."""
    rng = np.random.default_rng(seed)
    fallback = default_model("backtest", seed)
    ids = [c.id for c in ctx.cites]
    D, _ = _distances_km(ctx)
    out: dict[str, dict[str, list[str]]] = {m: {} for m in METHODS}
    for q in sorted(queries):
        i = ctx.index[q]
        cands = [v for j, v in enumerate(ids) if j != i and ctx.adjacency[i, j] == 0]
        if not cands:
            for m in METHODS:
                out[m][q] = []
            continue
        fm = pair_features(ctx, [(q, v) for v in cands])
        js = np.array([ctx.index[v] for v in cands])
        out["model"][q] = _rank(cands, model.score(fm), rng)
        out["defaults"][q] = _rank(cands, fallback.score(fm), rng)
        out["random"][q] = _rank(cands, np.zeros(len(cands)), rng)
        d = D[i, js]
        out["nearest"][q] = _rank(cands, -np.where(np.isnan(d), np.inf, d), rng)
        out["same_region"][q] = _rank(cands, fm.column("same_region"), rng)
        out["adamic_adar"][q] = _rank(cands, fm.column("adamic_adar"), rng)
    return out


def backtest(
    ds: Dataset,
    split: date,
    end: date | None = None,
    *,
    since: date | None = None,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    seed: int = 0,
    ks: Sequence[int] = (1, 5, 10),
    queries: str | Iterable[str] = "fragile",
    new_ties_from: Iterable[str] | None = None,
) -> BacktestResult:
    """Suggest from the history up to ``split`` (from ``since``), score
    against the ties formed in ``(split, end]``.

    ``queries`` restricts the query cités: ``"fragile"`` (default) the
    cités isolated or weakly tied at the split (what ``coopgraph suggest``
    serves), ``"all"`` every cité, or a list of ids; only queries with at
    least one new tie count. ``new_ties_from`` restricts the ties that count
    to those made by these meeting ids (the sample's club).
    """
    scales = None if scales is None else tuple(scales)
    before = Period(since, split)
    ctx = pair_context(ds, before, scales=scales, min_shared=min_shared)
    model = fit_model(ds, before, scales=scales, min_shared=min_shared, seed=seed)
    truth = new_ties(
        ctx, ds, end, scales=scales, min_shared=min_shared, since=since, meeting_ids=new_ties_from
    )
    if queries == "fragile":
        truth = {q: t for q, t in truth.items() if q in ctx.fragile}
    elif queries != "all":
        wanted = set(queries)
        truth = {q: t for q, t in truth.items() if q in wanted}
    truth = {q: t for q, t in truth.items() if t}
    rankings = rank_all(ctx, model, truth, seed)
    result = BacktestResult(
        split,
        end,
        queries=len(truth),
        new_ties=len({tuple(sorted((q, p))) for q, ps in truth.items() for p in ps}),
        candidates=len(ctx.cites) - 1,
        model=model,
    )
    for method, ranked in rankings.items():
        result.scores[method] = ranking_scores(method, ranked, truth, ks)
    n = len(truth) or 1
    result.ceiling = {k: sum(min(len(t), k) / k for t in truth.values()) / n for k in ks}
    return result


def new_ties(
    ctx: PairContext,
    ds: Dataset,
    end: date | None,
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    since: date | None = None,
    meeting_ids: Iterable[str] | None = None,
) -> dict[str, set[str]]:
    """Per cité of ``ctx``, the cités of ``ctx`` it became tied to after
    ``ctx``'s period, by ``end`` (only through ``meeting_ids`` when given)."""
    G = cite_graph(ds, Period(since, end), scales=scales, min_shared=min_shared)
    keep = None if meeting_ids is None else set(meeting_ids)
    out: dict[str, set[str]] = {c: set() for c in ctx.index}
    for u, v, data in G.edges(data=True):
        if u not in ctx.index or v not in ctx.index or ctx.G.has_edge(u, v):
            continue
        if keep is not None and not keep.intersection(data["meetings"]):
            continue
        out[u].add(v)
        out[v].add(u)
    return out
