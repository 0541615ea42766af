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

Scaling. The pool is first split into parts no club can straddle
(components of the bordering-région graph and of the "within ``max_km``"
graph, merged when one CRPV covers both: the overseas régions and Corse are
always apart); each part gets its own model. In each part a greedy plan
(:func:`_greedy`: clubs formed one at a time, the one placing the most cités
first, from a cité a CRPV with spare workload covers, over one connected
région set) is given to CP-SAT as a complete hint; the first solve is
skipped when the greedy plan places every cité, and the plan returned never
places fewer cités than the greedy one (if the solver finds nothing better
in time, the greedy plan is kept). The second solve starts from the best
plan of the first (hint). CP-SAT runs with a fixed ``random_seed`` and
``num_workers``; ``deterministic=True`` (or one worker) makes even
time-limited runs reproducible; the greedy plan is deterministic.

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

GREEDY_METHOD = "greedy: clubs formed one at a time, the one placing the most cités first"

_LOG = False  # CP-SAT search log on stderr, for tuning
_CHECK_HINTS = False  # check that every hint is a feasible solution (tests)


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
    method: str = (
        "CP-SAT (OR-Tools) per independent part, from a greedy plan, lexicographic: "
        "placed cités, then anchors/themes/fillers/spread"
    )

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
    solver: str = "cp-sat",
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
    solver : {"cp-sat", "greedy"}
        ``"greedy"`` returns the quick plan CP-SAT starts from (status
        ``GREEDY``): it respects every constraint but optimises nothing.

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
    if solver not in ("cp-sat", "greedy"):
        raise PlanningError(f"unknown solver {solver!r}; choose cp-sat or greedy")
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
        clubs, status, objective = _plan(ctx, solvable, fillers, use_solver=solver == "cp-sat")
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
            proven = status == "GREEDY" or objective.get("placed_proven_optimal", True)
            unplaced[c] = ctx.why_left_out(c, anchors_used, proven)
    plan = ClusterPlan(
        clubs=tuple(built),
        unplaced=tuple(unplaced[c] for c in sorted(unplaced)),
        candidates=candidates,
        options=options,
        status=status,
        solve_seconds=time.perf_counter() - started,
        objective=objective,
        period=period or Period(),
        **({"method": GREEDY_METHOD} if solver == "greedy" else {}),
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
        self.region_set_index = set(self.region_sets)
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
        shared = tuple(
            sorted(((t, n) for t, n in counts.items() if n >= 2), key=lambda x: (-x[1], x[0]))
        )
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


# ---------------------------------------------------------------- solving

_Plan = list[tuple[list[str], list[str]]]  # [(members, anchors)] per club


def _plan(ctx: _Context, pool: list[str], fillers: set[str], use_solver: bool = True):
    """Solve each independent part of ``pool`` (greedy plan, then CP-SAT
    hinted with it, unless not ``use_solver``); return
    ``([(members, anchors)], status, objective)``."""
    parts = _components(ctx, pool)
    clubs: _Plan = []
    proven = optimal = True
    greedy_placed = 0
    for part in parts:
        if all(c in fillers for c in part):
            continue
        part_fillers = fillers & set(part)
        greedy = _greedy(ctx, part, part_fillers)
        greedy_placed += _placed(greedy, part_fillers)
        if not use_solver:
            clubs.extend(greedy)
            proven = optimal = False
            continue
        got, part_proven, part_optimal = _solve(ctx, part, part_fillers, greedy)
        clubs.extend(got)
        proven &= part_proven
        optimal &= part_optimal
    clubs.sort(key=lambda club: (sorted(ctx.region[c] for c in club[0]), club[0]))
    objective = {
        "placed": _placed(clubs, fillers),
        "placed_proven_optimal": proven,
        **_score(ctx, clubs, fillers),
        "greedy_placed": greedy_placed,
        "parts": [len(p) for p in parts],
    }
    status = "OPTIMAL" if optimal else "FEASIBLE" if use_solver else "GREEDY"
    return clubs, status, objective


def _placed(clubs: _Plan, fillers: set[str]) -> int:
    return sum(1 for members, _ in clubs for c in members if c not in fillers)


def _score(ctx: _Context, clubs: _Plan, fillers: set[str]) -> dict:
    """The terms of the second objective for ``clubs`` (as the model counts them)."""
    held: dict[str, int] = defaultdict(int)
    for c in ctx.pool:
        for t in ctx.themes[c]:
            held[t] += 1
    own = shared = n_fillers = spread = 0
    for members, anchors in clubs:
        own += sum(1 for c in members if any(c in ctx.cover[p] for p in anchors))
        counts: dict[str, int] = defaultdict(int)
        for c in members:
            for t in ctx.themes[c]:
                if held[t] >= 2:
                    counts[t] += 1
        shared += sum(n - 1 for n in counts.values())
        n_fillers += sum(1 for c in members if c in fillers)
        if ctx.use_borders and W_SPREAD_KM:
            spread += round(ctx.region_set_diameter(frozenset(ctx.region[c] for c in members)))
    return {"own_anchor": own, "shared_themes": shared, "fillers": n_fillers, "spread_km": spread}


def _components(ctx: _Context, pool: list[str]) -> list[list[str]]:
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
        R.add_edges_from((g, h) for g, h in combinations(regions, 2) if _borders(g, h))
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


def _greedy(ctx: _Context, pool: list[str], fillers: set[str]) -> _Plan:
    """The best of the :func:`_greedy_once` plans (most cités placed, then
    the second objective), one per order of preference."""
    plans = [_greedy_once(ctx, pool, fillers, rank) for rank in _GREEDY_RANKS]
    return max(
        plans, key=lambda plan: (_placed(plan, fillers), _weighted(_score(ctx, plan, fillers)))
    )


# How the greedy plan ranks the clubs it could form next (each an order of:
# 0 most targets placed, 1 fewest fillers, 2 fewest régions, 3 most members
# covered by the anchor, 4 smallest spread; ties broken by member order):
# biggest clubs first, compact clubs first, few régions first.
_GREEDY_RANKS = ((0, 1, 2, 3, 4), (0, 1, 4, 2, 3), (2, 0, 1, 4, 3))


def _greedy_once(ctx: _Context, pool: list[str], fillers: set[str], rank=_GREEDY_RANKS[0]) -> _Plan:
    """A quick feasible plan: clubs are formed one at a time, each time the
    one placing the most cités to place (then: fewest fillers, fewest régions,
    most members covered by the anchor, smallest spread), grown from a cité a
    CRPV with spare workload covers, over one connected région set (border
    rule) and with the cités nearest that seed (distance rule). Cités left
    over then join a club with room when the rules allow.

    Deterministic: every choice is made in a sorted order.
    """
    o = ctx.options
    order = {c: i for i, c in enumerate(pool)}
    remaining = set(pool)
    load: dict[str, int] = defaultdict(int)
    if ctx.use_borders:
        present = {ctx.region[c] for c in pool}
        zones: list[frozenset[str] | None] = [
            s for s in ctx.region_sets if s <= present and len(s) <= o.max_size
        ]
    else:
        zones = [None]
    km = {}

    def dist(a: str, b: str) -> float:
        key = (a, b) if a < b else (b, a)
        if key not in km:
            km[key] = _km(ctx.loc[a], ctx.loc[b])
        return km[key]

    def fits(c: str, chosen: list[str]) -> bool:
        return not ctx.use_distance or all(frozenset((c, m)) not in ctx.far for m in chosen)

    def free_crpvs(c: str) -> list[str]:
        return sorted(p for p in ctx.crpvs_of[c] if load[p] < o.workload)

    def grow(seed: str, members: list[str], zone) -> list[str] | None:
        rest = sorted(
            (c for c in members if c != seed),
            key=lambda c: (c in fillers, dist(seed, c), order[c]),
        )
        chosen = [seed]
        if zone is not None:  # one cité of every région of the set first: it stays connected
            for g in sorted(
                zone - {ctx.region[seed]}, key=lambda g: (dist(seed, ctx.by_region[g][0]), g)
            ):
                pick = next(
                    (c for c in rest if ctx.region[c] == g and c not in chosen and fits(c, chosen)),
                    None,
                )
                if pick is None:
                    return None
                chosen.append(pick)
        if len(chosen) > o.max_size:
            return None
        for target_phase in (True, False):
            for c in rest:
                if len(chosen) >= (o.max_size if target_phase else o.min_size):
                    break
                if (c in fillers) != (not target_phase) or c in chosen:
                    continue
                if fits(c, chosen):
                    chosen.append(c)
        return chosen if len(chosen) >= o.min_size else None

    def spread(chosen: list[str]) -> float:
        ds = [dist(a, b) for a, b in combinations(chosen, 2)]
        return max((d for d in ds if math.isfinite(d)), default=0.0)

    clubs: _Plan = []
    while True:
        best = None
        for zone in zones:
            members = [
                c for c in pool if c in remaining and (zone is None or ctx.region[c] in zone)
            ]
            if len(members) < o.min_size or not any(c not in fillers for c in members):
                continue
            if zone is not None and {ctx.region[c] for c in members} != zone:
                continue
            seeds = [c for c in members if free_crpvs(c)]
            if not seeds:
                continue
            if zone is not None and not ctx.use_distance:
                # the seed only orders the members: take the one nearest their centre
                centre = _centre(ctx, members)
                seeds = [min(seeds, key=lambda s: (_km(ctx.loc[s], centre), order[s]))]
            for seed in seeds:
                chosen = grow(seed, members, zone)
                if chosen is None:
                    continue
                anchor = min(
                    free_crpvs(seed), key=lambda p: (-len(ctx.cover[p] & set(chosen)), load[p], p)
                )
                targets = sum(1 for c in chosen if c not in fillers)
                terms = (
                    -targets,
                    len(chosen) - targets,
                    len({ctx.region[c] for c in chosen}),
                    -len(ctx.cover[anchor] & set(chosen)),
                    round(spread(chosen), 3),
                )
                key = (*(terms[i] for i in rank), sorted(order[c] for c in chosen))
                if best is None or key < best[0]:
                    best = (key, chosen, anchor)
        if best is None:
            break
        _, chosen, anchor = best
        load[anchor] += 1
        remaining -= set(chosen)
        clubs.append((sorted(chosen, key=order.__getitem__), [anchor]))

    # Left-over cités to place join a club with room, when the rules allow.
    for c in [c for c in pool if c in remaining and c not in fillers]:
        for members, _ in sorted(clubs, key=lambda club: min(dist(c, m) for m in club[0])):
            if len(members) >= o.max_size or not fits(c, members):
                continue
            if ctx.use_borders:
                regions = {ctx.region[m] for m in members} | {ctx.region[c]}
                if len(regions) > o.max_regions or frozenset(regions) not in ctx.region_set_index:
                    continue
            members.append(c)
            members.sort(key=order.__getitem__)
            remaining.discard(c)
            break
    return clubs


def _centre(ctx: _Context, members: list[str]) -> tuple[float, float] | None:
    """Mean position of the located ``members`` (``None`` if none is located)."""
    locs = [ctx.loc[c] for c in members if ctx.loc[c] is not None]
    if not locs:
        return None
    return (sum(p[0] for p in locs) / len(locs), sum(p[1] for p in locs) / len(locs))


def _solve(ctx: _Context, pool: list[str], fillers: set[str], greedy: _Plan):
    """Build and solve the CP-SAT model of one part, hinted with ``greedy``.

    Returns ``(clubs, placed_proven_optimal, optimal)``. Never places fewer
    cités than ``greedy``: if the solver finds nothing better in time, the
    greedy plan (or the first solve's plan) is kept.
    """
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
        return [], True, True
    K = range(n_clubs)
    index = {c: i for i, c in enumerate(pool)}
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
    rs: dict[tuple[int, str], cp_model.IntVar] = {}
    if ctx.use_borders:
        sets = [s for s in ctx.region_sets if s <= set(regions)]
        for k in K:
            r = {g: m.NewBoolVar(f"r[{k},{g}]") for g in regions}
            rs.update(((k, g), v) for g, v in r.items())
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
        for pair in ctx.far:
            if pair <= in_pool:
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

    # second-objective terms (constrained only in the second solve)
    own: dict[tuple[str, int], cp_model.IntVar] = {}
    held = defaultdict(list)
    for c in pool:
        for t in ctx.themes[c]:
            held[t].append(c)
    held = {t: cs for t, cs in held.items() if len(cs) >= 2 and W_SHARED_THEME}
    present: dict[tuple[str, int], cp_model.IntVar] = {}

    def numbered(plan: _Plan) -> _Plan:
        """The clubs of ``plan`` in the model's order (by first member)."""
        return sorted(
            ((sorted(ms, key=index.__getitem__), sorted(ps)) for ms, ps in plan),
            key=lambda club: index[club[0][0]],
        )

    def hint(plan: _Plan) -> None:
        """Hint every variable with its value in ``plan``."""
        m.ClearHints()
        plan = numbered(plan)
        club_of = {c: k for k, (ms, _) in enumerate(plan) for c in ms}
        anchors = {(p, k) for k, (_, ps) in enumerate(plan) for p in ps}
        for (c, k), v in x.items():
            m.AddHint(v, club_of.get(c) == k)
        for k in K:
            m.AddHint(y[k], k < len(plan))
        for (i, k), v in seen.items():
            m.AddHint(v, any(club_of.get(c) == k for c in pool[: i + 1]))
        for (p, k), v in a.items():
            m.AddHint(v, (p, k) in anchors)
        for (k, g), v in rs.items():
            m.AddHint(v, k < len(plan) and any(ctx.region[c] == g for c in plan[k][0]))
        for k, pairs in zs.items():
            span = frozenset(ctx.region[c] for c in plan[k][0]) if k < len(plan) else None
            for S, v in pairs:
                m.AddHint(v, S == span)
        for (c, k), v in own.items():
            m.AddHint(v, club_of.get(c) == k and any((p, k) in anchors for p in ctx.crpvs_of[c]))
        for (t, k), v in present.items():
            m.AddHint(v, any(club_of.get(c) == k for c in held[t]))

    def check_hint() -> None:
        """With :data:`_CHECK_HINTS`, fail unless the hint is a solution."""
        if not _CHECK_HINTS:
            return
        checker = cp_model.CpSolver()
        checker.parameters.fix_variables_to_their_hinted_value = True
        checker.parameters.num_workers = 1
        checker.parameters.max_time_in_seconds = 60
        status = checker.Solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise AssertionError(
                f"the hint is not a solution of the model ({checker.StatusName(status)})"
            )

    def read() -> _Plan:
        return [
            (
                [c for c in pool if solver.Value(x[c, k])],
                [p for p in crpvs if solver.Value(a[p, k])],
            )
            for k in K
            if solver.Value(y[k])
        ]

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = o.time_limit
    solver.parameters.num_workers = o.workers
    solver.parameters.random_seed = o.seed
    solver.parameters.log_search_progress = _LOG
    if o.deterministic:
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = o.time_limit

    # phase 1: place as many cités as possible (skipped when the greedy plan places them all)
    placed = sum(x[c, k] for c in targets for k in K)
    best, best_n = greedy, _placed(greedy, fillers)
    if best_n == len(targets):
        proven = True
    else:
        m.Maximize(placed)
        hint(greedy)
        check_hint()
        status1 = solver.Solve(m)
        if status1 == cp_model.INFEASIBLE:
            raise PlanningError(
                "the planning model is infeasible (this is a bug: placement is optional)"
            )
        proven = status1 == cp_model.OPTIMAL
        if (
            status1 in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            and round(solver.ObjectiveValue()) > best_n
        ):
            best, best_n = read(), round(solver.ObjectiveValue())
    if not best:
        return [], proven, proven

    # phase 2: with that many placed, prefer own anchors, shared themes, few fillers, small spread
    m.Add(placed >= best_n)
    for c in pool:
        ps = sorted(ctx.crpvs_of[c] & set(crpvs))
        for k in K if ps else ():
            v = own[c, k] = m.NewBoolVar(f"own[{c},{k}]")
            m.AddImplication(v, x[c, k])
            m.Add(v <= sum(a[p, k] for p in ps))
    theme_terms = []
    for t, cs in held.items():
        for k in K:
            v = present[t, k] = m.NewBoolVar(f"t[{t},{k}]")
            for c in cs:
                m.AddImplication(x[c, k], v)
            theme_terms.append(sum(x[c, k] for c in cs) - v)
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
        W_OWN_ANCHOR * sum(own.values())
        + W_SHARED_THEME * sum(theme_terms)
        - W_FILLER * n_fillers
        - W_SPREAD_KM * sum(spread)
    )
    hint(best)
    check_hint()
    status2 = solver.Solve(m)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        got = read()
        if _weighted(_score(ctx, got, fillers)) >= _weighted(_score(ctx, best, fillers)):
            best = got
    return best, proven, proven and status2 == cp_model.OPTIMAL


def _weighted(score: dict) -> int:
    return (
        W_OWN_ANCHOR * score["own_anchor"]
        + W_SHARED_THEME * score["shared_themes"]
        - W_FILLER * score["fillers"]
        - W_SPREAD_KM * score["spread_km"]
    )
