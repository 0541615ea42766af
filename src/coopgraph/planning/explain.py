"""Explanations: what a proposed club brings, and why a cité was left out.

A club is described by its régions, anchor CRPVs, shared themes, distances
and, given the cooperation graph, what it would change
(:func:`describe_club`); a cité outside every club gets an
:class:`~coopgraph.planning.model.Unplaced` reason: too few candidates in
reach, no CRPV covering any of them (:func:`unreachable`, decided before
solving), CRPVs in reach at their workload, competition for the candidates
in reach, or the solver's time limit (:func:`why_left_out`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from coopgraph.planning.candidates import PlanContext, km
from coopgraph.planning.model import Club, PlanOptions, Unplaced


def _reach_detail(ctx: PlanContext) -> dict[str, Any]:
    """The geography rule, as :class:`Unplaced` details word it."""
    o = ctx.options
    return {"rule": o.geography, "max_regions": o.max_regions, "km": o.max_km or 0}


def unreachable(ctx: PlanContext, c: str) -> Unplaced | None:
    """Why ``c`` cannot be placed whatever the others do, or ``None``."""
    members = ctx.reach(c)
    o = ctx.options
    if len(members) < o.min_size:
        return Unplaced(c, "pool", {"n": len(members), "min": o.min_size, **_reach_detail(ctx)})
    if not any(ctx.crpvs_of[m] for m in members):
        return Unplaced(c, "no_anchor", _reach_detail(ctx))
    return None


def why_left_out(
    ctx: PlanContext, c: str, anchors_used: Mapping[str, int], proven: bool
) -> Unplaced:
    """Why a cité in reach of a club was left out of the plan."""
    o = ctx.options
    if not proven:
        return Unplaced(c, "time_limit", {"seconds": o.time_limit})
    members = ctx.reach(c)
    crpvs = sorted({p for m in members for p in ctx.crpvs_of[m]})
    if crpvs and all(anchors_used.get(p, 0) >= o.workload for p in crpvs):
        names = ", ".join(ctx.ds.institution_by_id[p].name for p in crpvs)
        return Unplaced(c, "workload", {"crpvs": names, "workload": o.workload})
    return Unplaced(c, "competition", {"min": o.min_size, "max": o.max_size})


def describe_club(
    ctx: PlanContext,
    club_id: str,
    members: Iterable[str],
    anchors: Iterable[str],
    fillers: set[str],
    G: nx.Graph | None,
) -> Club:
    """A proposed club with its explanation: régions, anchors, shared themes,
    distances and, given the cooperation graph ``G``, its effect."""
    cites = tuple(sorted(members))
    counts: dict[str, int] = defaultdict(int)
    for m in cites:
        for t in ctx.themes.get(m, ()):
            counts[t] += 1
    shared = tuple(
        sorted(((t, n) for t, n in counts.items() if n >= 2), key=lambda x: (-x[1], x[0]))
    )
    dists = [km(ctx.loc[a], ctx.loc[b]) for a, b in combinations(cites, 2)]
    finite = [d for d in dists if math.isfinite(d)]
    effect: dict[str, Any] = {}
    if G is not None:
        from coopgraph.planning.simulate import simulate_clubs

        sim = simulate_clubs(G, {club_id: cites})
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
        cites=cites,
        regions=tuple(sorted({ctx.region[m] for m in cites})),
        anchor_crpv=tuple(sorted(anchors)),
        fillers=tuple(m for m in cites if m in fillers),
        shared_themes=shared,
        max_km=max(finite, default=0.0),
        mean_km=sum(finite) / len(finite) if finite else 0.0,
        effect=effect,
    )


def rule_text(options: PlanOptions, lang: str = "en") -> str:
    """The geography rule in words, for error messages."""
    from coopgraph.i18n import translator

    t = translator(lang)
    parts = []
    if options.geography in ("borders", "both"):
        parts.append(t("plan.unplaced.reach.borders", max_regions=options.max_regions))
    if options.geography in ("distance", "both"):
        parts.append(t("plan.unplaced.reach.distance", km=options.max_km))
    return t("plan.rule.and").join(parts)
