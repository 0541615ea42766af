"""Communities (Louvain, seeded) and how they align with régions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx


@dataclass(frozen=True)
class Communities:
    """A partition and how it was made (cdlib's NodeClustering habit)."""

    communities: tuple[frozenset, ...] = field(repr=False)
    method: str
    seed: int
    resolution: float
    weight: str | None
    modularity: float

    def membership(self) -> dict:
        return {n: i for i, c in enumerate(self.communities) for n in c}

    def describe(self) -> str:
        return (
            f"{self.method} (seed={self.seed}, resolution={self.resolution}, weight={self.weight}): "
            f"{len(self.communities)} communities, modularity {self.modularity:.3f}"
        )


def louvain_communities(
    G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight"
) -> Communities:
    """Louvain communities of ``G`` (networkx), reproducible with ``seed``;
    isolated nodes form their own singleton communities. Communities are
    ordered by size, then smallest member.

    >>> c = louvain_communities(nx.barbell_graph(4, 0), weight=None)
    >>> [sorted(x) for x in c.communities], round(c.modularity, 3)
    ([[0, 1, 2, 3], [4, 5, 6, 7]], 0.423)
    """
    if weight is not None and not all(weight in d for _, _, d in G.edges(data=True)):
        weight = None
    parts = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    ordered = tuple(
        sorted((frozenset(p) for p in parts), key=lambda p: (-len(p), min(map(str, p))))
    )
    q = modularity(G, ordered, weight=weight, resolution=resolution) if G.number_of_edges() else 0.0
    return Communities(ordered, "louvain", seed, resolution, weight, q)


def modularity(
    G: nx.Graph, communities: tuple[frozenset, ...], *, weight: str | None, resolution: float
) -> float:
    """``networkx.community.modularity`` of a partition of the undirected
    ``G``, in one pass over its ties instead of one per community: with
    integer weights (the projections' counts of meetings) every sum is exact,
    and the float operations are networkx's in networkx's order, so the value
    is the same to the last bit (the tests compare them); other weights, or
    communities that are not a partition, go to networkx.

    >>> G = nx.barbell_graph(4, 0)
    >>> parts = (frozenset(range(4)), frozenset(range(4, 8)))
    >>> modularity(G, parts, weight=None, resolution=1) == nx.community.modularity(G, parts, weight=None)
    True
    """
    member = {n: i for i, c in enumerate(communities) for n in c}
    if G.is_directed() or len(member) != len(G) or sum(map(len, communities)) != len(G):
        return nx.community.modularity(G, communities, weight=weight, resolution=resolution)
    inside = [0] * len(communities)
    degree = [0] * len(communities)
    for u, v, w in G.edges(data=weight, default=1):
        if type(w) is not int or u not in member or v not in member:
            return nx.community.modularity(G, communities, weight=weight, resolution=resolution)
        cu, cv = member[u], member[v]
        degree[cu] += w
        degree[cv] += w
        if cu == cv:
            inside[cu] += w
    deg_sum = sum(degree)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    return sum(
        inside[c] / m - resolution * degree[c] * degree[c] * norm for c in range(len(communities))
    )


@dataclass(frozen=True)
class CommunityRegions:
    """One community and its régions: ``regions`` maps région code to the
    number of members there; ``main_region`` holds the most, with ``share``
    of the members (the smallest code among equal counts); ``spans`` is the
    number of régions."""

    community: int
    size: int
    regions: dict = field(repr=False)
    main_region: str | None
    share: float
    spans: int
    members: tuple = field(repr=False, default=())


def community_regions(
    G: nx.Graph, communities: Communities, group: str = "region"
) -> list[CommunityRegions]:
    """How each community lines up with régions (node attribute ``group``).

    >>> G = nx.barbell_graph(3, 0); nx.set_node_attributes(G, {n: "R" if n < 4 else "S" for n in G}, "region")
    >>> [(c.community, c.size, c.main_region, c.spans) for c in community_regions(G, louvain_communities(G))]
    [(0, 3, 'R', 1), (1, 3, 'S', 2)]
    """
    out = []
    for i, members in enumerate(communities.communities):
        regions = Counter(G.nodes[n].get(group) for n in members if G.nodes[n].get(group))
        # a tie between régions goes to the smallest code: most_common would
        # follow the iteration order of the member set, which changes per run
        main = min(regions, key=lambda r: (-regions[r], r)) if regions else None
        count = regions[main] if main is not None else 0
        out.append(
            CommunityRegions(
                i,
                len(members),
                dict(sorted(regions.items())),
                main,
                round(count / len(members), 4),
                len(regions),
                tuple(sorted(members, key=str)),
            )
        )
    return out


def region_alignment(G: nx.Graph, communities: Communities, group: str = "region") -> float:
    """Normalised mutual information between communities and régions
    (1: communities are the régions; 0: unrelated), over nodes with a région.

    >>> G = nx.barbell_graph(3, 0); nx.set_node_attributes(G, {n: "R" if n < 3 else "S" for n in G}, "region")
    >>> region_alignment(G, louvain_communities(G))
    1.0
    """
    import math

    member = communities.membership()
    pairs = [(member[n], g) for n, g in G.nodes(data=group) if g is not None and n in member]
    n = len(pairs)
    if n == 0:
        return 0.0
    pc, pg, joint = Counter(c for c, _ in pairs), Counter(g for _, g in pairs), Counter(pairs)
    mi = sum(v / n * math.log((v / n) / (pc[c] / n * pg[g] / n)) for (c, g), v in joint.items())
    hc = -sum(v / n * math.log(v / n) for v in pc.values())
    hg = -sum(v / n * math.log(v / n) for v in pg.values())
    if hc == 0 or hg == 0:
        return 1.0 if hc == hg else 0.0
    return round(2 * mi / (hc + hg), 4)
