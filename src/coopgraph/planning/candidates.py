"""What the planner works on: the cités to place and everything known of them.

:func:`cites_to_place` says which cités need a club, :func:`cite_themes`
what each one works on, :func:`crpv_coverage` which CRPV covers which cité,
:func:`connected_region_sets` which région sets a club may span;
:class:`PlanContext` gathers the geography, territories and themes of a pool
of candidates (what each one can reach), and :func:`independent_parts` splits
a pool into parts no club and no CRPV can straddle.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from itertools import combinations

import networkx as nx

from coopgraph import geo
from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period, attendees_by_meeting, meetings_in
from coopgraph.labelling import COUNT_UNKNOWN, wave_labelled
from coopgraph.model import Dataset, Institution
from coopgraph.planning.model import Candidate, PlanOptions


def cites_to_place(
    G: nx.Graph,
    *,
    types: Iterable[str] = ("isolated",),
    labelled_by: date | None = None,
    among: Collection[str] | None = None,
    status: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """The cités of the cooperation graph ``G`` that need a club.

    ``types`` are isolation types of
    :func:`coopgraph.metrics.isolation.isolated_cites`: ``isolated`` (no tie)
    and, for weakly tied cités, ``regional_only``, ``one_link``,
    ``one_person``. With ``labelled_by``, cités of a labelling wave later
    than that date's year (node attribute ``wave``) are left out: they were
    not cités éducatives yet (the one rule of :mod:`coopgraph.labelling`).
    With ``among``, only those cités are candidates (the observed ones: a
    cité without enough data is not called isolated). With ``status``, the
    data status of each cité (:attr:`coopgraph.analysis.Analysis.data_status`),
    cités with ``no_data`` are left out: no data is not isolation (they are
    listed apart, :func:`cites_without_data`). Kept apart from the planner so
    that the definition can change without touching the model.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"region": "28"}), ("b", {"region": "28"}),
    ...                   ("c", {"region": "53"}), ("d", {"region": "52", "wave": 2021})])
    >>> G.add_edge("a", "b"); G.add_edge("b", "c")
    >>> [(c.cite_id, c.why) for c in cites_to_place(G)]
    [('d', 'isolated')]
    >>> [(c.cite_id, c.why) for c in cites_to_place(G, types=("isolated", "regional_only"))]
    [('a', 'regional_only'), ('d', 'isolated')]
    >>> cites_to_place(G, labelled_by=date(2020, 5, 13))
    []
    >>> cites_to_place(G, status={"d": "no_data"})
    []
    """
    from coopgraph.metrics.isolation import ISOLATION_TYPES, isolated_cites

    types = tuple(types)
    unknown = [t for t in types if t not in ISOLATION_TYPES]
    if unknown:
        raise PlanningError(
            f"unknown isolation type(s) {', '.join(unknown)}; choose from {', '.join(ISOLATION_TYPES)}"
        )
    out = []
    for c in isolated_cites(G, types=types, lang="en", include_unlabelled=labelled_by is None):
        wave = G.nodes[c.cite_id].get("wave")
        if labelled_by is not None and not wave_labelled(
            wave, labelled_by, if_unknown=COUNT_UNKNOWN
        ):
            continue
        if among is not None and c.cite_id not in among:
            continue
        if status is not None and status.get(c.cite_id) == "no_data":
            continue
        region = G.nodes[c.cite_id].get("region")
        inter = sum(1 for m in G[c.cite_id] if G.nodes[m].get("region") != region)
        out.append(Candidate(c.cite_id, c.type, G.degree(c.cite_id), inter))
    return sorted(out, key=lambda c: c.cite_id)


def cites_without_data(
    G: nx.Graph,
    status: Mapping[str, str],
    *,
    labelled_by: date | None = None,
    among: Collection[str] | None = None,
) -> tuple[str, ...]:
    """The cités :func:`cites_to_place` leaves out for want of data (status
    ``no_data``), by id: labelled by ``labelled_by`` (every cité without
    it, as ``--all-cites``) and in ``among`` (when given), as the cités to
    place are.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {}), ("b", {}), ("c", {"wave": 2024})])
    >>> cites_without_data(G, {"a": "no_data", "b": "sparse", "c": "no_data"})
    ('a', 'c')
    >>> cites_without_data(G, {"a": "no_data", "c": "no_data"}, labelled_by=date(2022, 6, 1))
    ('a',)
    """
    out = []
    for n in G:
        if status.get(n) != "no_data" or (among is not None and n not in among):
            continue
        wave = G.nodes[n].get("wave")
        if labelled_by is not None and not wave_labelled(
            wave, labelled_by, if_unknown=COUNT_UNKNOWN
        ):
            continue
        out.append(n)
    return tuple(sorted(out))


def cite_themes(ds: Dataset, period: Period | None = None) -> dict[str, frozenset[str]]:
    """Themes of the meetings each cité's actors attended in ``period``.

    >>> from coopgraph.model import Actor, Attendance, Cite, Meeting
    >>> ds = Dataset(cites=(Cite("a", "A", "28"),),
    ...     actors=(Actor("x", "X", "i", cite_id="a"),),
    ...     meetings=(Meeting("m", date(2020, 1, 1), "M", themes=("gouvernance",)),),
    ...     attendance=(Attendance("m", "x"),))
    >>> cite_themes(ds)
    {'a': frozenset({'gouvernance'})}
    """
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    attendees = attendees_by_meeting(ds)
    themes: dict[str, set[str]] = {c.id: set() for c in ds.cites}
    for m in meetings_in(ds, period or Period()):
        if not m.themes:
            continue
        for actor in attendees.get(m.id, ()):
            cite = cite_of.get(actor)
            if cite in themes:
                themes[cite].update(m.themes)
    return {c: frozenset(t) for c, t in themes.items()}


def crpv_coverage(
    crpvs: Iterable[Institution], cites: Mapping[str, tuple[str, str | None]]
) -> dict[str, frozenset[str]]:
    """``{crpv_id: cités covered}`` (``cites`` maps id to ``(region, departement)``).

    A CRPV whose territory lists départements covers the cités of those
    départements only (the Île-de-France and Occitanie centres work at that
    level); otherwise it covers the cités of its régions.

    >>> rv = Institution("rv", "RésOVilles", "crpv", regions=("53", "52"))
    >>> pb = Institution("pb", "Profession Banlieue", "crpv", regions=("11",), departements=("93",))
    >>> cov = crpv_coverage([rv, pb], {"a": ("53", "35"), "b": ("11", "93"), "c": ("11", "91")})
    >>> sorted(cov["rv"]), sorted(cov["pb"])
    (['a'], ['b'])
    """
    out = {}
    for p in crpvs:
        out[p.id] = frozenset(c for c, (r, d) in cites.items() if p.covers(r, d))
    return out


def connected_region_sets(regions: Iterable[str], max_size: int) -> list[frozenset[str]]:
    """Every set of at most ``max_size`` of ``regions`` that is connected by
    land borders (singletons included), in a stable order.

    >>> sets = connected_region_sets(["28", "53", "52", "24", "94"], 4)
    >>> len(sets), frozenset({"53", "24"}) in sets, frozenset({"53", "52", "24"}) in sets
    (15, False, True)
    """
    regions = sorted(set(regions))
    adj = {r: {s for s in regions if s != r and borders(r, s)} for r in regions}
    found: set[frozenset[str]] = set()
    frontier = {frozenset([r]) for r in regions}
    while frontier:
        found |= frontier
        grown = set()
        for s in frontier:
            if len(s) >= max_size:
                continue
            for r in set().union(*(adj[g] for g in s)) - s:
                grown.add(s | {r})
        frontier = grown - found
    return sorted(found, key=lambda s: (len(s), sorted(s)))


def borders(a: str, b: str) -> bool:
    """Whether régions ``a`` and ``b`` share a land border (``False`` when unknown)."""
    try:
        return geo.bordering(a, b)
    except KeyError:
        return False


def location(ds: Dataset, cite_id: str) -> tuple[float, float] | None:
    """A cité's ``(lat, lon)``, else its département's or région's centroid."""
    c = ds.cite_by_id[cite_id]
    if c.lat is not None and c.lon is not None:
        return (c.lat, c.lon)
    for code, fn in ((c.departement, geo.departement_centroid), (c.region, geo.region_centroid)):
        if code:
            try:
                return fn(code)
            except KeyError:
                pass
    return None


