"""Proposing interregional clubs of isolated cités (a CP-SAT model).

The national team gathers isolated cités into clubs, as Normanvilles,
RésOVilles and Villes au Carré did in 2020 with the 13 isolated cités of
Normandie, Bretagne, Pays de la Loire and Centre-Val de Loire (the "Club de
l'Ouest"). :func:`cites_to_place` says which cités need a club;
:func:`plan_clusters` groups them.

The model
---------
Cités to place ``T`` (isolated or weakly tied), optional *fillers* ``F``
(better-connected cités of the same régions, allowed to join a club only to
reach the minimum size), clubs ``k = 1..K`` with ``K = ⌊|T ∪ F| / min⌋``
(at most the total anchor capacity).

Variables: ``x[c,k]`` cité ``c`` in club ``k``; ``y[k]`` club used;
``a[p,k]`` CRPV ``p`` anchors club ``k``; with the border rule ``r[k,g]``
région ``g`` present in club ``k`` and ``z[k,S]`` club ``k`` spans exactly
the région set ``S``.

Hard constraints:

* each cité in at most one club; ``min·y[k] ≤ |k| ≤ max·y[k]``;
  ``y[k] ≥ y[k+1]`` (symmetry);
* border rule (default): the régions of a club's cités form a connected set
  of bordering régions of at most ``max_regions`` régions. Connected sets are
  enumerated beforehand (:func:`connected_region_sets`, over the régions that
  hold candidates; a few hundred at most in metropolitan France), a used club
  picks exactly one (``Σ_S z[k,S] = y[k]``) and ``r[k,g] = Σ_{S∋g} z[k,S]``
  where ``r[k,g]`` is 1 exactly when some cité of ``g`` is in ``k``;
* distance rule (``max_km``): two cités further apart than ``max_km`` (great
  circle) are never in the same club;
* anchors: ``a[p,k] ≤ Σ_{c covered by p} x[c,k]`` (a CRPV covers a cité when
  the cité's région or département is in its territory), every used club has
  at least one anchor, and ``Σ_k a[p,k] ≤ workload``.

Objective, lexicographic, in two solves:

1. maximise the number of cités of ``T`` placed;
2. with that number fixed, maximise
   ``100·own_anchor + 20·shared_themes − 1000·fillers − spread_km`` where
   ``own_anchor`` counts members whose own CRPV anchors their club,
   ``shared_themes`` counts (member, theme) pairs whose theme another member
   of the club also holds (``Σ_c |themes(c)| − Σ_k distinct themes of k``),
   and ``spread_km`` is, with the border rule, the sum over clubs of the
   largest distance between two candidates of the club's régions (a linear
   stand-in for the distance spread; with the distance rule alone the
   ``max_km`` bound is the only spread control).

The second solve starts from the first solution (hint). CP-SAT runs with a
fixed ``random_seed`` and ``num_workers``; ``deterministic=True`` (or one
worker) makes even time-limited runs reproducible.

Cités that end up outside every club get a reason: too few candidates in
reach (connected régions, or within ``max_km``), no CRPV covering any of
them, CRPVs in reach at their workload, or competition for the candidates
in reach (they were better used elsewhere).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import combinations

import networkx as nx

from coopgraph import geo
from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period, attendees_by_meeting, meetings_in
from coopgraph.model import Dataset, Institution

__all__ = [
    "Candidate",
    "Club",
    "ClusterPlan",
    "PlanOptions",
    "Unplaced",
    "cite_themes",
    "cites_to_place",
    "connected_region_sets",
    "crpv_coverage",
    "plan_clusters",
]

GEOGRAPHY_RULES = ("borders", "distance", "both")

# Objective weights of the second solve (see the module docstring).
W_OWN_ANCHOR = 100
W_SHARED_THEME = 20
W_FILLER = 1000
W_SPREAD_KM = 1

_LOG = False  # CP-SAT search log on stderr, for tuning



# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class PlanOptions:
    """Parameters of :func:`plan_clusters`.

    ``geography`` is ``"borders"`` (régions of a club connected by land
    borders, at most ``max_regions`` of them), ``"distance"`` (every pair of
    cités within ``max_km``) or ``"both"``. ``workload``: clubs one CRPV
    anchors at most. ``allow_fillers``: let well-connected cités of the same
    régions join a club to reach ``min_size`` (penalised). ``time_limit`` in
    seconds per solve. ``seed`` and ``workers`` are passed to CP-SAT; a run
    that proves optimality always gives the same objective, but with several
    workers a time-limited run may differ from one run to the next unless
    ``deterministic`` (interleaved search: reproducible, slower on large
    cases) or ``workers=1``.
    """

    min_size: int = 8
    max_size: int = 15
    geography: str = "borders"
    max_regions: int = 4
    max_km: float | None = None
    workload: int = 2
    allow_fillers: bool = False
    time_limit: float = 30.0
    seed: int = 0
    workers: int = 8
    deterministic: bool = False

    def check(self) -> None:
        """Raise :class:`PlanningError` on contradictory parameters."""
        if self.min_size < 2:
            raise PlanningError(f"a club needs at least 2 cités (min size {self.min_size})")
        if self.max_size < self.min_size:
            raise PlanningError(
                f"max club size {self.max_size} is below the min size {self.min_size}"
            )
        if self.geography not in GEOGRAPHY_RULES:
            raise PlanningError(f"unknown geography rule {self.geography!r}")
        if self.geography in ("distance", "both") and (self.max_km is None or self.max_km <= 0):
            raise PlanningError("the distance rule needs a positive max_km")
        if self.geography in ("borders", "both") and self.max_regions < 1:
            raise PlanningError("max_regions must be at least 1")
        if self.workload < 1:
            raise PlanningError("a CRPV must be able to anchor at least one club (workload ≥ 1)")


@dataclass(frozen=True)
class Candidate:
    """A cité the planner may put in a club, and why: an isolation type of
    :func:`coopgraph.metrics.isolation.isolated_cites` (``isolated``,
    ``regional_only``, ...) or ``filler`` (a better-tied cité that may join
    to reach the minimum size)."""

    cite_id: str
    why: str
    degree: int = 0
    interregional_ties: int = 0


@dataclass(frozen=True)
class Club:
    """One proposed club and its explanation."""

    club_id: str
    cites: tuple[str, ...]
    regions: tuple[str, ...]
    anchor_crpv: tuple[str, ...]
    fillers: tuple[str, ...] = ()
    shared_themes: tuple[tuple[str, int], ...] = ()
    max_km: float = 0.0
    mean_km: float = 0.0
    effect: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["cites"] = list(self.cites)
        d["regions"] = list(self.regions)
        d["anchor_crpv"] = list(self.anchor_crpv)
        d["fillers"] = list(self.fillers)
        d["shared_themes"] = [{"theme": t, "cites": n} for t, n in self.shared_themes]
        d["max_km"] = round(self.max_km, 1)
        d["mean_km"] = round(self.mean_km, 1)
        return d


@dataclass(frozen=True)
class Unplaced:
    """A cité left outside every club: ``code`` names the reason, ``detail``
    holds its numbers (see :data:`REASONS`)."""

    cite_id: str
    code: str
    detail: dict = field(default_factory=dict)

    def reason(self, lang: str = "en") -> str:
        table = REASONS.get(lang, REASONS["en"])
        detail = dict(self.detail)
        if "rule" in detail:  # the reach, worded in the reader's language
            parts = []
            if detail["rule"] in ("borders", "both"):
                parts.append(table["reach.borders"].format(**detail))
            if detail["rule"] in ("distance", "both"):
                parts.append(table["reach.distance"].format(**detail))
            detail["reach"] = ", ".join(parts)
        return table[self.code].format(**detail)


REASONS: dict[str, dict[str, str]] = {
    "en": {
        "pool": "only {n} cité(s) to place within reach ({reach}); a club needs {min}",
        "no_anchor": "no CRPV territory covers a cité within reach ({reach})",
        "workload": "the CRPVs that could anchor a club within reach ({crpvs}) already anchor {workload} club(s) each",
        "competition": "the cités within reach were placed in other clubs; those left cannot form a club of {min}–{max}",
        "time_limit": "the solver reached its time limit ({seconds:g} s) before placing it",
        "reach.borders": "bordering régions, at most {max_regions}",
        "reach.distance": "within {km:g} km",
    },
    "fr": {
        "pool": "seulement {n} cité(s) à placer à portée ({reach}) ; un club en demande {min}",
        "no_anchor": "aucun CRPV ne couvre une cité à portée ({reach})",
        "workload": "les CRPV qui pourraient animer un club à portée ({crpvs}) animent déjà {workload} club(s) chacun",
        "competition": "les cités à portée sont placées dans d'autres clubs ; les restantes ne peuvent former un club de {min} à {max}",
        "time_limit": "le solveur a atteint sa limite de temps ({seconds:g} s) avant de la placer",
        "reach.borders": "régions limitrophes, {max_regions} au plus",
        "reach.distance": "à moins de {km:g} km",
    },
}


@dataclass(frozen=True)
class ClusterPlan:
    """The clubs proposed, the cités left out, and how the plan was made."""

    clubs: tuple[Club, ...]
    unplaced: tuple[Unplaced, ...]
    candidates: tuple[Candidate, ...]
    options: PlanOptions
    status: str
    solve_seconds: float
    objective: dict
    period: Period = Period()
    method: str = "CP-SAT (OR-Tools), lexicographic: placed cités, then anchors/themes/fillers/spread"

    @property
    def placed(self) -> int:
        return sum(len(c.cites) - len(c.fillers) for c in self.clubs)

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "clubs": [c.as_dict() for c in self.clubs],
            "unplaced": [
                {"cite_id": u.cite_id, "reason": u.reason(lang), "code": u.code}
                for u in self.unplaced
            ],
            "candidates": [asdict(c) for c in self.candidates],
            "method": self.method,
            "options": asdict(self.options),
            "status": self.status,
            "solve_seconds": round(self.solve_seconds, 3),
            "objective": self.objective,
            "period": {
                "since": _iso(self.period.since),
                "until": _iso(self.period.until),
            },
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# ---------------------------------------------------------------- inputs


def cites_to_place(
    G: nx.Graph,
    *,
    types: Iterable[str] = ("isolated",),
    labelled_by: date | None = None,
) -> list[Candidate]:
    """The cités of the cooperation graph ``G`` that need a club.

    ``types`` are isolation types of
    :func:`coopgraph.metrics.isolation.isolated_cites`: ``isolated`` (no tie)
    and, for weakly tied cités, ``regional_only``, ``one_link``,
    ``one_person``. With ``labelled_by``, cités of a labelling wave later
    than that date's year (node attribute ``wave``) are left out: they were
    not cités éducatives yet. Kept apart from the planner so that the
    definition can change without touching the model.

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
        if labelled_by is not None and wave is not None and wave > labelled_by.year:
            continue
        region = G.nodes[c.cite_id].get("region")
        inter = sum(1 for m in G[c.cite_id] if G.nodes[m].get("region") != region)
        out.append(Candidate(c.cite_id, c.type, G.degree(c.cite_id), inter))
    return sorted(out, key=lambda c: c.cite_id)


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


