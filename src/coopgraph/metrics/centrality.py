"""Betweenness centrality: exact on graphs small enough, sampled above.

Brandes' algorithm costs one breadth-first search per source node, each
about proportional to ``n + m`` (``n² / 40`` when a dense matrix is used, see
:func:`source_cost`), so the work is ~ ``n * (n + m)``. Below
:data:`EXACT_WORK` (about 1 s for :func:`fast_betweenness` on a 2-core
machine, measured on the sample's institution graph: 381 nodes, 7,901 edges)
coopgraph computes betweenness exactly; above it, from
``k = EXACT_WORK / source_cost(n, m)`` source nodes drawn with a seed (Brandes & Pich
2007), at least :data:`MIN_SAMPLES`. Hop-count betweenness (``weight=None``,
what the report uses: a tie is a tie once it passes ``--min-shared``) runs on
:func:`fast_betweenness`, a numpy Brandes; weighted betweenness falls back to
networkx.
The sampled values are unbiased estimates; their error measured against the
exact values is in the README (Performance).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

#: Work (sources × edges) under which betweenness is exact.
EXACT_WORK = 4_000_000
#: Largest graph for which :func:`fast_betweenness` may use a dense matrix.
DENSE_MAX_NODES = 3000
#: Cost of networkx's weighted (Dijkstra) search per arc, relative to one unit
#: of :data:`EXACT_WORK` (measured: ~4 µs per arc against ~0.25 µs).
NX_SLOWDOWN = 16
#: Fewest source nodes a sampled estimate uses.
MIN_SAMPLES = 32


@dataclass(frozen=True)
class Betweenness:
    """Betweenness values and how they were made."""

    values: dict = field(repr=False)
    method: str  # "exact" or "sampled"
    k: int | None
    seed: int | None
    weight: str | None
    nodes: int
    edges: int

    def top(self, n: int = 10, among=None) -> list[tuple]:
        """The ``n`` highest (node, value) pairs, ties broken by node; only
        nodes in ``among`` when given."""
        items = [(v, x) for v, x in self.values.items() if among is None or v in among]
        return sorted(items, key=lambda p: (-p[1], str(p[0])))[:n]

    def describe(self) -> str:
        how = (
            "exact"
            if self.method == "exact"
            else f"sampled from k={self.k} sources, seed={self.seed}"
        )
        return f"betweenness ({how}; weight={self.weight}; {self.nodes} nodes, {self.edges} edges)"


def _dense(n: int, m: int) -> bool:
    """Whether :func:`fast_betweenness` uses a dense adjacency matrix: a BLAS
    product over n² cells beats gathering 2m arcs when n² < 40 m."""
    return n <= DENSE_MAX_NODES and n * n < 40 * m


def source_cost(n: int, m: int) -> float:
    """Cost of one source's search, in units of :data:`EXACT_WORK`: ``n + m``
    on the sparse path, ``n² / 40`` on the dense one (measured: one dense
    cell costs about a fortieth of one gathered arc)."""
    return n * n / 40 if _dense(n, m) else n + m


def sample_size(
    G: nx.Graph,
    exact_work: int = EXACT_WORK,
    min_samples: int = MIN_SAMPLES,
    *,
    weighted: bool = False,
) -> int | None:
    """Number of source nodes to sample on ``G``; ``None`` means exact.

    >>> sample_size(nx.path_graph(100)) is None
    True
    >>> sample_size(nx.complete_graph(400), exact_work=1_000_000)  # dense: n²/40 per source
    250
    >>> sample_size(nx.cycle_graph(5000))
    400
    """
    return _sample_size(G.number_of_nodes(), G.number_of_edges(), exact_work, min_samples, weighted)


def _sample_size(
    n: int, m: int, exact_work: int, min_samples: int, weighted: bool = False
) -> int | None:
    # weighted betweenness runs networkx's Dijkstra: NX_SLOWDOWN times the
    # cost of a numpy breadth-first search per arc, measured
    per_source = (n + m) * NX_SLOWDOWN if weighted else source_cost(n, m)
    if n * per_source <= exact_work:
        return None
    k = max(min_samples, math.ceil(exact_work / per_source))
    return None if k >= n else k


def betweenness(
    G: nx.Graph,
    *,
    weight: str | None = "distance",
    normalized: bool = True,
    seed: int = 0,
    k: int | None = None,
    exact_work: int = EXACT_WORK,
) -> Betweenness:
    """Betweenness centrality of ``G``, exact when the graph is small enough
    (:func:`sample_size`), else estimated from ``k`` seeded source samples.

    ``weight`` names an edge *length* (the projections' ``distance`` is
    ``1 / shared meetings``: a strong tie is a short path); ``None`` counts
    hops. ``k`` forces a sample size.

    Examples
    --------
    >>> b = betweenness(nx.path_graph(3), weight=None, normalized=False)
    >>> b.values, b.method
    ({0: 0.0, 1: 1.0, 2: 0.0}, 'exact')
    """
    if (
        weight is not None
        and G.number_of_edges()
        and not all(weight in d for _, _, d in G.edges(data=True))
    ):
        weight = None
    if k is None:
        k = sample_size(G, exact_work, weighted=weight is not None)
    if k is not None and k >= G.number_of_nodes():
        k = None
    if weight is None and not G.is_directed() and not G.is_multigraph():
        values = fast_betweenness(G, normalized=normalized, k=k, seed=seed)
    else:
        values = nx.betweenness_centrality(
            G, k=k, normalized=normalized, weight=weight, seed=seed if k else None
        )
    return Betweenness(
        values,
        "exact" if k is None else "sampled",
        k,
        seed if k else None,
        weight,
        G.number_of_nodes(),
        G.number_of_edges(),
    )


def two_mode_betweenness(
    B: nx.Graph,
    *,
    normalized: bool = True,
    seed: int = 0,
    k: int | None = None,
    exact_work: int = EXACT_WORK,
) -> Betweenness:
    """Betweenness of the actors of the two-mode actor–meeting graph ``B``
    (:func:`~coopgraph.graph.projections.actor_meeting_graph`), counting hops:
    Everett & Borgatti's two-mode betweenness, which avoids the meeting
    cliques of the one-mode actor graph. Only ``bipartite == 0`` nodes are
    kept in ``values``.

    >>> B = nx.Graph([("x", "m1"), ("y", "m1"), ("y", "m2"), ("z", "m2")])
    >>> nx.set_node_attributes(B, {"x": 0, "y": 0, "z": 0, "m1": 1, "m2": 1}, "bipartite")
    >>> [(n, round(v, 3)) for n, v in two_mode_betweenness(B).top(1)]
    [('y', 0.667)]
    """
    b = betweenness(B, weight=None, normalized=normalized, seed=seed, k=k, exact_work=exact_work)
    actors = {n: v for n, v in b.values.items() if B.nodes[n].get("bipartite") == 0}
    return Betweenness(actors, b.method, b.k, b.seed, None, b.nodes, b.edges)


def two_mode_betweenness_of_pairs(
    actors: list,
    meetings: list,
    pairs: np.ndarray,
    *,
    normalized: bool = True,
    seed: int = 0,
    exact_work: int = EXACT_WORK,
) -> Betweenness:
    """:func:`two_mode_betweenness` of the two-mode graph given as arrays:
    nodes ``actors + meetings`` and the edges ``pairs`` (m × 2 node indices),
    in the order :func:`~coopgraph.graph.projections.actor_meeting_graph`
    iterates its nodes and edges, so the values are the same, sample for
    sample, without building the networkx graph (200,000 edges nationally).

    >>> import numpy as np
    >>> pairs = np.array([[0, 3], [1, 3], [1, 4], [2, 4]])
    >>> [(n, round(v, 3)) for n, v in two_mode_betweenness_of_pairs(["x", "y", "z"], ["m1", "m2"], pairs).top(1)]
    [('y', 0.667)]
    """
    nodes = [*actors, *meetings]
    n, m = len(nodes), len(pairs)
    k = _sample_size(n, m, exact_work, MIN_SAMPLES)
    if k is not None and k >= n:
        k = None
    loops = pairs[:, 0] != pairs[:, 1] if m else np.zeros(0, dtype=bool)
    values = _fast_betweenness(
        nodes,
        *_arcs(pairs[loops] if m else np.zeros((0, 2), dtype=np.int64)),
        normalized=normalized,
        k=k,
        seed=seed,
        sources=None,
        batch_elements=8_000_000,
    )
    kept = {a: values[a] for a in actors}
    return Betweenness(
        kept, "exact" if k is None else "sampled", k, seed if k else None, None, n, m
    )


def _edge_arrays(G: nx.Graph) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """Nodes, and the arcs of ``G`` (both directions) sorted by head: ``src``,
    the distinct heads ``heads`` and where each head's arcs start."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.fromiter(
        (i for u, v in G.edges() if u != v for i in (index[u], index[v])), dtype=np.int64
    ).reshape(-1, 2)
    return (nodes, *_arcs(pairs))