def km(p: tuple[float, float] | None, q: tuple[float, float] | None) -> float:
    """Great-circle distance, infinite when a point is unknown."""
    if p is None or q is None:
        return math.inf
    return geo.haversine_km(p[0], p[1], q[0], q[1])


# ---------------------------------------------------------------- the pool


class PlanContext:
    """Geography, territories and themes of the pool, shared by the model,
    the diagnostics and the explanations."""

    def __init__(self, ds: Dataset, pool: list[str], options: PlanOptions, themes) -> None:
        self.ds = ds
        self.options = options
        self.pool = pool
        self.region = {c: ds.cite_by_id[c].region for c in pool}
        self.loc = {c: location(ds, c) for c in pool}
        self.themes = {c: frozenset(themes.get(c, ())) for c in pool}
        #: points of likely partnership per pair of the pool (see
        #: :func:`partner_points`); empty unless the planner prefers partners
        self.partners: dict[frozenset[str], int] = {}
        self.cover = {
            p: s
            for p, s in crpv_coverage(
                ds.crpvs, {c: (self.region[c], ds.cite_by_id[c].departement) for c in pool}
            ).items()
            if s
        }
        self.crpvs_of = defaultdict(set)
        for p, cs in self.cover.items():
            for c in cs:
                self.crpvs_of[c].add(p)
        self.by_region: dict[str, list[str]] = defaultdict(list)
        for c in pool:
            self.by_region[self.region[c]].append(c)
        self.use_borders = options.geography in ("borders", "both")
        self.use_distance = options.geography in ("distance", "both")
        self.region_sets = (
            connected_region_sets(self.by_region, options.max_regions) if self.use_borders else []
        )
        self.region_set_index = set(self.region_sets)
        self.far: set[frozenset[str]] = set()
        if self.use_distance:
            # PlanOptions.check() makes max_km positive under the distance rule.
            limit = math.inf if options.max_km is None else options.max_km
            for a, b in combinations(pool, 2):
                if km(self.loc[a], self.loc[b]) > limit:
                    self.far.add(frozenset((a, b)))

    def region_set_diameter(self, regions: frozenset[str]) -> float:
        """Largest distance (km) between two candidates of ``regions``."""
        if not hasattr(self, "_pair_max"):
            pair_max: dict[frozenset[str], float] = defaultdict(float)
            for a, b in combinations(self.pool, 2):
                d = km(self.loc[a], self.loc[b])
                key = frozenset((self.region[a], self.region[b]))
                if math.isfinite(d) and d > pair_max[key]:
                    pair_max[key] = d
            self._pair_max = pair_max
        return max(
            (self._pair_max.get(frozenset((g, h)), 0.0) for g in regions for h in regions),
            default=0.0,
        )

    # -- reach: the cités that could share a club with c
    def reach(self, c: str) -> set[str]:
        """The candidates that could share a club with ``c`` (``c`` included)."""
        if self.use_borders:
            best: set[str] = {c}
            for s in self.region_sets:
                if self.region[c] in s:
                    members = {m for g in s for m in self.by_region[g]}
                    if self.use_distance:
                        members = {m for m in members if frozenset((c, m)) not in self.far}
                    if len(members) > len(best):
                        best = members
            return best
        return {m for m in self.pool if m == c or frozenset((c, m)) not in self.far}