def crpv_coverage(crpvs: Iterable[Institution], cites: Mapping[str, tuple[str, str | None]]) -> dict[str, frozenset[str]]:
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
        regions, deps = set(p.regions), set(p.departements)
        out[p.id] = frozenset(
            c
            for c, (r, d) in cites.items()
            if ((d is not None and d in deps) if deps else r in regions)
        )
    return out


def connected_region_sets(regions: Iterable[str], max_size: int) -> list[frozenset[str]]:
    """Every set of at most ``max_size`` of ``regions`` that is connected by
    land borders (singletons included), in a stable order.

    >>> sets = connected_region_sets(["28", "53", "52", "24", "94"], 4)
    >>> len(sets), frozenset({"53", "24"}) in sets, frozenset({"53", "52", "24"}) in sets
    (15, False, True)
    """
    regions = sorted(set(regions))
    adj = {r: {s for s in regions if s != r and _borders(r, s)} for r in regions}
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


def _borders(a: str, b: str) -> bool:
    try:
        return geo.bordering(a, b)
    except KeyError:
        return False


def _location(ds: Dataset, cite_id: str) -> tuple[float, float] | None:
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


def _km(p: tuple[float, float] | None, q: tuple[float, float] | None) -> float:
    if p is None or q is None:
        return math.inf
    return geo.haversine_km(p[0], p[1], q[0], q[1])