def _arcs(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arcs of the edges ``pairs`` (m × 2 node indices, both directions)
    sorted by head: ``src``, the distinct ``heads`` and where each starts."""
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.argsort(dst, kind="stable")
    src, dst = src[order], dst[order]
    heads, starts = np.unique(dst, return_index=True)
    return src, heads, starts


def _sum_in(
    values: np.ndarray, src: np.ndarray, heads: np.ndarray, starts: np.ndarray, n: int, dense=None
) -> np.ndarray:
    """For each node v, the sum of ``values[:, u]`` over its neighbours u
    (a matrix product when a dense adjacency matrix is given)."""
    if dense is not None:
        return values @ dense
    out = np.zeros((values.shape[0], n))
    if len(src):
        out[:, heads] = np.add.reduceat(values[:, src], starts, axis=1)
    return out


def _sparse_brandes(
    n: int, src: np.ndarray, heads: np.ndarray, starts: np.ndarray, chosen: list[int]
) -> np.ndarray:
    """Brandes from each source in ``chosen``, one source at a time, each BFS
    level touching only the arcs leaving its frontier (vectorised with numpy):
    the sparse counterpart of the batched dense loop."""
    # CSR by tail: the arcs are symmetric, so "arcs into v" are "arcs out of v"
    indptr = np.zeros(n + 1, dtype=np.int64)
    counts = np.diff(np.append(starts, len(src)))
    indptr[heads + 1] = counts
    indptr = np.cumsum(indptr)
    targets = src  # arcs sorted by head h: src[...] are h's neighbours
    result = np.zeros(n)
    for s in chosen:
        dist = np.full(n, -1, dtype=np.int64)
        sigma = np.zeros(n)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s], dtype=np.int64)
        dag: list[tuple[np.ndarray, np.ndarray]] = []
        d = 0
        while frontier.size:
            deg = indptr[frontier + 1] - indptr[frontier]
            total = int(deg.sum())
            if total == 0:
                break
            offsets = np.repeat(indptr[frontier] - np.cumsum(deg) + deg, deg) + np.arange(total)
            tails = np.repeat(frontier, deg)
            nbrs = targets[offsets]
            fresh = nbrs[dist[nbrs] < 0]
            dist[fresh] = d + 1
            keep = dist[nbrs] == d + 1
            tails, nbrs = tails[keep], nbrs[keep]
            sigma += np.bincount(nbrs, weights=sigma[tails], minlength=n)
            dag.append((tails, nbrs))
            seen = np.zeros(n, dtype=bool)
            seen[fresh] = True
            frontier = np.flatnonzero(seen)
            d += 1
        delta = np.zeros(n)
        for tails, nbrs in reversed(dag):
            delta += np.bincount(
                tails, weights=sigma[tails] / sigma[nbrs] * (1.0 + delta[nbrs]), minlength=n
            )
        delta[s] = 0.0
        result += delta
    return result


def fast_betweenness(
    G: nx.Graph,
    *,
    normalized: bool = True,
    k: int | None = None,
    seed: int | None = 0,
    sources: list | None = None,
    batch_elements: int = 8_000_000,
) -> dict:
    """Hop-count betweenness of an undirected graph: Brandes' algorithm run
    for a batch of sources at once with numpy (one gather and one segmented
    sum per BFS level), so the Python loop is over levels, not edges.

    Same values as ``networkx.betweenness_centrality(G, normalized=...)``
    (the tests check it, and against igraph); with ``k``, ``k`` sources are
    drawn with ``random.Random(seed)`` and the result scaled by ``n / k``.

    >>> b = fast_betweenness(nx.path_graph(4), normalized=False)
    >>> {n: round(v, 6) for n, v in b.items()}
    {0: 0.0, 1: 2.0, 2: 2.0, 3: 0.0}
    """
    if G.is_directed():
        raise ValueError("fast_betweenness needs an undirected graph")
    return _fast_betweenness(
        *_edge_arrays(G),
        normalized=normalized,
        k=k,
        seed=seed,
        sources=sources,
        batch_elements=batch_elements,
    )


def _fast_betweenness(
    nodes: list,
    src: np.ndarray,
    heads: np.ndarray,
    starts: np.ndarray,
    *,
    normalized: bool,
    k: int | None,
    seed: int | None,
    sources: list | None,
    batch_elements: int,
) -> dict:
    n = len(nodes)
    result = np.zeros(n)
    if sources is None:
        if k is not None and k < n:
            chosen = sorted(random.Random(seed).sample(range(n), k))
        else:
            chosen, k = list(range(n)), None
    else:
        index = {v: i for i, v in enumerate(nodes)}
        chosen = [index[v] for v in sources]
    dense = None
    if _dense(n, len(src) // 2):
        # dense enough that a BLAS product beats the gather + segmented sum
        dense = np.zeros((n, n))
        dense[src, np.repeat(heads, np.diff(np.append(starts, len(src))))] = 1.0
    if dense is None:
        result = _sparse_brandes(n, src, heads, starts, chosen)
        chosen = []
    batch = max(1, min(len(chosen) or 1, batch_elements // max(len(src), n, 1)))
    for lo in range(0, len(chosen), batch):
        ids = np.array(chosen[lo : lo + batch])
        b = len(ids)
        rows = np.arange(b)
        dist = np.full((b, n), -1, dtype=np.int64)
        sigma = np.zeros((b, n))
        dist[rows, ids] = 0
        sigma[rows, ids] = 1.0
        d = 0
        while True:
            reach = _sum_in(np.where(dist == d, sigma, 0.0), src, heads, starts, n, dense)
            new = (reach > 0) & (dist < 0)
            if not new.any():
                break
            dist[new] = d + 1
            sigma[new] = reach[new]
            d += 1
        delta = np.zeros((b, n))
        safe = np.where(sigma > 0, sigma, 1.0)
        for level in range(d, 0, -1):
            coef = np.where(dist == level, (1.0 + delta) / safe, 0.0)
            back = _sum_in(coef, src, heads, starts, n, dense)
            delta += np.where(dist == level - 1, sigma * back, 0.0)
        delta[rows, ids] = 0.0
        result += delta.sum(axis=0)
    if normalized:
        scale = 1 / ((n - 1) * (n - 2)) if n > 2 else None
    else:
        scale = 0.5
    if scale is not None:
        if k is not None and sources is None:
            scale *= n / k
        result *= scale
    return {v: float(result[i]) for i, v in enumerate(nodes)}