def independent_parts(ctx: PlanContext, pool: list[str]) -> list[list[str]]:
    """Split ``pool`` into parts no club and no CRPV can straddle.

    A club lies inside one connected component of the bordering-région graph
    (border rule) and inside one component of the "within ``max_km``" graph
    (distance rule), so cités are grouped by both components; groups that
    share a CRPV are merged (its workload couples them). The parts can then
    be solved one by one without losing any plan: the overseas régions, which
    border no région, and Corse are always apart from the continent.
    """
    label: dict[str, tuple] = {c: () for c in pool}
    if ctx.use_borders:
        R = nx.Graph()
        regions = sorted({ctx.region[c] for c in pool})
        R.add_nodes_from(regions)
        R.add_edges_from((g, h) for g, h in combinations(regions, 2) if borders(g, h))
        comp = {g: i for i, cc in enumerate(nx.connected_components(R)) for g in cc}
        label = {c: (*label[c], comp[ctx.region[c]]) for c in pool}
    if ctx.use_distance:
        N = nx.Graph()
        N.add_nodes_from(pool)
        N.add_edges_from(
            (a, b) for a, b in combinations(pool, 2) if frozenset((a, b)) not in ctx.far
        )
        comp = {c: i for i, cc in enumerate(nx.connected_components(N)) for c in cc}
        label = {c: (*label[c], comp[c]) for c in pool}
    U = nx.Graph()
    U.add_nodes_from(pool)
    first: dict[tuple, str] = {}
    for c in pool:
        U.add_edge(first.setdefault(label[c], c), c)
    in_pool = set(pool)
    for p in sorted(ctx.cover):
        covered = sorted(ctx.cover[p] & in_pool)
        U.add_edges_from((covered[0], c) for c in covered[1:])
    order = {c: i for i, c in enumerate(pool)}
    parts = [sorted(cc, key=order.__getitem__) for cc in nx.connected_components(U)]
    return sorted(parts, key=lambda part: order[part[0]])


def partner_points(
    pool: list[str], scores: Mapping[tuple[str, str], float], per_cite: int, points: int
) -> dict[frozenset[str], int]:
    """Points of likely partnership of the pairs of ``pool``: ``round(points
    × score)`` for each cité's ``per_cite`` best-scored partners of the pool
    (``scores`` keyed by id pairs, either order; pairs without a score or
    with 0 points are left out).

    >>> got = partner_points(["a", "b", "c"], {("a", "b"): 0.9, ("b", "c"): 0.004}, 1, 100)
    >>> [(sorted(pair), n) for pair, n in got.items()]
    [(['a', 'b'], 90)]
    """
    score = {frozenset(pair): float(x) for pair, x in scores.items()}
    kept: dict[frozenset[str], int] = {}
    for c in pool:
        mine = sorted(
            ((score[k], d) for d in pool if d != c and (k := frozenset((c, d))) in score),
            key=lambda sd: (-sd[0], sd[1]),
        )[:per_cite]
        for x, d in mine:
            if (n := round(points * x)) > 0:
                kept[frozenset((c, d))] = n
    return kept
