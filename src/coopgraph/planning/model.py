"""The planner's records and its objective.

Options (:class:`PlanOptions`), candidates (:class:`Candidate`), proposed
clubs (:class:`Club`), cités left out and why (:class:`Unplaced`,
:data:`REASONS`) and the plan (:class:`ClusterPlan`); then the objective
shared by the greedy plan and the CP-SAT model: its weights and the terms a
list of clubs scores (:func:`objective_terms`, :func:`weighted_objective`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period

if TYPE_CHECKING:
    from coopgraph.planning.candidates import PlanContext

GEOGRAPHY_RULES = ("borders", "distance", "both")

# Objective weights of the second solve (see coopgraph.planning.clusters).
W_OWN_ANCHOR = 100
W_SHARED_THEME = 20
W_FILLER = 1000
W_SPREAD_KM = 1
#: Weight of a point of likely partnership (``--prefer-partners``): a pair of
#: members of one club earns ``round(PARTNER_POINTS × score)`` points, its
#: suggestion score (:func:`coopgraph.suggest.partner_scores`, in [0, 1]);
#: a sure pair (score 1) weighs as much as a member anchored by its own CRPV.
W_PARTNERS = 1
PARTNER_POINTS = 100
#: With ``--prefer-partners``, each cité's pairs with its best-scored
#: partners of the pool only (keeps the CP-SAT model small on national pools).
PARTNERS_PER_CITE = 8

#: Clubs as the solvers handle them: ``[(members, anchor CRPVs)]``, one per club.
ClubList = list[tuple[list[str], list[str]]]


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
            raise PlanningError.of("plan.err.min_size", min=self.min_size)
        if self.max_size < self.min_size:
            raise PlanningError.of("plan.err.max_below_min", max=self.max_size, min=self.min_size)
        if self.geography not in GEOGRAPHY_RULES:
            raise PlanningError.of(
                "plan.err.geography", rule=self.geography, rules=", ".join(GEOGRAPHY_RULES)
            )
        if self.geography in ("distance", "both") and (self.max_km is None or self.max_km <= 0):
            raise PlanningError.of("plan.err.max_km")
        if self.geography in ("borders", "both") and self.max_regions < 1:
            raise PlanningError.of("plan.err.max_regions")
        if self.workload < 1:
            raise PlanningError.of("plan.err.workload")


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

    @property
    def interregional(self) -> bool:
        """Whether the club spans two régions or more (only then is it
        called interregional)."""
        return len(set(self.regions)) >= 2

    def as_dict(self) -> dict:
        d = asdict(self)
        d["interregional"] = self.interregional
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
        from coopgraph.i18n import catalogue

        table = catalogue(lang)
        detail = dict(self.detail)
        if "rule" in detail:  # the reach, worded in the reader's language
            parts = []
            if detail["rule"] in ("borders", "both"):
                parts.append(table["plan.unplaced.reach.borders"].format(**detail))
            if detail["rule"] in ("distance", "both"):
                parts.append(table["plan.unplaced.reach.distance"].format(**detail))
            detail["reach"] = ", ".join(parts)
        return table[f"plan.unplaced.{self.code}"].format(**detail)


#: The reasons a cité is left out, by ``code``: catalogue keys
#: ``plan.unplaced.CODE`` (and ``plan.unplaced.reach.*`` for the reach).
REASONS = ("pool", "no_anchor", "workload", "competition", "time_limit")


@dataclass(frozen=True)
class ClusterPlan:
    """The clubs proposed, the cités left out, and how the plan was made.

    ``no_data``: cités not offered a club because nothing is recorded of
    them over the period (no data is not isolation), listed apart."""

    clubs: tuple[Club, ...]
    unplaced: tuple[Unplaced, ...]
    candidates: tuple[Candidate, ...]
    options: PlanOptions
    status: str
    solve_seconds: float
    objective: dict
    period: Period = Period()
    no_data: tuple[str, ...] = ()
    method: str = (
        "CP-SAT (OR-Tools) per independent part, from a greedy plan, lexicographic: "
        "placed cités, then anchors/themes/fillers/spread"
    )

    @property
    def placed(self) -> int:
        return sum(len(c.cites) - len(c.fillers) for c in self.clubs)

    def within(self, cite_ids: Collection[str]) -> ClusterPlan:
        """The part of the plan that concerns a territory's cités: the clubs
        with at least one of them (whole, partners from elsewhere
        included), and those of them left out. The plan itself is made on
        the whole network, so that a territory's cités find partners across
        its borders."""
        keep = set(cite_ids)
        return replace(
            self,
            clubs=tuple(c for c in self.clubs if keep.intersection(c.cites)),
            unplaced=tuple(u for u in self.unplaced if u.cite_id in keep),
            candidates=tuple(c for c in self.candidates if c.cite_id in keep),
            no_data=tuple(c for c in self.no_data if c in keep),
        )

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "clubs": [c.as_dict() for c in self.clubs],
            "unplaced": [
                {"cite_id": u.cite_id, "reason": u.reason(lang), "code": u.code}
                for u in self.unplaced
            ],
            "candidates": [asdict(c) for c in self.candidates],
            "no_data": list(self.no_data),
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


# ---------------------------------------------------------------- objective


def placed_count(clubs: ClubList, fillers: set[str]) -> int:
    """Cités to place (not fillers) that ``clubs`` place."""
    return sum(1 for members, _ in clubs for c in members if c not in fillers)


def objective_terms(ctx: PlanContext, clubs: ClubList, fillers: set[str]) -> dict[str, int]:
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
    terms = {"own_anchor": own, "shared_themes": shared, "fillers": n_fillers, "spread_km": spread}
    if ctx.partners:  # only with --prefer-partners: plans without it keep their terms
        terms["partners"] = sum(
            ctx.partners.get(frozenset((a, b)), 0)
            for members, _ in clubs
            for i, a in enumerate(members)
            for b in members[i + 1 :]
        )
    return terms


def weighted_objective(score: dict[str, int]) -> int:
    """The second objective from its terms (:func:`objective_terms`)."""
    return (
        W_OWN_ANCHOR * score["own_anchor"]
        + W_SHARED_THEME * score["shared_themes"]
        - W_FILLER * score["fillers"]
        - W_SPREAD_KM * score["spread_km"]
        + W_PARTNERS * score.get("partners", 0)
    )
