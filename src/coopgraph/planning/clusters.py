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
   ``100·own_anchor + 20·shared_themes − 1000·fillers − spread_km
   (+ partners with --prefer-partners)`` where
   ``own_anchor`` counts members whose own CRPV anchors their club,
   ``shared_themes`` counts (member, theme) pairs whose theme another member
   of the club also holds (``Σ_c |themes(c)| − Σ_k distinct themes of k``),
   and ``spread_km`` is, with the border rule, the sum over clubs of the
   largest distance between two candidates of the club's régions (a linear
   stand-in for the distance spread; with the distance rule alone the
   ``max_km`` bound is the only spread control). With partner scores
   (``--prefer-partners``), ``partners`` sums, over the pairs of members of
   each club, ``round(100 × score)`` where ``score`` is the pair's partner
   suggestion score (:func:`coopgraph.suggest.partner_scores`: how likely
   the two cités are to become partners), for each cité's 8 best-scored
   partners of the pool; a boolean per (pair, club) below both members'
   ``x`` carries it.

Scaling. The pool is first split into parts no club can straddle
(components of the bordering-région graph and of the "within ``max_km``"
graph, merged when one CRPV covers both: the overseas régions and Corse are
always apart); each part gets its own model. In each part a greedy plan
(:func:`~coopgraph.planning.greedy.greedy_plan`: clubs formed one at a
time, the one placing the most cités first, from a cité a CRPV with spare
workload covers, over one connected région set) is given to CP-SAT as a
complete hint; the first solve is
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

Where it lives
--------------
This module runs the steps (:func:`plan_clusters`); each step has its own
module: :mod:`~coopgraph.planning.model` (options, records, objective
terms), :mod:`~coopgraph.planning.candidates` (the cités to place, their
themes, CRPV coverage, région sets, the pool and its independent parts),
:mod:`~coopgraph.planning.greedy` (the warm start),
:mod:`~coopgraph.planning.cpsat` (the CP-SAT model) and
:mod:`~coopgraph.planning.explain` (clubs described, cités left out).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from coopgraph.errors import InLanguage, PlanningError
from coopgraph.graph.projections import Period
from coopgraph.model import Dataset
from coopgraph.planning.candidates import (
    PlanContext,
    cite_themes,
    cites_to_place,
    connected_region_sets,
    crpv_coverage,
    independent_parts,
    partner_points,
)
from coopgraph.planning.cpsat import solve_part
from coopgraph.planning.explain import describe_club, rule_text, unreachable, why_left_out
from coopgraph.planning.greedy import GREEDY_METHOD, greedy_plan
from coopgraph.planning.model import (
    PARTNER_POINTS,
    PARTNERS_PER_CITE,
    Candidate,
    Club,
    ClubList,
    ClusterPlan,
    PlanOptions,
    Unplaced,
    objective_terms,
    placed_count,
)

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

_LOG = False  # CP-SAT search log on stderr, for tuning
_CHECK_HINTS = False  # check that every hint is a feasible solution (tests)

# Former private names, still used by the tests of the parts.
_Context = PlanContext
_components = independent_parts