# ---------------------------------------------------------------- planner


def plan_clusters(
    ds: Dataset,
    candidates: Sequence[Candidate],
    options: PlanOptions = PlanOptions(),
    *,
    G: nx.Graph | None = None,
    themes: Mapping[str, Iterable[str]] | None = None,
    period: Period | None = None,
) -> ClusterPlan:
    """Group ``candidates`` into clubs (see the module docstring for the model).

    Parameters
    ----------
    ds : Dataset
        Cités (région, département, location) and CRPVs (territories).
    candidates : sequence of Candidate
        From :func:`cites_to_place`; ``filler`` candidates are added
        automatically when ``options.allow_fillers``.
    options : PlanOptions
    G : networkx.Graph, optional
        The cooperation graph the candidates come from; used for fillers and
        to tell what each club would change (``Club.effect``).
    themes : mapping, optional
        Themes per cité (:func:`cite_themes`); shared themes are preferred.
    period : Period, optional
        Recorded in the plan.

    Returns
    -------
    ClusterPlan

    Raises
    ------
    PlanningError
        On contradictory options, when there are cités to place but not one
        club can be formed (the message lists the reasons), or when the
        solver finds no solution in time.

    Examples
    --------
    >>> from coopgraph.model import Cite
    >>> cites = tuple(Cite(f"c{i}", f"C{i}", r) for i, r in enumerate("53 53 52 52 28 28".split()))
    >>> crpv = Institution("rv", "RésOVilles", "crpv", regions=("53", "52"))
    >>> ds = Dataset(cites=cites, institutions=(crpv,))
    >>> plan = plan_clusters(ds, [Candidate(c.id, "isolated") for c in cites],
    ...                      PlanOptions(min_size=3, max_size=6, workers=1))
    >>> [(k.cites, k.regions, k.anchor_crpv) for k in plan.clubs]
    [(('c0', 'c1', 'c2', 'c3', 'c4', 'c5'), ('28', '52', '53'), ('rv',))]
    """
    options.check()
    started = time.perf_counter()
    targets = sorted({c.cite_id for c in candidates if c.why != "filler"})
    unknown = [c for c in targets if c not in ds.cite_by_id]
    if unknown:
        raise PlanningError(f"unknown cité(s) to place: {', '.join(unknown)}")
    cands = {c.cite_id: c for c in candidates}
    if options.allow_fillers:
        home = {ds.cite_by_id[c].region for c in targets}
        for c in ds.cites:
            if c.id not in cands and c.region in home:
                deg = G.degree(c.id) if G is not None and c.id in G else 0
                cands[c.id] = Candidate(c.id, "filler", deg)
    candidates = tuple(cands[c] for c in sorted(cands))
    pool = [c.cite_id for c in candidates]
    fillers = {c.cite_id for c in candidates if c.why == "filler"}
    ctx = _Context(ds, pool, options, themes or {})

    # Cités that cannot be placed whatever the others do are left out of the model.
    unplaced = {c: u for c in targets if (u := ctx.reachability(c)) is not None}
    solvable = [c for c in pool if c not in unplaced]
    if not targets:
        clubs, status, objective = [], "NOTHING_TO_PLACE", {}
    elif len([c for c in solvable if c not in fillers]) == 0:
        clubs, status, objective = [], "INFEASIBLE", {}
    else:
        clubs, status, objective = _solve(ctx, solvable, fillers)
    built = [
        ctx.describe(f"club-{i + 1:02d}", members, anchors, fillers, G)
        for i, (members, anchors) in enumerate(clubs)
    ]
    placed = {c for club in built for c in club.cites}
    anchors_used: dict[str, int] = defaultdict(int)
    for club in built:
        for p in club.anchor_crpv:
            anchors_used[p] += 1
    for c in targets:
        if c not in placed and c not in unplaced:
            unplaced[c] = ctx.why_left_out(c, anchors_used, objective.get("placed_proven_optimal", True))
    plan = ClusterPlan(
        clubs=tuple(built),
        unplaced=tuple(unplaced[c] for c in sorted(unplaced)),
        candidates=candidates,
        options=options,
        status=status,
        solve_seconds=time.perf_counter() - started,
        objective=objective,
        period=period or Period(),
    )
    if targets and not built:
        lines = "\n".join(f"  {u.cite_id}: {u.reason()}" for u in plan.unplaced)
        err = PlanningError(
            f"no club can be formed for the {len(targets)} cité(s) to place "
            f"(size {options.min_size}–{options.max_size}, {_rule(options)}, "
            f"workload {options.workload}):\n{lines}"
        )
        err.plan = plan  # type: ignore[attr-defined]
        raise err
    return plan


