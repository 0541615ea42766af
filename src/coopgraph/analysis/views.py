"""The graphs behind the maps and the exports, with their metrics.

:func:`build_view` makes one of the four views (cités, actors,
institutions, régions) of an :class:`~coopgraph.analysis.Analysis` with the
attributes a map or an export needs (label, région, coordinates, fallback
point) and the metrics (:func:`add_metrics`), reusing the analysis' graphs
and results: the map and the export show the very numbers the report prints.
Labels that depend on the reader (pseudonyms, explanations in a language)
are left for :meth:`coopgraph.labels.Labeller.label_view`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.graph.grouping import group_graph
from coopgraph.graph.projections import (
    actor_regions,
    attendees_by_meeting,
    copy_graph,
    meetings_in,
)
from coopgraph.labels import region_label
from coopgraph.metrics.bridges import interregional
from coopgraph.metrics.centrality import Betweenness
from coopgraph.metrics.communities import Communities
from coopgraph.metrics.isolation import IsolatedCite

if TYPE_CHECKING:
    from coopgraph.analysis.core import Analysis
    from coopgraph.analysis.territory import Scope

VIEWS = ("cites", "actors", "institutions", "regions")


def _fallback(departement: str | None, region: str | None) -> tuple[float, float] | None:
    for code, centroid in ((departement, geo.departement_centroid), (region, geo.region_centroid)):
        if code:
            try:
                return centroid(code)
            except KeyError:
                continue
    return None


def _set_place(G: nx.Graph, n: Any, lat: Any, lon: Any, departement=None, region=None) -> None:
    data = G.nodes[n]
    data["lat"], data["lon"] = lat, lon
    fb = _fallback(departement, region)
    data["fallback_lat"], data["fallback_lon"] = fb if fb else (None, None)


def _view_graph(an: Analysis, view: str) -> nx.Graph:
    """The graph of one view with its display attributes (a new graph: the
    analysis' own graphs are copied, never changed)."""
    ds = an.ds
    if view in ("cites", "regions"):
        G = copy_graph(an.cites)
        for c in ds.cites:
            G.nodes[c.id]["label"] = c.name
            _set_place(G, c.id, c.lat, c.lon, c.departement, c.region)
        if view == "cites":
            for c in ds.cites:
                G.nodes[c.id]["data_status"] = an.data_status[c.id]
            return G
        R = group_graph(G, dict(G.nodes(data="region")))
        R.graph["projection"] = "regions"
        for r in R:
            R.nodes[r]["region"] = r
            R.nodes[r]["label"] = region_label(r)
            point = _fallback(None, r)
            R.nodes[r]["lat"], R.nodes[r]["lon"] = point if point else (None, None)
            R.nodes[r]["fallback_lat"] = R.nodes[r]["fallback_lon"] = None
        return R
    if view == "institutions":
        G = copy_graph(an.institutions)
        for i in ds.institutions:
            G.nodes[i.id]["label"] = i.name
            dep = i.departements[0] if i.departements else None
            _set_place(G, i.id, i.lat, i.lon, dep, G.nodes[i.id].get("region"))
        return G
    G = copy_graph(an.actors)
    for a in ds.actors:
        data = G.nodes[a.id]
        # the person's label (name or pseudonym) is the labeller's: the id
        # holds its place, so that no name reaches a view by default
        data["label"] = a.id
        inst = ds.institution_by_id.get(a.institution_id)
        data["institution_name"] = inst.name if inst else a.institution_id
        cite = ds.cite_by_id.get(a.cite_id) if a.cite_id else None
        data["cite_name"] = cite.name if cite else None
        if a.role:
            data["role"] = a.role
        if cite is not None:
            _set_place(G, a.id, cite.lat, cite.lon, cite.departement, cite.region)
        elif inst is not None:
            dep = inst.departements[0] if inst.departements else None
            _set_place(G, a.id, inst.lat, inst.lon, dep, data.get("region"))
        else:
            _set_place(G, a.id, None, None, None, data.get("region"))
    return G


def actor_region_graph(an: Analysis) -> nx.Graph:
    """The actor network grouped by région, built from the meetings directly
    (never from the actor graph, which a few national meetings make
    quadratic: 20,000 actors give millions of ties).

    One node per région with ``members`` (its actors, :func:`~coopgraph.
    graph.projections.actor_regions`); two régions are tied by each meeting
    of the period that actors of both attended (``weight`` = meetings,
    ``meetings`` by date, ``first``, ``last``).

    >>> from datetime import date
    >>> from coopgraph.analysis import Analysis
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b"), Actor("z", "Z", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y"), Attendance("m1", "z")),
    ... )
    >>> R = actor_region_graph(Analysis(ds))
    >>> R.nodes["53"]["members"], R["28"]["53"]["meetings"], R.graph["original_size"]
    (2, ['m1'], (3, None))
    """
    ds, period, scales, min_shared = an.ds, an.period, an.scales, an.min_shared
    regions = actor_regions(ds)
    R = nx.Graph(
        projection="actors",
        grouped=True,
        grouped_by="region",
        original_size=(len(ds.actors), None),
        since=period.since,
        until=period.until,
        scales=None if scales is None else tuple(sorted(scales)),
        min_shared=min_shared,
    )
    members: dict[str, int] = {}
    for r in regions.values():
        if r:
            members[r] = members.get(r, 0) + 1
    for r, n in sorted(members.items()):
        point = _fallback(None, r)
        R.add_node(
            r,
            members=n,
            region=r,
            label=region_label(r),
            lat=point[0] if point else None,
            lon=point[1] if point else None,
        )
    attendees = attendees_by_meeting(ds)
    pairs: dict[tuple[str, str], list] = {}
    for m in sorted(meetings_in(ds, period, scales), key=lambda m: (m.date, m.id)):
        present = sorted({r for a in attendees.get(m.id, ()) if (r := regions.get(a))})
        for i, u in enumerate(present):
            for v in present[i + 1 :]:
                pairs.setdefault((u, v), []).append(m)
    for (u, v), ms in pairs.items():
        if len(ms) >= min_shared:
            R.add_edge(
                u,
                v,
                weight=len(ms),
                meetings=[m.id for m in ms],
                first=ms[0].date,
                last=ms[-1].date,
            )
    return R


# ---------------------------------------------------------------- metrics


def add_metrics(
    G: nx.Graph,
    *,
    seed: int = 0,
    betweenness: bool = True,
    computed_betweenness: Betweenness | None = None,
    computed_communities: Communities | None = None,
    isolated: Iterable[IsolatedCite] | None = None,
) -> nx.Graph:
    """Attach the metrics to ``G`` in place, and return it.

    Nodes get ``degree``, ``strength`` (sum of tie weights), ``betweenness``
    (hop count, unless ``betweenness=False``) and ``community`` (Louvain,
    numbered from 0 by size), computed with the same functions and
    parameters as the report (or given as ``computed_betweenness`` and
    ``computed_communities``, results of the metrics layer on ``G``); cités
    of a cité graph also get ``isolation`` (type, see
    :func:`~coopgraph.metrics.isolation.isolated_cites`, or given as
    ``isolated``; ``""`` when none) and an empty ``isolation_explanation``
    that a labeller phrases. Edges get ``interregional``
    (:func:`~coopgraph.metrics.bridges.interregional`). ``G.graph
    ["metrics"]`` records how each metric was computed (a JSON string, so
    that GraphML can store it).

    >>> G = nx.Graph(); G.add_nodes_from(["a", "b"], region="28"); G.add_node("c", region="53")
    >>> G.add_edge("a", "b", weight=2); G.add_edge("b", "c", weight=1)
    >>> _ = add_metrics(G)
    >>> G.nodes["b"]["betweenness"], G.nodes["b"]["strength"], G["b"]["c"]["interregional"]
    (1.0, 3, True)
    """
    from coopgraph.metrics.centrality import betweenness as compute_betweenness
    from coopgraph.metrics.communities import louvain_communities

    how: dict[str, dict] = {}
    for n in G:
        G.nodes[n]["degree"] = G.degree(n)
        G.nodes[n]["strength"] = G.degree(n, weight="weight")
    if betweenness:
        b = computed_betweenness
        if b is None:
            b = compute_betweenness(G, weight=None, normalized=True, seed=seed)
        how["betweenness"] = {
            "method": b.method,
            "k": b.k,
            "seed": b.seed,
            "weight": b.weight,
            "normalized": True,
        }
        for n, v in b.values.items():
            G.nodes[n]["betweenness"] = round(v, 6)
    c = computed_communities
    if c is None:
        c = louvain_communities(G, seed=seed)
    how["community"] = {
        "method": c.method,
        "weight": c.weight,
        "resolution": c.resolution,
        "seed": c.seed,
        "modularity": round(c.modularity, 4),
    }
    for n, k in c.membership().items():
        G.nodes[n]["community"] = k
    region = dict(G.nodes(data="region"))
    for u, v, data in G.edges(data=True):
        data["interregional"] = interregional(region[u], region[v])
    if G.graph.get("projection") == "cites":
        from coopgraph.metrics.isolation import isolated_cites

        for n in G:
            G.nodes[n]["isolation"] = ""
            G.nodes[n]["isolation_explanation"] = ""
        for found in isolated_cites(G) if isolated is None else isolated:
            if found.cite_id in G:
                G.nodes[found.cite_id]["isolation"] = found.type
        how["isolation"] = {"method": "coopgraph.metrics.isolation.isolated_cites"}
    G.graph["metrics"] = json.dumps(how, sort_keys=True)
    return G


def build_view(an: Analysis, view: str, *, betweenness: bool = True, grouped: bool = False):
    """:func:`_view_graph` with :func:`add_metrics`, reusing the analysis'
    results for the cité graph (its betweenness, communities and isolated
    cités) and the institution graph (its betweenness). ``grouped``: the
    actor view grouped by région (:func:`actor_region_graph`)."""
    if view not in VIEWS:
        raise InputError.of("cli.unknown_view", view=view, views=", ".join(VIEWS))
    if view == "actors" and grouped:
        G = actor_region_graph(an)
    else:
        if view == "actors":
            from coopgraph.budget import VIEW_FACTOR

            # the view copies the actor graph, adds metrics and is serialised
            an.check_actors("view", VIEW_FACTOR)
        G = _view_graph(an, view)
    if view == "cites":
        add_metrics(
            G,
            seed=an.seed,
            betweenness=betweenness,
            computed_betweenness=an.cite_betweenness if betweenness else None,
            computed_communities=an.louvain,
            isolated=an.isolated,
        )
    elif view == "institutions":
        add_metrics(
            G,
            seed=an.seed,
            betweenness=betweenness,
            computed_betweenness=an.institution_betweenness if betweenness else None,
        )
    else:
        add_metrics(G, seed=an.seed, betweenness=betweenness)
    return G


def restrict_to_regions(G: nx.Graph, regions: Iterable[str]) -> nx.Graph:
    """``G`` restricted to the nodes of ``regions`` (INSEE codes or names;
    ``G`` itself when empty), with ``G.graph["regions"]`` naming them.
    Metrics computed before stay national."""
    wanted = sorted({geo.resolve_region(r) for r in regions})
    if not wanted:
        return G
    # built in G's order: a subgraph view of a small node set iterates in the
    # set's order, which changes from one run to the next
    keep = {n for n, r in G.nodes(data="region") if r in wanted}
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    H.graph["regions"] = wanted
    return H


def restrict_to_scope(G: nx.Graph, scope: Scope) -> nx.Graph:
    """``G`` restricted to a territory (``G`` itself for all of France): the
    cités it covers in a cité view, the nodes of the régions it touches in
    the other views; ``G.graph["territory"]`` names it. Metrics computed
    before stay national."""
    if scope.everywhere:
        return G
    if G.graph.get("projection") == "cites":
        keep = {n for n in G if scope.covers_cite(n)}
    else:
        keep = {n for n, r in G.nodes(data="region") if scope.covers_region(r)}
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    H.graph["territory"] = scope.label
    return H