def plan_clusters(
    ds: Dataset,
    candidates: Sequence[Candidate],
    options: PlanOptions = PlanOptions(),
    *,
    G: nx.Graph | None = None,
    themes: Mapping[str, Iterable[str]] | None = None,
    period: Period | None = None,
    solver: str = "cp-sat",
    partner_scores: Mapping[tuple[str, str], float] | None = None,
    no_data: Collection[str] = (),
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
    partner_scores : mapping, optional
        Suggestion scores of pairs of cités (:func:`coopgraph.suggest.partner_scores`):
        clubs whose members are likely partners are preferred (the
        ``partners`` term of the second objective, see
        :data:`~coopgraph.planning.model.W_PARTNERS`).
    no_data : collection of str, optional
        Cités with no data over the period (:func:`cites_without_data`):
        never fillers (nothing says they are tied), listed apart in the
        plan (``ClusterPlan.no_data``).

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
    >>> from coopgraph.model import Cite, Institution
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
        for cite in ds.cites:
            if cite.id not in cands and cite.id not in no_data and cite.region in home:
                deg = G.degree(cite.id) if G is not None and cite.id in G else 0
                cands[cite.id] = Candidate(cite.id, "filler", deg)
    candidates = tuple(cands[c] for c in sorted(cands))
    pool = [c.cite_id for c in candidates]
    fillers = {c.cite_id for c in candidates if c.why == "filler"}
    ctx = PlanContext(ds, pool, options, themes or {})
    if partner_scores:
        ctx.partners = partner_points(pool, partner_scores, PARTNERS_PER_CITE, PARTNER_POINTS)

    # Cités that cannot be placed whatever the others do are left out of the model.
    unplaced = {c: u for c in targets if (u := unreachable(ctx, c)) is not None}
    solvable = [c for c in pool if c not in unplaced]
    clubs: ClubList
    objective: dict[str, Any]
    if not targets:
        clubs, status, objective = [], "NOTHING_TO_PLACE", {}
    elif len([c for c in solvable if c not in fillers]) == 0:
        clubs, status, objective = [], "INFEASIBLE", {}
    else:
        clubs, status, objective = _plan(ctx, solvable, fillers, use_solver=solver == "cp-sat")
    built = [
        describe_club(ctx, f"club-{i + 1:02d}", members, anchors, fillers, G)
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
            unplaced[c] = why_left_out(ctx, c, anchors_used, proven)
    plan = ClusterPlan(
        clubs=tuple(built),
        unplaced=tuple(unplaced[c] for c in sorted(unplaced)),
        candidates=candidates,
        options=options,
        status=status,
        solve_seconds=time.perf_counter() - started,
        objective=objective,
        period=period or Period(),
        no_data=tuple(sorted(no_data)),
        method=GREEDY_METHOD if solver == "greedy" else ClusterPlan.method,
    )
    if targets and not built:
        left_out = plan.unplaced
        err = PlanningError.of(
            "plan.none_formed",
            n=len(targets),
            min=options.min_size,
            max=options.max_size,
            workload=options.workload,
            rule=InLanguage(lambda lang: rule_text(options, lang)),
            lines=InLanguage(
                lambda lang: "\n".join(f"  {u.cite_id}: {u.reason(lang)}" for u in left_out)
            ),
        )
        err.plan = plan  # type: ignore[attr-defined]
        raise err
    return plan


def _plan(
    ctx: PlanContext, pool: list[str], fillers: set[str], use_solver: bool = True
) -> tuple[ClubList, str, dict[str, Any]]:
    """Solve each independent part of ``pool`` (greedy plan, then CP-SAT
    hinted with it, unless not ``use_solver``); return
    ``([(members, anchors)], status, objective)``."""
    parts = independent_parts(ctx, pool)
    clubs: ClubList = []
    proven = optimal = True
    greedy_placed = 0
    for part in parts:
        if all(c in fillers for c in part):
            continue
        part_fillers = fillers & set(part)
        greedy = greedy_plan(ctx, part, part_fillers)
        greedy_placed += placed_count(greedy, part_fillers)
        if not use_solver:
            clubs.extend(greedy)
            proven = optimal = False
            continue
        got, part_proven, part_optimal = solve_part(
            ctx, part, part_fillers, greedy, check_hints=_CHECK_HINTS, log=_LOG
        )
        clubs.extend(got)
        proven &= part_proven
        optimal &= part_optimal
    clubs.sort(key=lambda club: (sorted(ctx.region[c] for c in club[0]), club[0]))
    objective = {
        "placed": placed_count(clubs, fillers),
        "placed_proven_optimal": proven,
        **objective_terms(ctx, clubs, fillers),
        "greedy_placed": greedy_placed,
        "parts": [len(p) for p in parts],
    }
    status = "OPTIMAL" if optimal else "FEASIBLE" if use_solver else "GREEDY"
    return clubs, status, objective
