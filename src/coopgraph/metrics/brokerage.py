"""Brokerage roles (Gould & Fernandez 1989) and the Krackhardt E–I index.

Definitions
-----------
Gould and Fernandez count, for each node *b*, the two-paths *a → b → c*
where *a* and *c* are distinct and *a* has no tie to *c*, and classify each
by the groups of *a*, *b* and *c* (here, régions):

============== ============================= ===============================
role            groups                        meaning
============== ============================= ===============================
coordinator     a = b = c                     broker inside its own région
itinerant       a = c ≠ b                     outsider linking two members
                                               of another région (consultant)
gatekeeper      a ≠ b = c                     lets an outsider into its région
representative  a = b ≠ c                     speaks for its région outside
liaison         a, b, c all different         links two other régions
============== ============================= ===============================

On a directed graph the paths follow the arcs. **coopgraph's graphs are
undirected**: a co-attendance tie has no direction. We read each undirected
tie as two arcs, so each unordered two-path *a – b – c* is counted twice,
once per direction. Consequences: coordinator, itinerant and liaison counts
are twice the number of unordered two-paths, and gatekeeper equals
representative (a mixed two-path is a gatekeeper path one way and a
representative path the other). Counts are raw (not normalised by their
expected values under random group assignment). Nodes without a group (and
paths through them) are not counted.

Computation
-----------
The counts are exact. Each node's neighbour pairs are counted by group from
the group sizes alone; only the pairs that are tied to each other (closed
two-paths, i.e. triangles) need the graph, and they are counted with matrix
products: dense up to :data:`DENSE_MAX_NODES` nodes, sparse above, in blocks
of rows (:func:`_tied_pairs_sparse`). The sparse work is the sum of the
squared degrees (:func:`brokerage_work`): the national actor graph with
``--max-attendance 254`` (20,000 actors, 3 million ties, 3.1 billion
multiply-adds) takes about 30 s and 300 MB on a 2-core machine, where
looping over the triangles in Python took hours. Tests check both paths
against the definition (every directed two-path enumerated).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
#: Above this many nodes, tied neighbour pairs are counted with sparse
#: matrix products instead of a dense adjacency matrix (n² floats).
DENSE_MAX_NODES = 3000
#: Multiply-adds per block of rows of the sparse count (bounds its transient
#: memory: ~20 million products take ~250 MB).
SPARSE_BLOCK_WORK = 20_000_000
#: Roles whose two-path crosses a région boundary.
INTERGROUP_ROLES = ("itinerant", "gatekeeper", "representative", "liaison")


def _role(ga: Hashable, gb: Hashable, gc: Hashable) -> str:
    if ga == gb == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if gb == gc:
        return "gatekeeper"
    if ga == gb:
        return "representative"
    return "liaison"


def _directed_roles(G: nx.DiGraph, group: str) -> dict[Hashable, dict[str, int]]:
    groups = dict(G.nodes(data=group))
    out = {}
    for b in G:
        counts = dict.fromkeys(ROLES, 0)
        gb = groups.get(b)
        if gb is not None:
            for a in G.predecessors(b):
                ga = groups.get(a)
                if a == b or ga is None:
                    continue
                for c in G.successors(b):
                    gc = groups.get(c)
                    if c in (a, b) or gc is None or G.has_edge(a, c):
                        continue
                    counts[_role(ga, gb, gc)] += 1
        out[b] = counts
    return out


def _undirected_roles(G: nx.Graph, group: str) -> dict[Hashable, dict[str, int]]:
    """Closed form: count each node's neighbour pairs by group from the group
    sizes, then subtract the pairs that are tied to each other. The tied
    pairs are counted for all nodes at once with matrix products (``X`` keeps
    the ties to a node's own group, ``Y`` the others): e.g. tied coordinator
    pairs of b = sum_a,c X[b,a] A[a,c] X[b,c] = rowsum((X @ A) * X)."""
    nodes = [n for n, g in G.nodes(data=group) if g is not None]
    index = {n: i for i, n in enumerate(nodes)}
    labels = sorted({G.nodes[n][group] for n in nodes}, key=str)
    gindex = {g: i for i, g in enumerate(labels)}
    gof = np.array([gindex[G.nodes[n][group]] for n in nodes], dtype=np.int64)
    neighbours = [
        np.array(sorted(index[v] for v in G[n] if v in index and v != n), dtype=np.int64)
        for n in nodes
    ]
    out: dict[Hashable, dict[str, int]] = {n: dict.fromkeys(ROLES, 0) for n in G}
    if not nodes:
        return out
    k = len(labels)
    n = len(nodes)
    tied = (
        _tied_pairs_dense(neighbours, gof)
        if n <= DENSE_MAX_NODES
        else _tied_pairs_sparse(neighbours, gof)
    )
    for i, node in enumerate(nodes):
        nb = neighbours[i]
        if len(nb) < 2:
            continue
        gb = gof[i]
        cnt = np.bincount(gof[nb], minlength=k).astype(np.int64)
        s = int(cnt[gb])
        other = int(cnt.sum()) - s
        q = int((cnt**2).sum() - cnt[gb] ** 2)
        coord, gate, rep, itin, total = (int(x) for x in tied[i])
        out[node] = {
            "coordinator": s * (s - 1) - coord,
            "itinerant": q - other - itin,
            "gatekeeper": other * s - gate,
            "representative": s * other - rep,
            "liaison": other * other - q - (total - coord - gate - rep - itin),
        }
    return out


def _tied_pairs_dense(neighbours: list[np.ndarray], gof: np.ndarray) -> np.ndarray:
    """Per node: tied ordered neighbour pairs (coordinator, gatekeeper,
    representative, itinerant-type, all), with dense matrix products."""
    n = len(neighbours)
    A = np.zeros((n, n))
    for i, nb in enumerate(neighbours):
        A[i, nb] = 1.0
    same = gof[:, None] == gof[None, :]
    X = A * same  # ties to a node of the same group
    Y = A - X
    XA, YA = X @ A, Y @ A
    coord = (XA * X).sum(axis=1)
    gate = (YA * X).sum(axis=1)  # a outside b's group, c inside
    rep = (XA * Y).sum(axis=1)
    both_same = ((A @ (A * same)) * A).sum(axis=1)  # g(a) == g(c)
    total = ((A @ A) * A).sum(axis=1)
    return np.rint(np.stack([coord, gate, rep, both_same - coord, total], axis=1)).astype(np.int64)


def _tied_pairs_sparse(
    neighbours: list[np.ndarray], gof: np.ndarray, block_work: int | None = None
) -> np.ndarray:
    """The same counts as :func:`_tied_pairs_dense` with sparse matrix
    products masked by the ties, for graphs too large for a dense matrix.

    With ``A`` the adjacency, ``X`` its ties inside a group and ``Y`` the
    others, ``Q = (X @ A) * A`` counts, on each tie b–c, the common
    neighbours of b and c in b's group and ``R = (Y @ A) * A`` the others.
    Then per node b: coordinator = sum of Q over b's same-group ties,
    gatekeeper = R over them, representative = Q over the other ties,
    total = Q + R over all ties, and the pairs with g(a) = g(c) are the
    column sums of Q (``X`` is symmetric). Rows go in blocks of about
    ``block_work`` multiply–adds (:data:`SPARSE_BLOCK_WORK`), so the
    products never hold more than a block: the work is the sum of the
    squared degrees (:func:`brokerage_work`), memory stays linear in the
    ties.
    """
    import scipy.sparse as sp

    n = len(neighbours)
    block = SPARSE_BLOCK_WORK if block_work is None else block_work
    lengths = np.fromiter((len(nb) for nb in neighbours), dtype=np.int64, count=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.concatenate(neighbours) if n else np.zeros(0, dtype=np.int64)
    rows = np.repeat(np.arange(n), lengths)
    same = gof[rows] == gof[indices]

    def matrix(mask: np.ndarray) -> sp.csr_matrix:
        M = sp.csr_matrix((mask.astype(np.int32), indices, indptr), shape=(n, n))
        M.eliminate_zeros()
        return M

    def row_sums(M: sp.spmatrix) -> np.ndarray:
        return np.asarray(M.sum(axis=1), dtype=np.int64).ravel()

    A, X, Y = matrix(np.ones(len(indices), dtype=bool)), matrix(same), matrix(~same)
    work = np.zeros(n, dtype=np.int64)  # multiply-adds of each row of X @ A + Y @ A
    np.add.at(work, rows, lengths[indices])
    out = np.zeros((n, 5), dtype=np.int64)
    same_ac = np.zeros(n, dtype=np.int64)
    s = 0
    while s < n:
        e = s + max(1, int(np.searchsorted(np.cumsum(work[s:]), block, side="right")))
        Ab, Xb, Yb = A[s:e], X[s:e], Y[s:e]
        Q = (Xb @ A).multiply(Ab).tocsr()
        R = (Yb @ A).multiply(Ab).tocsr()
        coord, q = row_sums(Q.multiply(Xb)), row_sums(Q)
        out[s:e, 0] = coord
        out[s:e, 1] = row_sums(R.multiply(Xb))
        out[s:e, 2] = q - coord
        out[s:e, 4] = q + row_sums(R)
        same_ac += np.asarray(Q.sum(axis=0), dtype=np.int64).ravel()
        s = e
    out[:, 3] = same_ac - out[:, 0]
    return out


def brokerage_work(G: nx.Graph) -> int:
    """Multiply–adds of the sparse brokerage count (graphs over
    :data:`DENSE_MAX_NODES` nodes): the sum of the squared degrees.

    >>> brokerage_work(nx.star_graph(3))  # centre 3², leaves 1² each
    12
    """
    return sum(d * d for _, d in G.degree())


def brokerage_roles(G: nx.Graph, group: str = "region") -> dict[Hashable, dict[str, int]]:
    """Gould–Fernandez brokerage counts of every node of ``G``, by role
    (see the module docstring for the definitions and the undirected reading).

    Examples
    --------
    A path a – b – c with a, b in région R and c in S: b is a representative
    (a → b → c) and a gatekeeper (c → b → a).

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "R", "b": "R", "c": "S"}, "region")
    >>> brokerage_roles(G)["b"]
    {'coordinator': 0, 'itinerant': 0, 'gatekeeper': 1, 'representative': 1, 'liaison': 0}
    >>> D = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(D, {"a": "R", "b": "S", "c": "T"}, "region")
    >>> brokerage_roles(D)["b"]["liaison"]
    1
    """
    if G.is_directed():
        return _directed_roles(G, group)
    return _undirected_roles(G, group)


@dataclass(frozen=True)
class Broker:
    node: Hashable
    name: str
    group: str | None
    coordinator: int
    itinerant: int
    gatekeeper: int
    representative: int
    liaison: int

    @property
    def intergroup(self) -> int:
        """Two-paths crossing a group boundary (every role but coordinator)."""
        return self.itinerant + self.gatekeeper + self.representative + self.liaison

    @property
    def total(self) -> int:
        return self.coordinator + self.intergroup


def brokers(G: nx.Graph, group: str = "region", top: int | None = None) -> list[Broker]:
    """Nodes ranked by interregional brokerage (two-paths crossing a group
    boundary), then by total brokerage; nodes with no brokerage are left out.

    >>> G = nx.star_graph(3); nx.set_node_attributes(G, {0: "R", 1: "R", 2: "S", 3: "T"}, "region")
    >>> [(b.node, b.liaison, b.intergroup) for b in brokers(G)]
    [(0, 2, 6)]
    """
    roles = brokerage_roles(G, group)
    out = [
        Broker(n, G.nodes[n].get("name", n), G.nodes[n].get(group), **r)
        for n, r in roles.items()
        if any(r.values())
    ]
    out.sort(key=lambda b: (-b.intergroup, -b.total, str(b.node)))
    return out[:top] if top is not None else out


def role_totals_by_group(G: nx.Graph, group: str = "region") -> dict[str, dict[str, int]]:
    """Brokerage counts summed over the nodes of each group (by the broker's
    group).

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "R", "b": "R", "c": "S"}, "region")
    >>> role_totals_by_group(G)["R"]["gatekeeper"]
    1
    """
    totals: dict[str, Counter] = defaultdict(Counter)
    for n, r in brokerage_roles(G, group).items():
        g = G.nodes[n].get(group)
        if g is not None:
            totals[g].update(r)
    return {
        g: {role: c.get(role, 0) for role in ROLES}
        for g, c in sorted(totals.items(), key=lambda x: str(x[0]))
    }


@dataclass(frozen=True)
class EIIndex:
    """Krackhardt–Stern E–I index of one group: ``(E - I) / (E + I)`` where
    E counts ties leaving the group and I ties inside it; +1 all external, -1
    all internal, ``None`` without ties."""

    group: str
    external: float
    internal: float
    ei: float | None


def ei_index(G: nx.Graph, group: str = "region", weight: str | None = None) -> list[EIIndex]:
    """E–I index of every group of ``G``; with ``weight``, ties count by
    weight.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "R", "b": "R", "c": "S", "d": "S"}, "region")
    >>> [(e.group, e.external, e.internal, e.ei) for e in ei_index(G)]
    [('R', 1, 1, 0.0), ('S', 1, 1, 0.0)]
    """
    E: Counter = Counter()
    I: Counter = Counter()  # noqa: E741
    group_of = dict(G.nodes(data=group))  # one lookup per node, not two per edge
    groups = {g for g in group_of.values() if g is not None}
    for u, v, w in G.edges(data=weight, default=1):
        gu, gv = group_of[u], group_of[v]
        if gu is None or gv is None:
            continue
        w = 1 if weight is None else w
        if gu == gv:
            I[gu] += w
        else:
            E[gu] += w
            E[gv] += w
    out = []
    for g in sorted(groups, key=str):
        e, i = E[g], I[g]
        out.append(EIIndex(g, e, i, round((e - i) / (e + i), 4) if e + i else None))
    return out


def network_ei_index(G: nx.Graph, group: str = "region") -> float | None:
    """E–I index of the whole network: external minus internal ties over all
    ties (each tie counted once).

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "R", "b": "R", "c": "S"}, "region")
    >>> network_ei_index(G)
    0.0
    """
    e = i = 0
    group_of = dict(G.nodes(data=group))
    for u, v in G.edges():
        gu, gv = group_of[u], group_of[v]
        if gu is None or gv is None:
            continue
        if gu == gv:
            i += 1
        else:
            e += 1
    return round((e - i) / (e + i), 4) if e + i else None
