"""Interregional bridges: ties across régions, how régions connect, and the
ties and nodes whose loss would split the network."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx


@dataclass(frozen=True)
class Bridge:
    """A tie between cités of two different régions, with its meetings."""

    source: str
    target: str
    source_name: str
    target_name: str
    source_region: str
    target_region: str
    weight: int
    meetings: tuple[str, ...]
    first: date | None
    last: date | None


def interregional(region_a: str | None, region_b: str | None) -> bool:
    """Whether a tie between something in ``region_a`` and something in
    ``region_b`` is *interregional*: both régions are known (a code, not
    ``None`` nor empty) and they differ. The one definition used by the
    report, the maps, the exports, planning, simulation and comparison; a
    tie with an end of unknown région is never counted as interregional.

    >>> interregional("28", "53"), interregional("28", "28"), interregional("28", None), interregional("", "53")
    (True, False, False, False)
    """
    return bool(region_a) and bool(region_b) and region_a != region_b


def interregional_tie(G: nx.Graph, u: Hashable, v: Hashable) -> bool:
    """Whether the tie ``u``–``v`` of ``G`` joins nodes of different régions
    (node attribute ``region``, see :func:`interregional`).

    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, {"a": "28", "b": "53"}, "region")
    >>> interregional_tie(G, "a", "b")
    True
    """
    return interregional(G.nodes[u].get("region"), G.nodes[v].get("region"))


def interregional_bridges(G: nx.Graph, region: str | None = None) -> list[Bridge]:
    """Ties of ``G`` between nodes of different régions (node attribute
    ``region``), heaviest first; with ``region``, only those touching it.
    ``source`` is the end whose région code sorts first.

    >>> G = nx.Graph()
    >>> G.add_node("a", region="53"); G.add_node("b", region="28"); G.add_node("c", region="28")
    >>> G.add_edge("a", "b", weight=2, meetings=["m1", "m2"]); G.add_edge("b", "c", weight=1)
    >>> [(b.source, b.target, b.weight, b.meetings) for b in interregional_bridges(G)]
    [('b', 'a', 2, ('m1', 'm2'))]
    """
    out = []
    node = dict(G.nodes(data=True))  # one lookup per end (a national graph has 27,000 ties)
    for u, v, data in G.edges(data=True):
        ru, rv = node[u].get("region"), node[v].get("region")
        if not interregional(ru, rv):
            continue
        if region is not None and region not in (ru, rv):
            continue
        if (ru, u) > (rv, v):
            u, v, ru, rv = v, u, rv, ru
        out.append(
            Bridge(
                u,
                v,
                node[u].get("name", u),
                node[v].get("name", v),
                ru,
                rv,
                data.get("weight", 1),
                tuple(data.get("meetings", ())),
                data.get("first"),
                data.get("last"),
            )
        )
    return sorted(
        out, key=lambda b: (-b.weight, b.source_region, b.target_region, b.source, b.target)
    )


@dataclass(frozen=True)
class RegionLink:
    """How strongly two régions are connected: ``ties`` between their cités,
    ``weight`` (sum of tie weights), distinct ``meetings``, and the number of
    cités of each side involved."""

    region_a: str
    region_b: str
    ties: int
    weight: int
    meetings: int
    cites_a: int
    cites_b: int
    meeting_ids: tuple[str, ...] = field(default=(), repr=False)


def region_connections(G: nx.Graph, found: Iterable[Bridge] | None = None) -> list[RegionLink]:
    """Région-to-région connections aggregated from the interregional ties of
    ``G`` (or from ``found``, :func:`interregional_bridges` of ``G`` already
    computed), strongest first.

    >>> G = nx.Graph()
    >>> G.add_nodes_from(["a", "b"], region="28"); G.add_node("c", region="53")
    >>> G.add_edge("a", "c", weight=2, meetings=["m1", "m2"]); G.add_edge("b", "c", weight=1, meetings=["m1"])
    >>> region_connections(G)
    [RegionLink(region_a='28', region_b='53', ties=2, weight=3, meetings=2, cites_a=2, cites_b=1)]
    """
    acc: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"ties": 0, "weight": 0, "meetings": set(), "a": set(), "b": set()}
    )
    for b in interregional_bridges(G) if found is None else found:
        item = acc[(b.source_region, b.target_region)]
        item["ties"] += 1
        item["weight"] += b.weight
        item["meetings"].update(b.meetings)
        item["a"].add(b.source)
        item["b"].add(b.target)
    out = [
        RegionLink(
            ra,
            rb,
            d["ties"],
            d["weight"],
            len(d["meetings"]),
            len(d["a"]),
            len(d["b"]),
            tuple(sorted(d["meetings"])),
        )
        for (ra, rb), d in acc.items()
    ]
    return sorted(out, key=lambda r: (-r.weight, r.region_a, r.region_b))


def region_graph(G: nx.Graph) -> nx.Graph:
    """The région graph: one node per région of ``G``, one edge per connected
    pair with ``ties``, ``weight`` and ``meetings`` (count).

    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, {"a": "28", "b": "53"}, "region")
    >>> list(region_graph(G).edges("28", data="ties"))
    [('28', '53', 1)]
    """
    R = nx.Graph()
    R.add_nodes_from({r for _, r in G.nodes(data="region") if r})
    for link in region_connections(G):
        R.add_edge(
            link.region_a, link.region_b, ties=link.ties, weight=link.weight, meetings=link.meetings
        )
    return R


@dataclass(frozen=True)
class CutPoints:
    """Graph bridges (ties whose removal disconnects the graph) and
    articulation points (nodes whose removal does)."""

    bridges: tuple[tuple[str, str], ...]
    articulation_points: tuple[str, ...]


def cut_points(G: nx.Graph) -> CutPoints:
    """Bridges and articulation points of ``G``, sorted.

    >>> cut_points(nx.barbell_graph(3, 0))
    CutPoints(bridges=((2, 3),), articulation_points=(2, 3))
    """
    if G.is_directed() or G.is_multigraph() or nx.number_of_selfloops(G):
        bridges = tuple(sorted(tuple(sorted(e)) for e in nx.bridges(G)))
        return CutPoints(bridges, tuple(sorted(nx.articulation_points(G))))
    # One depth-first search for both (networkx's bridges run a chain
    # decomposition, then articulation points a search of their own): in a
    # simple graph a bridge is a block of one tie, and an articulation point
    # a node in two blocks or more. The tests compare with networkx.
    blocks = list(nx.biconnected_component_edges(G))
    bridges = tuple(sorted(tuple(sorted(block[0])) for block in blocks if len(block) == 1))
    seen = Counter(n for block in blocks for n in {x for edge in block for x in edge})
    return CutPoints(bridges, tuple(sorted(n for n, k in seen.items() if k > 1)))
