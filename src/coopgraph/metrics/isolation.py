"""Isolated cités: who is cut off from the network, and why."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import networkx as nx

#: Isolation types, most severe first (the ranking follows this order).
ISOLATION_TYPES = ("isolated", "national_only", "regional_only", "one_link", "one_person")


@dataclass(frozen=True)
class IsolatedCite:
    """An isolated (or fragile) cité, with the reason.

    ``type`` is one of :data:`ISOLATION_TYPES`; ``via`` names the cut point
    (a cité id for ``one_link``, an actor id for ``one_person``);
    ``last_contact`` is the date of its last meeting shared with another cité
    (in ``history``), ``None`` when never. The reason's parameters:
    ``same_region`` (the number of neighbours, all of its own région, for
    ``regional_only``) and ``via_name`` (the cut-point cité's name for
    ``one_link``); :func:`coopgraph.labels.isolation_explanation` phrases
    them for people.
    """

    cite_id: str
    name: str
    region: str
    last_contact: date | None
    type: str = "isolated"
    via: str | None = None
    degree: int = 0
    same_region: int = 0
    via_name: str | None = None


def last_contacts(G: nx.Graph) -> dict[str, date | None]:
    """Date of each cité's latest meeting shared with another cité in ``G``.

    >>> G = nx.Graph()
    >>> from datetime import date
    >>> G.add_edge("a", "b", last=date(2020, 5, 14)); G.add_node("c")
    >>> last_contacts(G)
    {'a': datetime.date(2020, 5, 14), 'b': datetime.date(2020, 5, 14), 'c': None}
    """
    return {
        n: max((d for _, _, d in G.edges(n, data="last") if d is not None), default=None) for n in G
    }


def _rank_key(c: IsolatedCite) -> tuple:
    return (
        ISOLATION_TYPES.index(c.type),
        c.last_contact is not None,
        c.last_contact or date.min,
        c.cite_id,
    )


def fully_isolated_cites(G: nx.Graph, history: nx.Graph | None = None) -> list[IsolatedCite]:
    """Cités of the cooperation graph ``G`` with no tie to another cité.

    ``history`` (the same projection over a longer period, typically all time
    up to the end of ``G``'s period) gives the date of the last contact; it
    defaults to ``G`` itself. Sorted by last contact (never first), then id.

    >>> G = nx.Graph(); G.add_node("a", name="A", region="28"); G.add_node("b", name="B", region="53")
    >>> [c.cite_id for c in fully_isolated_cites(G)]
    ['a', 'b']
    """
    return [c for c in isolated_cites(G, history, types=("isolated",))]


def hanging_points(G: nx.Graph) -> dict[str, str]:
    """Nodes that hang on one articulation point: for each node ``n`` cut off
    from the largest part of its component by removing a single other node
    ``v``, ``{n: v}`` (the cut point nearest to ``n``).

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")])
    >>> hanging_points(G)
    {'d': 'c', 'e': 'd'}
    """
    found: dict[str, tuple[int, str]] = {}
    for component in nx.connected_components(G):
        if len(component) < 3:
            continue
        H = G.subgraph(component)
        for v in nx.articulation_points(H):
            parts = sorted(
                nx.connected_components(H.subgraph(component - {v})),
                key=lambda p: (-len(p), min(p)),
            )
            for part in parts[1:]:
                for n in part:
                    # the nearest cut point wins (smaller cut-off part)
                    if n not in found or len(part) < found[n][0]:
                        found[n] = (len(part), v)
    return {n: v for n, (_, v) in sorted(found.items())}


def isolated_cites(
    G: nx.Graph,
    history: nx.Graph | None = None,
    *,
    types: tuple[str, ...] = ISOLATION_TYPES,
    include_unlabelled: bool = False,
    national: Collection[str] = (),
    lang: str | None = None,
) -> list[IsolatedCite]:
    """Isolated and fragile cités of the cooperation graph ``G``, ranked.

    Each cité gets the most severe type that applies:

    * ``isolated``: no tie to another cité;
    * ``national_only``: it met other cités only at national events (every
      meeting of its ties, edge attribute ``meetings``, is in ``national``,
      the ids of the national meetings; never when ``national`` is empty);
    * ``regional_only``: ties only to cités of its own région;
    * ``one_link``: all its ties go through one cité — its only neighbour, or
      an articulation point whose removal cuts it off from the largest part of
      its component (:func:`hanging_points`);
    * ``one_person``: all its ties were made by a single one of its actors
      (edge attribute ``people`` of :func:`~coopgraph.graph.projections.cite_graph`).

    Ranked by type (most severe first), then last contact (never first,
    then oldest), then id. ``history`` gives the last contact (see
    :func:`fully_isolated_cites`). ``lang`` is ignored: it is accepted for
    older callers only, the explanation of a type being a label
    (:func:`coopgraph.labels.isolation_explanation`).
    Cités not labelled yet at the end of the period (node attribute
    ``labelled`` false, see :func:`~coopgraph.graph.projections.cite_graph`)
    are left out unless ``include_unlabelled``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["a", "b", "c"], region="28"); G.add_nodes_from(["d", "e"], region="53")
    >>> G.add_edge("a", "b", people={"a": ("x",), "b": ("y", "z")})
    >>> G.add_edge("b", "d", people={"b": ("y",), "d": ("w", "v")})
    >>> [(c.cite_id, c.type) for c in isolated_cites(G)]
    [('c', 'isolated'), ('e', 'isolated'), ('a', 'regional_only'), ('d', 'one_link')]
    >>> isolated_cites(G)[3].via_name
    'b'

    A cité whose ties were all made at national meetings:

    >>> H = nx.Graph(); H.add_node("a", region="28"); H.add_node("b", region="53")
    >>> H.add_edge("a", "b", meetings=["n1"])
    >>> [(c.cite_id, c.type) for c in isolated_cites(H, national={"n1"})]
    [('a', 'national_only'), ('b', 'national_only')]
    """
    national = frozenset(national)
    contacts = last_contacts(history if history is not None else G)
    hanging = hanging_points(G) if "one_link" in types else {}
    found = []
    for n, data in G.nodes(data=True):
        if not (include_unlabelled or data.get("labelled", True)):
            continue
        region = data.get("region", "")
        neighbours = list(G[n])
        via: str | None = None
        kind: str | None = None
        n_same = 0
        if not neighbours:
            kind = "isolated"
        elif national and all(
            set(m) <= national for _, _, m in G.edges(n, data="meetings", default=("?",))
        ):
            kind = "national_only"
        elif all(G.nodes[v].get("region") == region for v in neighbours):
            kind, n_same = "regional_only", len(neighbours)
        elif len(neighbours) == 1:
            kind, via = "one_link", neighbours[0]
        elif n in hanging:
            kind, via = "one_link", hanging[n]
        else:
            people = {
                p for _, _, d in G.edges(n, data=True) for p in (d.get("people") or {}).get(n, ())
            }
            if len(people) == 1:
                kind, via = "one_person", next(iter(people))
        if kind is None or kind not in types:
            continue
        via_label = G.nodes[via].get("name", via) if kind == "one_link" and via in G else via
        found.append(
            IsolatedCite(
                n,
                data.get("name", n),
                region,
                contacts.get(n),
                kind,
                via,
                len(neighbours),
                n_same,
                via_label if kind == "one_link" else None,
            )
        )
    return sorted(found, key=_rank_key)
