"""What-if: the cooperation graph as it would be if some clubs met once.

A club is modelled as one synthetic meeting of all its cités: it adds a tie
between every pair of its cités (when the pair was not tied already). The
summary before and after tells what the clubs would change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx

from coopgraph.metrics.bridges import interregional_tie

if TYPE_CHECKING:
    from coopgraph.planning.model import Club

#: Clubs as the functions below accept them: ``{club_id: cités}``, or
#: :class:`~coopgraph.planning.model.Club` records, or mappings with
#: ``club_id`` and ``cites`` keys (a plan read back from JSON).
ClubsLike = Mapping[str, Iterable[str]] | Iterable["Club | Mapping[str, Any]"]

__all__ = [
    "NetworkSummary",
    "Simulation",
    "add_club_ties",
    "club_membership",
    "simulate_clubs",
    "summarise_network",
]


@dataclass(frozen=True)
class NetworkSummary:
    """Headline numbers of a cité cooperation graph.

    ``components`` counts connected groups of at least two cités (isolated
    cités are counted apart, in ``isolated``). ``mean_distance`` is the mean
    shortest-path length, in ties, between cités of the *largest* component
    (``None`` when it has fewer than two cités); ``efficiency`` is networkx's
    global efficiency of the whole graph (mean of 1/distance over all pairs,
    0 for unreachable pairs), which stays meaningful when the graph is split.
    ``without_data`` counts the cités with nothing recorded over the period:
    they are not counted in ``isolated`` (no data is not isolation).
    """

    cites: int
    ties: int
    isolated: int
    components: int
    largest_component: int
    interregional_ties: int
    mean_distance: float | None
    efficiency: float
    without_data: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Simulation:
    """Before/after summaries of adding ``clubs`` to a graph."""

    before: NetworkSummary
    after: NetworkSummary
    clubs: dict[str, tuple[str, ...]]
    added_ties: int
    added_interregional_ties: int
    no_longer_isolated: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "clubs": {k: list(v) for k, v in self.clubs.items()},
            "added_ties": self.added_ties,
            "added_interregional_ties": self.added_interregional_ties,
            "no_longer_isolated": list(self.no_longer_isolated),
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
        }


def summarise_network(
    G: nx.Graph, within: Collection[str] | None = None, no_data: Collection[str] = ()
) -> NetworkSummary:
    """Isolated cités, components, interregional ties and distances of ``G``.

    Parameters
    ----------
    G : networkx.Graph
        A cité cooperation graph whose nodes carry a ``region`` attribute.
    within : collection of str, optional
        The cités of a territory (``--region``, ``--departement``,
        ``--crpv``): the figures count these cités, the ties touching them
        and the connected groups they belong to, on the whole network (a
        cité tied only outside its territory is not isolated).
    no_data : collection of str, optional
        The cités with no data over the period (data status ``no_data``):
        counted in ``without_data``, never in ``isolated``.

    Returns
    -------
    NetworkSummary

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"region": "28"}), ("b", {"region": "53"}),
    ...                   ("c", {"region": "53"}), ("d", {"region": "24"})])
    >>> G.add_edges_from([("a", "b"), ("b", "c")])
    >>> s = summarise_network(G)
    >>> s.isolated, s.components, s.largest_component, s.interregional_ties
    (1, 1, 3, 1)
    >>> round(s.mean_distance, 3), round(s.efficiency, 3)
    (1.333, 0.417)
    >>> t = summarise_network(G, within={"c", "d"})
    >>> t.cites, t.ties, t.isolated, t.components, t.interregional_ties
    (2, 1, 1, 1, 0)
    >>> u = summarise_network(G, no_data={"d"})
    >>> u.isolated, u.without_data
    (0, 1)
    """
    scope = set(G) if within is None else set(within) & set(G)
    parts = [p for p in nx.connected_components(G) if len(p) > 1 and p & scope]
    largest: set[str] = max(parts, key=len, default=set())
    mean = nx.average_shortest_path_length(G.subgraph(largest)) if len(largest) > 1 else None
    # cités not labelled yet at the period's end are not counted
    # (coopgraph.labelling; node attribute ``labelled``)
    labelled = {n for n, ok in G.nodes(data="labelled") if ok is not False and n in scope}
    ties = [(u, v) for u, v in G.edges if u in scope or v in scope]
    # the territory's part of the network: its cités and the groups they are in
    part = G if within is None else G.subgraph(scope.union(*parts))
    return NetworkSummary(
        cites=len(labelled),
        ties=len(ties),
        isolated=sum(1 for n in nx.isolates(G) if n in labelled and n not in no_data),
        components=len(parts),
        largest_component=len(largest),
        interregional_ties=sum(1 for u, v in ties if interregional_tie(G, u, v)),
        mean_distance=mean,
        efficiency=nx.global_efficiency(part) if part.number_of_nodes() > 1 else 0.0,
        without_data=len(labelled.intersection(no_data)),
    )


def _normalise_clubs(clubs: ClubsLike) -> dict[str, tuple[str, ...]]:
    if isinstance(clubs, Mapping):
        return {str(k): tuple(v) for k, v in clubs.items()}
    out: dict[str, tuple[str, ...]] = {}
    for club in clubs:
        if isinstance(club, Mapping):
            out[str(club["club_id"])] = tuple(club["cites"])
        else:
            out[str(club.club_id)] = tuple(club.cites)
    return out


def club_membership(clubs: ClubsLike) -> dict[str, str]:
    """``{cite_id: club_id}`` for clubs given as a mapping, ``Club`` records or
    JSON dicts with ``club_id`` and ``cites`` (the form maps colour by).

    >>> club_membership({"ouest-1": ["a", "b"], "est-1": ["c"]})
    {'a': 'ouest-1', 'b': 'ouest-1', 'c': 'est-1'}
    """
    return {c: k for k, members in _normalise_clubs(clubs).items() for c in members}


def add_club_ties(G: nx.Graph, clubs: ClubsLike) -> nx.Graph:
    """A copy of ``G`` where each club met once: every pair of its cités tied.

    Existing ties gain one to their ``weight`` and the club id in ``clubs``;
    new ties have ``weight`` 1 and ``synthetic=True``. Every member gets a
    ``club`` node attribute (for maps coloured by club).

    Raises
    ------
    coopgraph.errors.PlanningError
        If a club names a cité absent from ``G``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_nodes_from("abc"); G.add_edge("a", "b", weight=2)
    >>> H = add_club_ties(G, {"k1": ["a", "b", "c"]})
    >>> sorted(H.edges(data="weight")), H.nodes["c"]["club"], G.number_of_edges()
    ([('a', 'b', 3), ('a', 'c', 1), ('b', 'c', 1)], 'k1', 1)
    """
    from coopgraph.errors import PlanningError

    H = G.copy()
    for club_id, members in _normalise_clubs(clubs).items():
        missing = [c for c in members if c not in H]
        if missing:
            raise PlanningError.of(
                "sim.err.unknown_cites", club_id=club_id, cites=", ".join(missing)
            )
        for c in members:
            H.nodes[c]["club"] = club_id
        for u, v in combinations(sorted(set(members)), 2):
            if H.has_edge(u, v):
                data = H[u][v]
                data["weight"] = data.get("weight", 1) + 1
                data.setdefault("clubs", []).append(club_id)
            else:
                H.add_edge(u, v, weight=1, synthetic=True, clubs=[club_id], meetings=[])
    H.graph["simulated_clubs"] = tuple(_normalise_clubs(clubs))
    return H


def simulate_clubs(
    G: nx.Graph,
    clubs: Mapping[str, Sequence[str]] | Iterable,
    within: Collection[str] | None = None,
    no_data: Collection[str] = (),
) -> Simulation:
    """Before/after summary of adding ``clubs`` (see :func:`add_club_ties`),
    for the cités ``within`` a territory when given, the cités of
    ``no_data`` counted apart, never isolated (see :func:`summarise_network`).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"region": "28"}), ("b", {"region": "53"}),
    ...                   ("c", {"region": "52"})])
    >>> sim = simulate_clubs(G, {"ouest": ["a", "b", "c"]})
    >>> (sim.before.isolated, sim.after.isolated, sim.added_ties,
    ...  sim.after.interregional_ties, sim.after.mean_distance)
    (3, 0, 3, 3, 1.0)
    """
    clubs = _normalise_clubs(clubs)
    H = add_club_ties(G, clubs)
    scope = set(G) if within is None else set(within)
    added = [(u, v) for u, v, s in H.edges(data="synthetic") if s and (u in scope or v in scope)]
    no_data = set(no_data)
    isolated_before = {
        n
        for n in nx.isolates(G)
        if G.nodes[n].get("labelled") is not False and n in scope and n not in no_data
    }
    return Simulation(
        before=summarise_network(G, within, no_data),
        after=summarise_network(H, within, no_data),
        clubs=clubs,
        added_ties=len(added),
        added_interregional_ties=sum(1 for u, v in added if interregional_tie(H, u, v)),
        no_longer_isolated=tuple(sorted(isolated_before - set(nx.isolates(H)))),
    )
