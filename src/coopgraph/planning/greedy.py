"""The greedy warm start: a quick plan that respects every constraint.

CP-SAT starts from it (as a complete hint) and the planner never returns a
plan placing fewer cités; ``plan_clusters(..., solver="greedy")`` returns it
as it is.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from coopgraph.planning.candidates import PlanContext, km
from coopgraph.planning.model import (
    W_OWN_ANCHOR,
    W_PARTNERS,
    W_SHARED_THEME,
    ClubList,
    objective_terms,
    placed_count,
    weighted_objective,
)

GREEDY_METHOD = "greedy: clubs formed one at a time, the one placing the most cités first"


def greedy_plan(ctx: PlanContext, pool: list[str], fillers: set[str]) -> ClubList:
    """The best of the :func:`_greedy_once` plans (most cités placed, then
    the second objective), one per order of preference."""
    plans = [_greedy_once(ctx, pool, fillers, rank) for rank in _GREEDY_RANKS]
    best = max(
        plans,
        key=lambda plan: (
            placed_count(plan, fillers),
            weighted_objective(objective_terms(ctx, plan, fillers)),
        ),
    )
    return swap_for_partners(ctx, best, fillers) if ctx.partners else best


def swap_for_partners(
    ctx: PlanContext, clubs: ClubList, fillers: set[str], passes: int = 5
) -> ClubList:
    """``clubs`` improved by swapping two cités of the same région between
    two clubs while the second objective grows (with ``--prefer-partners``
    its ``partners`` term rewards it): a swap keeps every club's size, its
    région set and the number of fillers, so the border rule still holds and
    only the anchors' own members, the shared themes and the partners
    change; the distance rule and each anchor (covering a member) are
    checked. Deterministic: swaps are tried in a sorted order and taken as
    soon as they gain, for at most ``passes`` passes over all pairs.

    >>> from coopgraph.model import Cite, Dataset, Institution
    >>> from coopgraph.planning.model import PlanOptions
    >>> ds = Dataset(cites=tuple(Cite(i, i, "28") for i in "pqrs"),
    ...              institutions=(Institution("n", "N", "crpv", regions=("28",)),))
    >>> ctx = PlanContext(ds, list("pqrs"), PlanOptions(min_size=2, max_size=2), {})
    >>> ctx.partners = {frozenset("pq"): 90, frozenset("rs"): 80}
    >>> better = swap_for_partners(ctx, [(["p", "r"], ["n"]), (["q", "s"], ["n"])], set())
    >>> sorted(members for members, _ in better)
    [['p', 'q'], ['r', 's']]
    """
    held: dict[str, int] = defaultdict(int)
    for c in ctx.pool:
        for t in ctx.themes[c]:
            held[t] += 1
    points = ctx.partners

    def value(members: list[str], anchors: list[str]) -> int:
        """The club's share of the terms a swap can change."""
        own = sum(1 for c in members if any(c in ctx.cover[p] for p in anchors))
        counts: dict[str, int] = defaultdict(int)
        for c in members:
            for t in ctx.themes[c]:
                if held[t] >= 2:
                    counts[t] += 1
        shared = sum(n - 1 for n in counts.values())
        pairs = sum(points.get(frozenset(ab), 0) for ab in combinations(members, 2))
        return W_OWN_ANCHOR * own + W_SHARED_THEME * shared + W_PARTNERS * pairs

    def valid(members: list[str], anchors: list[str]) -> bool:
        if any(not (ctx.cover[p] & set(members)) for p in anchors):
            return False
        return not ctx.use_distance or all(
            frozenset((a, b)) not in ctx.far for a, b in combinations(members, 2)
        )

    clubs = [(sorted(ms), list(ps)) for ms, ps in clubs]
    for _ in range(passes):
        improved = False
        for i, j in combinations(range(len(clubs)), 2):
            for a in list(clubs[i][0]):
                for b in list(clubs[j][0]):
                    (mi, pi), (mj, pj) = clubs[i], clubs[j]
                    if a not in mi or b not in mj or ctx.region[a] != ctx.region[b]:
                        continue
                    ni = sorted([c for c in mi if c != a] + [b])
                    nj = sorted([c for c in mj if c != b] + [a])
                    if not (valid(ni, pi) and valid(nj, pj)):
                        continue
                    if value(ni, pi) + value(nj, pj) > value(mi, pi) + value(mj, pj):
                        clubs[i], clubs[j] = (ni, pi), (nj, pj)
                        improved = True
        if not improved:
            break
    return clubs


# How the greedy plan ranks the clubs it could form next (each an order of:
# 0 most targets placed, 1 fewest fillers, 2 fewest régions, 3 most members
# covered by the anchor, 4 smallest spread; ties broken by member order):
# biggest clubs first, compact clubs first, few régions first.
_GREEDY_RANKS = ((0, 1, 2, 3, 4), (0, 1, 4, 2, 3), (2, 0, 1, 4, 3))


def _greedy_once(
    ctx: PlanContext,
    pool: list[str],
    fillers: set[str],
    rank: tuple[int, ...] = _GREEDY_RANKS[0],
) -> ClubList:
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
    distances: dict[tuple[str, str], float] = {}

    def dist(a: str, b: str) -> float:
        key = (a, b) if a < b else (b, a)
        if key not in distances:
            distances[key] = km(ctx.loc[a], ctx.loc[b])
        return distances[key]

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

    clubs: ClubList = []
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
                seeds = [min(seeds, key=lambda s: (km(ctx.loc[s], centre), order[s]))]
            for seed in seeds:
                chosen = grow(seed, members, zone)
                if chosen is None:
                    continue
                chosen_set = set(chosen)
                anchor = min(
                    free_crpvs(seed), key=lambda p: (-len(ctx.cover[p] & chosen_set), load[p], p)
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


def _centre(ctx: PlanContext, members: list[str]) -> tuple[float, float] | None:
    """Mean position of the located ``members`` (``None`` if none is located)."""
    locs = [loc for c in members if (loc := ctx.loc[c]) is not None]
    if not locs:
        return None
    return (sum(p[0] for p in locs) / len(locs), sum(p[1] for p in locs) / len(locs))