def _rule(options: PlanOptions) -> str:
    parts = []
    if options.geography in ("borders", "both"):
        parts.append(f"bordering régions, at most {options.max_regions}")
    if options.geography in ("distance", "both"):
        parts.append(f"within {options.max_km:g} km")
    return " and ".join(parts)


class _Context:
    """Geography, territories and themes of the pool, shared by the model,
    the diagnostics and the explanations."""

    def __init__(self, ds: Dataset, pool: list[str], options: PlanOptions, themes) -> None:
        self.ds = ds
        self.options = options
        self.pool = pool
        self.region = {c: ds.cite_by_id[c].region for c in pool}
        self.loc = {c: _location(ds, c) for c in pool}
        self.themes = {c: frozenset(themes.get(c, ())) for c in pool}
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
        self.far: set[frozenset[str]] = set()
        if self.use_distance:
            for a, b in combinations(pool, 2):
                if _km(self.loc[a], self.loc[b]) > options.max_km:
                    self.far.add(frozenset((a, b)))

    def region_set_diameter(self, regions: frozenset[str]) -> float:
        """Largest distance (km) between two candidates of ``regions``."""
        if not hasattr(self, "_pair_max"):
            pair_max: dict[frozenset[str], float] = defaultdict(float)
            for a, b in combinations(self.pool, 2):
                d = _km(self.loc[a], self.loc[b])
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

    def rule(self) -> dict:
        o = self.options
        return {"rule": o.geography, "max_regions": o.max_regions, "km": o.max_km or 0}

    def reachability(self, c: str) -> Unplaced | None:
        members = self.reach(c)
        o = self.options
        if len(members) < o.min_size:
            return Unplaced(c, "pool", {"n": len(members), "min": o.min_size, **self.rule()})
        if not any(self.crpvs_of[m] for m in members):
            return Unplaced(c, "no_anchor", self.rule())
        return None

    def why_left_out(self, c: str, anchors_used: Mapping[str, int], proven: bool) -> Unplaced:
        o = self.options
        if not proven:
            return Unplaced(c, "time_limit", {"seconds": o.time_limit})
        members = self.reach(c)
        crpvs = sorted({p for m in members for p in self.crpvs_of[m]})
        if crpvs and all(anchors_used.get(p, 0) >= o.workload for p in crpvs):
            names = ", ".join(self.ds.institution_by_id[p].name for p in crpvs)
            return Unplaced(c, "workload", {"crpvs": names, "workload": o.workload})
        return Unplaced(c, "competition", {"min": o.min_size, "max": o.max_size})

    # -- explanation of a club
    def describe(self, club_id, members, anchors, fillers, G) -> Club:
        members = tuple(sorted(members))
        counts: dict[str, int] = defaultdict(int)
        for m in members:
            for t in self.themes.get(m, ()):
                counts[t] += 1
        shared = tuple(sorted(((t, n) for t, n in counts.items() if n >= 2), key=lambda x: (-x[1], x[0])))
        dists = [_km(self.loc[a], self.loc[b]) for a, b in combinations(members, 2)]
        finite = [d for d in dists if math.isfinite(d)]
        effect = {}
        if G is not None:
            from coopgraph.planning.simulate import simulate_clubs

            sim = simulate_clubs(G, {club_id: members})
            effect = {
                "no_longer_isolated": len(sim.no_longer_isolated),
                "new_ties": sim.added_ties,
                "new_interregional_ties": sim.added_interregional_ties,
                "isolated_before": sim.before.isolated,
                "isolated_after": sim.after.isolated,
                "components_before": sim.before.components,
                "components_after": sim.after.components,
            }
        return Club(
            club_id=club_id,
            cites=members,
            regions=tuple(sorted({self.region[m] for m in members})),
            anchor_crpv=tuple(sorted(anchors)),
            fillers=tuple(m for m in members if m in fillers),
            shared_themes=shared,
            max_km=max(finite, default=0.0),
            mean_km=sum(finite) / len(finite) if finite else 0.0,
            effect=effect,
        )


