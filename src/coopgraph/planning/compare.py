"""Change over time: the cooperation graph of successive periods compared.

Each period gets its own :func:`~coopgraph.graph.projections.cite_graph`;
consecutive periods are compared tie by tie and cité by cité.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import networkx as nx

from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period, cite_graph
from coopgraph.metrics import density
from coopgraph.metrics.bridges import interregional
from coopgraph.model import Dataset

__all__ = [
    "PeriodChange",
    "PeriodComparison",
    "PeriodStats",
    "compare_graphs",
    "compare_periods",
    "region_densities",
]

#: Kept for imports of the old place: one ``region_densities`` for coopgraph.
region_densities = density.region_densities


@dataclass(frozen=True)
class PeriodStats:
    """One period: cités with at least one tie (``active``), ties, isolated
    cités, interregional ties, and the density of ties inside each région
    (ties between its cités / possible pairs; ``None`` below two cités).
    When the data status of the cités is known, ``without_data`` counts the
    cités with no recorded attendance in the period: they are not counted
    isolated (no data is not isolation)."""

    since: str | None
    until: str | None
    cites: int
    active: int
    ties: int
    isolated: int
    interregional_ties: int
    density_by_region: dict[str, float | None]
    without_data: int = 0


@dataclass(frozen=True)
class PeriodChange:
    """From one period to the next.

    ``entered``: cités tied in the later period that had no tie in any
    earlier compared period (newcomers to the network). ``new_ties`` splits
    into ties touching a newcomer (``new_ties_with_entered``) and ties
    between cités already tied before (``new_ties_among_present``): growth
    by new cités versus growth by new ties. ``lost_ties``: ties of the
    earlier period not renewed. ``newly_labelled``: cités labelled by the
    end of the later period but not of the earlier one (the rule of
    :mod:`coopgraph.labelling`), listed apart: they neither left nor
    entered isolation. ``no_longer_isolated`` / ``became_isolated`` compare
    the isolated cités labelled in both periods.
    """

    earlier: int
    later: int
    entered: tuple[str, ...]
    new_ties: int
    new_ties_with_entered: int
    new_ties_among_present: int
    lost_ties: int
    no_longer_isolated: tuple[str, ...]
    became_isolated: tuple[str, ...]
    density_change: dict[str, float | None]
    newly_labelled: tuple[str, ...] = ()


@dataclass(frozen=True)
class PeriodComparison:
    periods: tuple[PeriodStats, ...]
    changes: tuple[PeriodChange, ...]
    scales: tuple[str, ...] | None = None
    min_shared: int = 1

    def to_dict(self) -> dict:
        return {
            "periods": [asdict(p) for p in self.periods],
            "changes": [
                {
                    **asdict(c),
                    "entered": list(c.entered),
                    "no_longer_isolated": list(c.no_longer_isolated),
                    "became_isolated": list(c.became_isolated),
                    "newly_labelled": list(c.newly_labelled),
                }
                for c in self.changes
            ],
            "scales": None if self.scales is None else list(self.scales),
            "min_shared": self.min_shared,
        }


def _density_by_region(G: nx.Graph) -> dict[str, float | None]:
    """``{région: density}`` (:func:`coopgraph.metrics.density.region_densities`).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"region": "53"}), ("b", {"region": "53"}),
    ...                   ("c", {"region": "53"}), ("d", {"region": "52"})])
    >>> G.add_edges_from([("a", "b"), ("c", "d")])
    >>> _density_by_region(G)
    {'52': None, '53': 0.3333}
    """
    return {d.key: d.density for d in density.region_densities(G)}


def _labelled(G: nx.Graph) -> set[str]:
    """The cités of ``G`` labelled by the end of its period (node attribute
    ``labelled``, set by :func:`~coopgraph.graph.projections.cite_graph`)."""
    return {n for n, ok in G.nodes(data="labelled") if ok is not False}


def _no_data(G: nx.Graph, status: Mapping[str, str] | None) -> set[str]:
    """The cités of ``G`` without any recorded attendance (none when the
    data status is not known)."""
    if status is None:
        return set()
    return {n for n in G if status.get(n) == "no_data"}


def _stats(G: nx.Graph, scope: set[str], no_data: set[str]) -> PeriodStats:
    region = dict(G.nodes(data="region"))
    labelled = _labelled(G) & scope
    ties = _edges(G, scope)
    regions = {region[n] for n in scope if n in region}
    return PeriodStats(
        since=None if G.graph.get("since") is None else G.graph["since"].isoformat(),
        until=None if G.graph.get("until") is None else G.graph["until"].isoformat(),
        cites=len(labelled),
        active=sum(1 for n in labelled if G.degree(n)),
        ties=len(ties),
        isolated=sum(1 for n in nx.isolates(G) if n in labelled and n not in no_data),
        interregional_ties=sum(
            1 for u, v in map(tuple, ties) if interregional(region[u], region[v])
        ),
        density_by_region={r: d for r, d in _density_by_region(G).items() if r in regions},
        without_data=len(labelled & no_data),
    )


def _edges(G: nx.Graph, scope: set[str] | None = None) -> set[frozenset[str]]:
    """The ties of ``G`` (touching ``scope`` when given)."""
    if scope is None:
        return {frozenset(e) for e in G.edges}
    return {frozenset((u, v)) for u, v in G.edges if u in scope or v in scope}


def compare_graphs(
    graphs: Sequence[nx.Graph],
    within: Collection[str] | None = None,
    statuses: Sequence[Mapping[str, str]] | None = None,
) -> PeriodComparison:
    """Compare cooperation graphs of successive periods (same node set),
    for the cités ``within`` a territory when given: its cités, the ties
    touching them and the densities of its régions, on the whole network
    (a cité tied only outside the territory is not isolated).
    ``statuses``: the data status of the cités in each period
    (:attr:`coopgraph.analysis.Analysis.data_status`): a cité without data
    is neither isolated, nor left or entered isolation.

    Examples
    --------
    >>> G1 = nx.Graph(); G1.add_nodes_from("abcd", region="53"); G1.add_edge("a", "b")
    >>> G2 = nx.Graph(); G2.add_nodes_from("abcd", region="53")
    >>> G2.add_edges_from([("a", "c"), ("b", "c")])
    >>> ch = compare_graphs([G1, G2]).changes[0]
    >>> ch.entered, ch.new_ties, ch.new_ties_with_entered, ch.lost_ties
    (('c',), 2, 2, 1)
    >>> ch.no_longer_isolated, ch.became_isolated
    (('c',), ())

    A cité labelled between the two periods is newly labelled, not "no
    longer isolated" nor "became isolated":

    >>> G1.nodes["d"]["labelled"] = False
    >>> ch = compare_graphs([G1, G2]).changes[0]
    >>> ch.newly_labelled, ch.became_isolated
    (('d',), ())

    Within a territory, only its cités and the ties touching them count:

    >>> ch = compare_graphs([G1, G2], within={"c", "d"}).changes[0]
    >>> ch.entered, ch.new_ties, ch.lost_ties, ch.newly_labelled
    (('c',), 2, 0, ('d',))

    A cité without data in a period is not isolated in it, and a cité
    without data before did not "become isolated":

    >>> H1 = nx.Graph(); H1.add_nodes_from("ab", region="53")
    >>> out = compare_graphs([H1, H1.copy()], statuses=[{"a": "no_data"}, {}])
    >>> [p.isolated for p in out.periods], [p.without_data for p in out.periods]
    ([1, 2], [1, 0])
    >>> out.changes[0].became_isolated
    ()
    """
    scope = set().union(*graphs) if within is None else set(within)
    missing = [_no_data(G, None if statuses is None else statuses[i]) for i, G in enumerate(graphs)]
    stats = tuple(_stats(G, scope, missing[i]) for i, G in enumerate(graphs))
    changes = []
    seen: set[str] = set()
    for i, G in enumerate(graphs):
        active = {n for n in G if G.degree(n) and n in scope}
        if i:
            before = graphs[i - 1]
            entered = active - seen
            new = _edges(G, scope) - _edges(before, scope)
            with_entered = sum(1 for e in new if e & entered)
            lab_before, lab_after = _labelled(before) & scope, _labelled(G) & scope
            newly = lab_after - lab_before
            iso_before = set(nx.isolates(before)) & lab_before - missing[i - 1]
            iso_after = set(nx.isolates(G)) & lab_after - missing[i]
            d0, d1 = stats[i - 1].density_by_region, stats[i].density_by_region
            changes.append(
                PeriodChange(
                    earlier=i - 1,
                    later=i,
                    entered=tuple(sorted(entered)),
                    new_ties=len(new),
                    new_ties_with_entered=with_entered,
                    new_ties_among_present=len(new) - with_entered,
                    lost_ties=len(_edges(before, scope) - _edges(G, scope)),
                    no_longer_isolated=tuple(sorted(iso_before - iso_after - missing[i])),
                    became_isolated=tuple(sorted(iso_after - iso_before - newly - missing[i - 1])),
                    density_change={
                        g: _change(d0.get(g), d1.get(g)) for g in sorted(set(d0) | set(d1))
                    },
                    newly_labelled=tuple(sorted(newly)),
                )
            )
        seen |= active
    return PeriodComparison(periods=stats, changes=tuple(changes))


def compare_periods(
    ds: Dataset,
    periods: Iterable[Period],
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    graph_of: Callable[[Period], nx.Graph] | None = None,
    within: Collection[str] | None = None,
    status_of: Callable[[Period], Mapping[str, str]] | None = None,
) -> PeriodComparison:
    """Compare the cité cooperation graphs of ``periods`` (in the order given).
    ``graph_of(period)`` gives each period's graph when the caller has them
    already (e.g. ``lambda p: analysis.at(p).cites``), built with the same
    ``scales`` and ``min_shared``. ``within``: the cités of a territory
    (see :func:`compare_graphs`); ``status_of(period)``: the data status of
    the cités in a period, so that cités without data are not called
    isolated.

    Raises
    ------
    PlanningError
        With fewer than two periods.
    """
    periods = list(periods)
    if len(periods) < 2:
        raise PlanningError.of("cmp.err.two_periods")
    scales = None if scales is None else tuple(sorted(scales))
    if graph_of is None:
        graphs = [cite_graph(ds, p, scales=scales, min_shared=min_shared) for p in periods]
    else:
        graphs = [graph_of(p) for p in periods]
    statuses = None if status_of is None else [status_of(p) for p in periods]
    out = compare_graphs(graphs, within, statuses)
    return PeriodComparison(out.periods, out.changes, scales, min_shared)


def _change(before: float | None, after: float | None) -> float | None:
    """``after - before``, or ``None`` when either is unknown."""
    return None if before is None or after is None else after - before
