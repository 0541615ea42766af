"""The analysis of one dataset under one set of options.

:class:`Analysis` sits between the metrics and everything people read: the
report, the maps, the exports, the focused commands, planning, simulation
and comparison all take their graphs and results from one instance, so each
projection is built once and each metric computed once per run. It holds no
language and no pseudonym: renderers and labellers
(:mod:`coopgraph.labels`) add those at the edge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cached_property
from typing import Any

import networkx as nx

from coopgraph.analysis.options import AnalysisOptions
from coopgraph.analysis.territory import Scope, resolve_territory
from coopgraph.graph.projections import (
    Period,
    actor_graph,
    actor_meeting_graph,
    actor_meeting_pairs,
    cite_graph,
    institution_graph,
    meetings_in,
)
from coopgraph.labelling import COUNT_UNKNOWN, is_labelled
from coopgraph.metrics import bridges, brokerage, centrality, communities, density, isolation
from coopgraph.model import MEETING_SCALES, Dataset

#: The data status of a cité over a period, from least to most known.
DATA_STATUSES = ("no_data", "sparse", "observed")

#: A cité whose actors attended fewer distinct meetings than this over the
#: period (of the scales counted) has ``sparse`` data: too little to call it
#: isolated or not.
SPARSE_BELOW = 2


def data_status_of(meetings: int) -> str:
    """The data status of a cité whose actors attended ``meetings`` distinct
    meetings.

    >>> [data_status_of(n) for n in (0, 1, 2)]
    ['no_data', 'sparse', 'observed']
    """
    if meetings <= 0:
        return "no_data"
    return "sparse" if meetings < SPARSE_BELOW else "observed"


class Analysis:
    """A :class:`~coopgraph.model.Dataset` seen through
    :class:`~coopgraph.analysis.AnalysisOptions`.

    Every projection and every metric is a :func:`functools.cached_property`
    (or, for the few with a parameter, a memo on the instance): it is
    computed the first time it is read and shared by all readers after. No
    cache outlives the instance. Results are read-only by contract: a reader
    that needs to change a graph copies it.

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53"), Cite("c", "C", "53")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"), Meeting("m2", date(2021, 1, 5), "Club")),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y"), Attendance("m2", "x")),
    ... )
    >>> an = Analysis(ds, AnalysisOptions(min_shared=1))
    >>> sorted(an.cites.edges()), an.cites is an.cites
    ([('a', 'b')], True)
    >>> an.data_status, an.coverage
    ({'a': 'observed', 'b': 'sparse', 'c': 'no_data'}, (2, 3))
    >>> [(c.cite_id, c.type) for c in an.isolated]
    [('a', 'one_link')]
    >>> an.at(Period(until=date(2020, 1, 1))).cites.number_of_edges()
    0
    """

    def __init__(self, ds: Dataset, options: AnalysisOptions | None = None, **kw: Any) -> None:
        self.ds = ds
        self.options = options if options is not None else AnalysisOptions(**kw)
        # analyses of the same dataset over other periods, shared by the family
        self._family: dict[AnalysisOptions, Analysis] = {self.options: self}
        self._views: dict[tuple, nx.Graph] = {}
        self._memo: dict[tuple, Any] = {}

    def __repr__(self) -> str:
        return f"Analysis({self.options!r})"

    # ------------------------------------------------------------ options

    @property
    def period(self) -> Period:
        return self.options.period

    @property
    def scales(self) -> tuple[str, ...] | None:
        return self.options.scales

    @property
    def min_shared(self) -> int:
        return self.options.min_shared

    @cached_property
    def territory(self) -> Scope:
        """The territory reported on, resolved in the dataset (its cités;
        an unknown CRPV is an ``InputError``)."""
        return resolve_territory(self.ds, self.options.territory)

    @property
    def seed(self) -> int:
        return self.options.seed

    def at(self, period: Period) -> Analysis:
        """The analysis of the same dataset and options over ``period``
        (one per period for the whole family: comparisons and "last
        contact" dates reuse its graphs)."""
        options = self.options.with_period(period)
        found = self._family.get(options)
        if found is None:
            found = Analysis(self.ds, options)
            found._family = self._family
            self._family[options] = found
        return found

    # ------------------------------------------------------------ projections

    @cached_property
    def cites(self) -> nx.Graph:
        """The cité graph (:func:`~coopgraph.graph.projections.cite_graph`)."""
        return cite_graph(self.ds, self.period, scales=self.scales, min_shared=self.min_shared)

    @cached_property
    def labelled_cites(self) -> nx.Graph:
        """The cité graph without the cités not labelled yet at the end of
        the period (:mod:`coopgraph.labelling`): densities count possible
        ties among labelled cités only. :attr:`cites` itself when all are."""
        G = self.cites
        drop = [n for n, ok in G.nodes(data="labelled") if ok is False]
        if not drop:
            return G
        H = G.copy()
        H.remove_nodes_from(drop)
        return H

    @cached_property
    def history(self) -> nx.Graph:
        """The cité graph of every meeting up to the end of the period: the
        ground of "last contact" dates."""
        if self.period.since is None:
            return self.cites
        return self.at(Period(None, self.period.until)).cites

    @cached_property
    def institutions(self) -> nx.Graph:
        """The institution graph (:func:`~coopgraph.graph.projections.institution_graph`)."""
        return institution_graph(
            self.ds, self.period, scales=self.scales, min_shared=self.min_shared
        )

    @cached_property
    def institution_ties(self) -> nx.Graph:
        """The institution graph without the meetings of each tie (``weight``
        and ``distance`` only): the same nodes and ties, in the same order,
        for the metrics, several times faster to build than
        :attr:`institutions`, which maps and exports read."""
        return institution_graph(
            self.ds,
            self.period,
            scales=self.scales,
            min_shared=self.min_shared,
            provenance=False,
        )

    @cached_property
    def actors(self) -> nx.Graph:
        """The actor co-attendance graph (dense: national meetings make
        cliques), refused up front (:class:`~coopgraph.budget.MemoryBudgetError`)
        when its estimate exceeds the memory budget; meetings of more than
        ``options.max_attendance`` attendees left out."""
        self.check_actors("graph")
        return actor_graph(
            self.ds,
            self.period,
            scales=self.scales,
            min_shared=self.min_shared,
            max_attendance=self.options.max_attendance,
        )

    def check_actors(self, what: str = "graph", factor: int = 1) -> int:
        """The estimated bytes of the actor graph (times ``factor``), or
        :class:`~coopgraph.budget.MemoryBudgetError` when over budget."""
        from coopgraph.budget import check_actor_graph

        return check_actor_graph(
            self.ds,
            self.period,
            self.scales,
            self.min_shared,
            self.options.max_attendance,
            what=what,
            factor=factor,
        )

    @cached_property
    def two_mode(self) -> nx.Graph:
        """The actor–meeting graph (sparse; for path metrics on people)."""
        return actor_meeting_graph(self.ds, self.period, scales=self.scales)

    @cached_property
    def national(self) -> frozenset[str]:
        """Ids of the national meetings (of the period, when counted)."""
        return frozenset(
            m.id for m in meetings_in(self.ds, self.period, self.scales) if m.scale == "national"
        )

    @cached_property
    def without_national(self) -> Analysis:
        """The same analysis without the national meetings (itself when
        they are not counted): the report's key figures are given both ways."""
        counted = self.scales if self.scales is not None else MEETING_SCALES
        kept = tuple(s for s in counted if s != "national")
        if kept == tuple(counted):
            return self
        options = replace(self.options, scales=kept)
        found = self._family.get(options)
        if found is None:
            found = Analysis(self.ds, options)
            found._family = self._family
            self._family[options] = found
        return found

    # ------------------------------------------------------------ coverage

    @cached_property
    def activity(self) -> Counter[str]:
        """Distinct meetings of the period (of the scales counted) that at
        least one actor of each cité attended; a cité absent from the counter
        has no data over the period."""
        kept = {m.id for m in meetings_in(self.ds, self.period, self.scales)}
        cite_of = {a.id: a.cite_id for a in self.ds.actors if a.cite_id}
        pairs = {
            (cite_of[t.actor_id], t.meeting_id)
            for t in self.ds.attendance
            if t.meeting_id in kept and t.actor_id in cite_of
        }
        return Counter(c for c, _ in pairs)

    @cached_property
    def data_status(self) -> dict[str, str]:
        """The data status of every cité, by id (see :data:`DATA_STATUSES`):
        ``no_data`` (no recorded attendance over the period), ``sparse``
        (fewer than :data:`SPARSE_BELOW` meetings) or ``observed``. Isolation
        types are given to observed cités only: nothing recorded says whether
        the others met anyone."""
        return {c.id: data_status_of(self.activity[c.id]) for c in self.ds.cites}

    @cached_property
    def labelled(self) -> frozenset[str]:
        """Ids of the cités labelled by the end of the period (the one rule
        of :mod:`coopgraph.labelling`; unknown years counted, as validation
        warns)."""
        until = self.period.until
        return frozenset(
            c.id for c in self.ds.cites if is_labelled(c, until, if_unknown=COUNT_UNKNOWN)
        )

    @cached_property
    def reported(self) -> list[str]:
        """Ids of the cités reported on: labelled by the end of the period
        and in the territory, by id."""
        return sorted(i for i in self.labelled if self.territory.covers_cite(i))

    def cites_with_status(self, status: str) -> list[str]:
        """Ids of the reported cités (:attr:`reported`) with data ``status``."""
        return [i for i in self.reported if self.data_status[i] == status]

    @cached_property
    def coverage(self) -> tuple[int, int]:
        """(reported cités with any data, reported cités)."""
        shown = self.reported
        return sum(1 for i in shown if self.data_status[i] != "no_data"), len(shown)

    @cached_property
    def cites_without_crpv(self) -> list[str]:
        """Ids of the cités of the territory that no CRPV accompanies: none
        covers their région or département and none supports them in
        ``support.csv``.

        >>> from coopgraph.model import Cite, Institution, Support
        >>> ds = Dataset(
        ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53"), Cite("c", "C", "52")),
        ...     institutions=(Institution("n", "N", "crpv", regions=("28",)),),
        ...     support=(Support("n", "b"),),
        ... )
        >>> Analysis(ds).cites_without_crpv
        ['c']
        """
        supported = {s.cite_id for s in self.ds.support}
        crpvs = self.ds.crpvs
        return sorted(
            c.id
            for c in self.ds.cites
            if self.territory.covers_cite(c.id)
            and c.id not in supported
            and not any(x.covers(c.region, c.departement) for x in crpvs)
        )

    # ------------------------------------------------------------ metrics

    @cached_property
    def louvain(self) -> communities.Communities:
        """Louvain communities of the cité graph (seeded)."""
        return communities.louvain_communities(self.cites, seed=self.seed)

    @cached_property
    def community_regions(self) -> list[communities.CommunityRegions]:
        """The régions each Louvain community spans, largest community first."""
        return communities.community_regions(self.cites, self.louvain)

    @cached_property
    def region_alignment(self) -> float:
        """Normalised mutual information between communities and régions."""
        return communities.region_alignment(self.cites, self.louvain)

    @cached_property
    def cite_betweenness(self) -> centrality.Betweenness:
        """Hop-count betweenness of the cité graph (``weight=None``: a tie is
        a tie once it passes ``min_shared``)."""
        return centrality.betweenness(self.cites, weight=None, seed=self.seed)

    @cached_property
    def institution_betweenness(self) -> centrality.Betweenness:
        """Hop-count betweenness of the institution graph."""
        return centrality.betweenness(self.institution_ties, weight=None, seed=self.seed)

    @cached_property
    def actor_betweenness(self) -> centrality.Betweenness:
        """Betweenness of actors on the actor–meeting graph."""
        # from the graph's arrays: the same values without building its
        # 200,000 networkx edges when only this metric needs it
        actors, meetings, pairs = actor_meeting_pairs(self.ds, self.period, scales=self.scales)
        return centrality.two_mode_betweenness_of_pairs(actors, meetings, pairs, seed=self.seed)

    @cached_property
    def isolated(self) -> list[isolation.IsolatedCite]:
        """Isolated and fragile cités among the observed ones (see
        :attr:`data_status`), ranked (last contacts from :attr:`history`)."""
        status = self.data_status
        return [
            c
            for c in isolation.isolated_cites(self.cites, self.history, national=self.national)
            if status.get(c.cite_id) == "observed"
        ]

    @cached_property
    def link_model(self):
        """The partner-suggestion model of this analysis' history
        (:func:`coopgraph.suggest.model.fit_model`: weights learnt or the
        defaults), shared by :meth:`suggestions` and :meth:`partner_scores`."""
        from coopgraph.suggest.model import fit_model

        return fit_model(
            self.ds, self.period, scales=self.scales, min_shared=self.min_shared, seed=self.seed
        )

    def suggestions(self, top: int = 3):
        """Partner suggestions (:func:`coopgraph.suggest.suggest_partners`)
        for the isolated and fragile cités of the territory
        (:attr:`isolated`, in their order), ``top`` per cité, from this
        analysis' period, scales, tie threshold and seed; memoised per
        ``top``. The report, the note, the map and the planner share it."""
        key = ("suggestions", top)
        if key not in self._memo:
            from coopgraph.suggest import Scope as SuggestScope
            from coopgraph.suggest import suggest_partners

            asking = tuple(
                c.cite_id for c in self.isolated if self.territory.covers_cite(c.cite_id)
            )
            self._memo[key] = suggest_partners(
                self.ds,
                period=self.period,
                scales=self.scales,
                min_shared=self.min_shared,
                seed=self.seed,
                scope=SuggestScope(cites=asking),
                top=top,
                model=self.link_model,
            )
        return self._memo[key]

    def partner_scores(self, cites) -> dict[tuple[str, str], float]:
        """The suggestion model's score of every untied pair among ``cites``
        (:func:`coopgraph.suggest.partner_scores`), for the planner."""
        from coopgraph.suggest import partner_scores

        return partner_scores(
            self.ds,
            period=self.period,
            scales=self.scales,
            min_shared=self.min_shared,
            seed=self.seed,
            cites=cites,
            model=self.link_model,
        )

    @cached_property
    def cut_points(self) -> bridges.CutPoints:
        """Bridges and articulation points of the cité graph."""
        return bridges.cut_points(self.cites)

    @cached_property
    def interregional_bridges(self) -> list[bridges.Bridge]:
        """Every interregional tie of the cité graph, heaviest first."""
        return bridges.interregional_bridges(self.cites)

    @cached_property
    def region_connections(self) -> list[bridges.RegionLink]:
        """Région-to-région connections."""
        return bridges.region_connections(self.cites, self.interregional_bridges)

    @cached_property
    def institution_brokers(self) -> list[brokerage.Broker]:
        """Gould–Fernandez brokers of the institution graph (group = région)."""
        return brokerage.brokers(self.institution_ties)

    @cached_property
    def actor_brokers(self) -> list[brokerage.Broker]:
        """Gould–Fernandez brokers of the actor graph (group = région)."""
        self.check_actors("brokers")
        return brokerage.brokers(self.actors)

    @cached_property
    def cite_ei(self) -> list[brokerage.EIIndex]:
        """Krackhardt E–I index per région on the cité graph."""
        return brokerage.ei_index(self.cites)

    @cached_property
    def institution_ei(self) -> list[brokerage.EIIndex]:
        """Krackhardt E–I index per région on the institution graph."""
        return brokerage.ei_index(self.institution_ties)

    @cached_property
    def national_density(self) -> density.Density:
        """Density of the whole cité graph."""
        return density.density_of(self.labelled_cites, self.labelled_cites.nodes, "national", "FR")

    @cached_property
    def region_densities(self) -> list[density.Density]:
        """Density within each région, by code."""
        return density.region_densities(self.labelled_cites)

    @cached_property
    def departement_densities(self) -> list[density.Density]:
        """Density within each département, by code."""
        return density.departement_densities(self.labelled_cites)

    @cached_property
    def crpv_densities(self) -> list[density.Density]:
        """Density within each CRPV territory."""
        return density.crpv_densities(self.labelled_cites, self.ds)

    @cached_property
    def ego_densities(self) -> dict[str, float | None]:
        """Ego-network density of each cité."""
        return density.ego_densities(self.cites)

    @cached_property
    def troikas(self) -> dict[str, density.Troika]:
        """Troïka completeness of each cité, by cité id."""
        found = density.troika_completeness(self.ds, self.period, scales=self.scales)
        return {t.cite_id: t for t in found}

    # ------------------------------------------------------------ views

    def view(
        self,
        name: str = "cites",
        *,
        betweenness: bool = True,
        max_actors: int | None = None,
        keep: bool = True,
    ) -> nx.Graph:
        """The graph behind a map or an export (``cites``, ``actors``,
        ``institutions`` or ``regions``), with display attributes and
        metrics and without any label that depends on a language or on
        pseudonymisation (see :func:`coopgraph.labels.Labeller.label_view`).
        Memoised and read-only; with ``keep`` false, a new graph the caller
        owns (and may label in place), not memoised."""
        from coopgraph.analysis.views import build_view

        grouped = name == "actors" and max_actors is not None and len(self.ds.actors) > max_actors
        key = (name, betweenness, grouped)
        if not keep:
            return build_view(self, name, betweenness=betweenness, grouped=grouped)
        if key not in self._views:
            self._views[key] = build_view(self, name, betweenness=betweenness, grouped=grouped)
        return self._views[key]