def _solve(ctx: _Context, pool: list[str], fillers: set[str]):
    """Build and solve the CP-SAT model; return ``([(members, anchors)], status, objective)``."""
    try:
        from ortools.sat.python import cp_model
    except ImportError as exc:  # pragma: no cover - ortools is a declared dependency
        raise PlanningError("plan-clusters needs OR-Tools: pip install 'coopgraph[plan]'") from exc

    o = ctx.options
    in_pool = set(pool)
    crpvs = sorted(p for p in ctx.cover if ctx.cover[p] & in_pool)
    n_clubs = min(len(pool) // o.min_size, len(crpvs) * o.workload)
    targets = [c for c in pool if c not in fillers]
    if n_clubs == 0:
        return [], "INFEASIBLE", {}
    K = range(n_clubs)
    m = cp_model.CpModel()
    x = {(c, k): m.NewBoolVar(f"x[{c},{k}]") for c in pool for k in K}
    y = [m.NewBoolVar(f"y[{k}]") for k in K]
    for c in pool:
        m.AddAtMostOne(x[c, k] for k in K)
    # Clubs are interchangeable: number them by their first member (in pool
    # order), so a cité joins club k only if an earlier cité is in club k-1.
    # seen[i,k]: one of the first i+1 cités is in club k (a prefix OR).
    seen: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, c in enumerate(pool):
        for k in K:
            if k > i:
                m.Add(x[c, k] == 0)
                continue
            if k:
                m.AddImplication(x[c, k], seen[i - 1, k - 1])
            v = seen[i, k] = m.NewBoolVar(f"seen[{i},{k}]")
            m.AddImplication(x[c, k], v)
            if i and (i - 1, k) in seen:
                m.AddImplication(seen[i - 1, k], v)
                m.AddBoolOr([seen[i - 1, k], x[c, k], v.Not()])
            else:
                m.AddBoolOr([x[c, k], v.Not()])
    for k in K:
        size = sum(x[c, k] for c in pool)
        m.Add(size >= o.min_size * y[k])
        m.Add(size <= o.max_size * y[k])
        if k:
            m.Add(y[k] <= y[k - 1])

    # geography
    regions = sorted({ctx.region[c] for c in pool})
    zs: dict[int, list] = {}
    if ctx.use_borders:
        sets = [s for s in ctx.region_sets if s <= set(regions)]
        for k in K:
            r = {g: m.NewBoolVar(f"r[{k},{g}]") for g in regions}
            z = [m.NewBoolVar(f"z[{k},{i}]") for i in range(len(sets))]
            zs[k] = list(zip(sets, z, strict=True))
            m.Add(sum(z) == y[k])
            for g in regions:
                here = [x[c, k] for c in pool if ctx.region[c] == g]
                for v in here:
                    m.AddImplication(v, r[g])
                m.Add(r[g] <= sum(here))
                m.Add(r[g] == sum(z[i] for i, s in enumerate(sets) if g in s))
    if ctx.use_distance:
        members = set(pool)
        for pair in ctx.far:
            if pair <= members:
                u, v = sorted(pair)
                for k in K:
                    m.AddBoolOr([x[u, k].Not(), x[v, k].Not()])

    # anchors
    a = {(p, k): m.NewBoolVar(f"a[{p},{k}]") for p in crpvs for k in K}
    for k in K:
        for p in crpvs:
            m.Add(a[p, k] <= sum(x[c, k] for c in ctx.cover[p] if c in in_pool))
            m.AddImplication(a[p, k], y[k])
        m.Add(sum(a[p, k] for p in crpvs) >= y[k])
    for p in crpvs:
        m.Add(sum(a[p, k] for k in K) <= o.workload)

    # phase 1: place as many cités as possible
    placed = sum(x[c, k] for c in targets for k in K)
    m.Maximize(placed)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = o.time_limit
    solver.parameters.num_workers = o.workers
    solver.parameters.random_seed = o.seed
    solver.parameters.log_search_progress = _LOG
    if o.deterministic:
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = o.time_limit
    status1 = solver.Solve(m)
    if status1 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status1 == cp_model.INFEASIBLE:
            raise PlanningError("the planning model is infeasible (this is a bug: placement is optional)")
        raise PlanningError(
            f"the solver found no plan within {o.time_limit:g} s; raise --time-limit"
        )
    best = round(solver.ObjectiveValue())
    for v in x.values():
        m.AddHint(v, solver.Value(v))
    for k in K:
        m.AddHint(y[k], solver.Value(y[k]))
    for v in a.values():
        m.AddHint(v, solver.Value(v))

    # phase 2: with that many placed, prefer own anchors, shared themes, few fillers, small spread
    m.Add(placed >= best)
    own = []
    for c in pool:
        ps = [p for p in crpvs if c in ctx.cover[p]]
        if not ps:
            continue
        for k in K:
            v = m.NewBoolVar(f"own[{c},{k}]")
            m.AddImplication(v, x[c, k])
            m.Add(v <= sum(a[p, k] for p in ps))
            own.append(v)
    held = defaultdict(list)
    for c in pool:
        for t in ctx.themes[c]:
            held[t].append(c)
    held = {t: cs for t, cs in held.items() if len(cs) >= 2 and W_SHARED_THEME}
    theme_terms = []
    for t, cs in held.items():
        for k in K:
            present = m.NewBoolVar(f"t[{t},{k}]")
            for c in cs:
                m.AddImplication(x[c, k], present)
            theme_terms.append(sum(x[c, k] for c in cs) - present)
    # A club's spread is charged through its région set: the largest distance
    # between two candidates of those régions (an upper bound of the club's
    # diameter). Linear in z, hence a tight relaxation; the bounding box of
    # the members, tried first, made the second solve crawl.
    spread = []
    if W_SPREAD_KM:
        for k in K:
            for S, var in zs.get(k, ()):
                spread.append(round(ctx.region_set_diameter(S)) * var)
    n_fillers = sum(x[c, k] for c in fillers if c in in_pool for k in K)
    m.Maximize(
        W_OWN_ANCHOR * sum(own)
        + W_SHARED_THEME * sum(theme_terms)
        - W_FILLER * n_fillers
        - W_SPREAD_KM * sum(spread)
    )
    status2 = solver.Solve(m)
    if status2 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # keep phase 1 (hinted) otherwise
        raise PlanningError(f"the solver found no plan within {o.time_limit:g} s; raise --time-limit")
    clubs = []
    for k in K:
        if solver.Value(y[k]):
            members = [c for c in pool if solver.Value(x[c, k])]
            anchors = [p for p in crpvs if solver.Value(a[p, k])]
            clubs.append((members, anchors))
    clubs.sort(key=lambda club: (sorted(ctx.region[c] for c in club[0]), club[0]))
    optimal = status1 == cp_model.OPTIMAL and status2 == cp_model.OPTIMAL
    objective = {
        "placed": best,
        "placed_proven_optimal": status1 == cp_model.OPTIMAL,
        "own_anchor": int(sum(solver.Value(v) for v in own)),
        "shared_themes": int(sum(solver.Value(t) for t in theme_terms)) if theme_terms else 0,
        "fillers": int(solver.Value(n_fillers)) if fillers else 0,
        "spread_km": int(solver.Value(sum(spread))) if spread else 0,
        "clubs_max": n_clubs,
    }
    return clubs, "OPTIMAL" if optimal else "FEASIBLE", objective
