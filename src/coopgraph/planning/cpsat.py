"""The CP-SAT model of one independent part of the pool, and its two solves.

See :mod:`coopgraph.planning.clusters` for the model (variables, constraints,
lexicographic objective). OR-Tools is a core dependency; if it cannot be
imported (a broken installation), :class:`MissingDependencyError` says so.
"""

from __future__ import annotations

from collections import defaultdict

from coopgraph.errors import MissingDependencyError, PlanningError
from coopgraph.planning.candidates import PlanContext
from coopgraph.planning.model import (
    W_FILLER,
    W_OWN_ANCHOR,
    W_PARTNERS,
    W_SHARED_THEME,
    W_SPREAD_KM,
    ClubList,
    objective_terms,
    placed_count,
    weighted_objective,
)


def solve_part(
    ctx: PlanContext,
    pool: list[str],
    fillers: set[str],
    greedy: ClubList,
    *,
    check_hints: bool = False,
    log: bool = False,
) -> tuple[ClubList, bool, bool]:
    """Build and solve the CP-SAT model of one part, hinted with ``greedy``.

    Returns ``(clubs, placed_proven_optimal, optimal)``. Never places fewer
    cités than ``greedy``: if the solver finds nothing better in time, the
    greedy plan (or the first solve's plan) is kept. With ``check_hints``,
    every hint is first checked to be a solution of the model (tests); with
    ``log``, CP-SAT prints its search log on stderr (tuning).
    """
    try:
        from ortools.sat.python import cp_model
    except ImportError as exc:
        raise MissingDependencyError(
            "plan-clusters needs OR-Tools (the Python package 'ortools', a dependency of "
            f"coopgraph), which cannot be imported ({exc}): install it in coopgraph's "
            "environment with pip install 'ortools>=9.10'"
        ) from exc

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
    x = {(c, k): m.new_bool_var(f"x[{c},{k}]") for c in pool for k in K}
    y = [m.new_bool_var(f"y[{k}]") for k in K]
    for c in pool:
        m.add_at_most_one(x[c, k] for k in K)
    # Clubs are interchangeable: number them by their first member (in pool
    # order), so a cité joins club k only if an earlier cité is in club k-1.
    # seen[i,k]: one of the first i+1 cités is in club k (a prefix OR).
    seen: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, c in enumerate(pool):
        for k in K:
            if k > i:
                m.add(x[c, k] == 0)
                continue
            if k:
                m.add_implication(x[c, k], seen[i - 1, k - 1])
            v = seen[i, k] = m.new_bool_var(f"seen[{i},{k}]")
            m.add_implication(x[c, k], v)
            if i and (i - 1, k) in seen:
                m.add_implication(seen[i - 1, k], v)
                m.add_bool_or([seen[i - 1, k], x[c, k], v.Not()])
            else:
                m.add_bool_or([x[c, k], v.Not()])
    for k in K:
        size = sum(x[c, k] for c in pool)
        m.add(size >= o.min_size * y[k])
        m.add(size <= o.max_size * y[k])
        if k:
            m.add(y[k] <= y[k - 1])

    # geography
    regions = sorted({ctx.region[c] for c in pool})
    zs: dict[int, list] = {}
    rs: dict[tuple[int, str], cp_model.IntVar] = {}
    if ctx.use_borders:
        sets = [s for s in ctx.region_sets if s <= set(regions)]
        for k in K:
            r = {g: m.new_bool_var(f"r[{k},{g}]") for g in regions}
            rs.update(((k, g), v) for g, v in r.items())
            z = [m.new_bool_var(f"z[{k},{i}]") for i in range(len(sets))]
            zs[k] = list(zip(sets, z, strict=True))
            m.add(sum(z) == y[k])
            for g in regions:
                here = [x[c, k] for c in pool if ctx.region[c] == g]
                for v in here:
                    m.add_implication(v, r[g])
                m.add(r[g] <= sum(here))
                m.add(r[g] == sum(z[i] for i, s in enumerate(sets) if g in s))
    if ctx.use_distance:
        for pair in ctx.far:
            if pair <= in_pool:
                first, second = sorted(pair)
                for k in K:
                    m.add_bool_or([x[first, k].Not(), x[second, k].Not()])

    # anchors
    a = {(p, k): m.new_bool_var(f"a[{p},{k}]") for p in crpvs for k in K}
    for k in K:
        for p in crpvs:
            m.add(a[p, k] <= sum(x[c, k] for c in ctx.cover[p] if c in in_pool))
            m.add_implication(a[p, k], y[k])
        m.add(sum(a[p, k] for p in crpvs) >= y[k])
    for p in crpvs:
        m.add(sum(a[p, k] for k in K) <= o.workload)

    # second-objective terms (constrained only in the second solve)
    own: dict[tuple[str, int], cp_model.IntVar] = {}
    holders: defaultdict[str, list[str]] = defaultdict(list)
    for c in pool:
        for t in ctx.themes[c]:
            holders[t].append(c)
    held = {t: cs for t, cs in holders.items() if len(cs) >= 2 and W_SHARED_THEME}
    present: dict[tuple[str, int], cp_model.IntVar] = {}
    # likely partners in one club (--prefer-partners): pair[c,d,k] ≤ x[c,k], x[d,k]
    partner_pairs = sorted(
        (tuple(sorted(pair)), n) for pair, n in ctx.partners.items() if pair <= in_pool
    )
    together: dict[tuple[str, str, int], cp_model.IntVar] = {}

    def numbered(plan: ClubList) -> ClubList:
        """The clubs of ``plan`` in the model's order (by first member)."""
        return sorted(
            ((sorted(ms, key=index.__getitem__), sorted(ps)) for ms, ps in plan),
            key=lambda club: index[club[0][0]],
        )

    def hint(plan: ClubList) -> None:
        """Hint every variable with its value in ``plan``."""
        m.clear_hints()
        plan = numbered(plan)
        club_of = {c: k for k, (ms, _) in enumerate(plan) for c in ms}
        anchors = {(p, k) for k, (_, ps) in enumerate(plan) for p in ps}
        for (c, k), v in x.items():
            m.add_hint(v, club_of.get(c) == k)
        for k in K:
            m.add_hint(y[k], k < len(plan))
        for (i, k), v in seen.items():
            m.add_hint(v, any(club_of.get(c) == k for c in pool[: i + 1]))
        for (p, k), v in a.items():
            m.add_hint(v, (p, k) in anchors)
        for (k, g), v in rs.items():
            m.add_hint(v, k < len(plan) and any(ctx.region[c] == g for c in plan[k][0]))
        for k, pairs in zs.items():
            span = frozenset(ctx.region[c] for c in plan[k][0]) if k < len(plan) else None
            for S, v in pairs:
                m.add_hint(v, S == span)
        for (c, k), v in own.items():
            m.add_hint(v, club_of.get(c) == k and any((p, k) in anchors for p in ctx.crpvs_of[c]))
        for (t, k), v in present.items():
            m.add_hint(v, any(club_of.get(c) == k for c in held[t]))
        for (c, d, k), v in together.items():
            m.add_hint(v, club_of.get(c) == k and club_of.get(d) == k)

    def check_hint() -> None:
        """With ``check_hints``, fail unless the hint is a solution."""
        if not check_hints:
            return
        checker = cp_model.CpSolver()
        checker.parameters.fix_variables_to_their_hinted_value = True
        checker.parameters.num_workers = 1
        checker.parameters.max_time_in_seconds = 60
        status = checker.solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise AssertionError(
                f"the hint is not a solution of the model ({checker.status_name(status)})"
            )

    def read() -> ClubList:
        return [
            (
                [c for c in pool if solver.value(x[c, k])],
                [p for p in crpvs if solver.value(a[p, k])],
            )
            for k in K
            if solver.value(y[k])
        ]

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = o.time_limit
    solver.parameters.num_workers = o.workers
    solver.parameters.random_seed = o.seed
    solver.parameters.log_search_progress = log
    if o.deterministic:
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = o.time_limit

    # phase 1: place as many cités as possible (skipped when the greedy plan places them all)
    placed = sum(x[c, k] for c in targets for k in K)
    best, best_n = greedy, placed_count(greedy, fillers)
    if best_n == len(targets):
        proven = True
    else:
        m.maximize(placed)
        hint(greedy)
        check_hint()
        status1 = solver.solve(m)
        if status1 == cp_model.INFEASIBLE:
            raise PlanningError(
                "the planning model is infeasible (this is a bug: placement is optional)"
            )
        proven = status1 == cp_model.OPTIMAL
        if (
            status1 in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            and round(solver.objective_value) > best_n
        ):
            best, best_n = read(), round(solver.objective_value)
    if not best:
        return [], proven, proven

    # phase 2: with that many placed, prefer own anchors, shared themes, few fillers, small spread
    m.add(placed >= best_n)
    for c in pool:
        ps = sorted(ctx.crpvs_of[c] & set(crpvs))
        for k in K if ps else ():
            v = own[c, k] = m.new_bool_var(f"own[{c},{k}]")
            m.add_implication(v, x[c, k])
            m.add(v <= sum(a[p, k] for p in ps))
    theme_terms = []
    for t, cs in held.items():
        for k in K:
            v = present[t, k] = m.new_bool_var(f"t[{t},{k}]")
            for c in cs:
                m.add_implication(x[c, k], v)
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
    partner_terms = []
    for (c, d), n in partner_pairs:
        for k in K:
            v = together[c, d, k] = m.new_bool_var(f"p[{c},{d},{k}]")
            m.add_implication(v, x[c, k])
            m.add_implication(v, x[d, k])
            partner_terms.append(n * v)
    m.maximize(
        W_OWN_ANCHOR * sum(own.values())
        + W_SHARED_THEME * sum(theme_terms)
        - W_FILLER * n_fillers
        - W_SPREAD_KM * sum(spread)
        + W_PARTNERS * sum(partner_terms)
    )
    hint(best)
    check_hint()
    status2 = solver.solve(m)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        got = read()
        if weighted_objective(objective_terms(ctx, got, fillers)) >= weighted_objective(
            objective_terms(ctx, best, fillers)
        ):
            best = got
    return best, proven, proven and status2 == cp_model.OPTIMAL
