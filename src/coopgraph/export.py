"""The graphs behind the maps, with their metrics, and their export to files
other tools open (GraphML and GEXF for Gephi, JSON node-link for scripts).

:func:`view_graph` builds one of the four views (cités, actors,
institutions, régions) of a dataset with the attributes a map or an export
needs (label, région, coordinates, fallback point); :func:`add_metrics`
attaches the computed metrics; :func:`write_graph` writes the result.
Metrics are computed here, by the metrics layer or networkx, never in the
map renderer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.graph.projections import (
    Period,
    actor_graph,
    actor_regions,
    attendees_by_meeting,
    institution_graph,
    meetings_in,
)
from coopgraph.io.output import xml_text
from coopgraph.model import Dataset
from coopgraph.reports.privacy import person_labeller
from coopgraph.viz.aggregate import group_graph

VIEWS = ("cites", "actors", "institutions", "regions")
FORMATS = ("graphml", "gexf", "json")


# ---------------------------------------------------------------- views


def _fallback(departement: str | None, region: str | None) -> tuple[float, float] | None:
    for code, centroid in ((departement, geo.departement_centroid), (region, geo.region_centroid)):
        if code:
            try:
                return centroid(code)
            except KeyError:
                continue
    return None


def _set_place(G: nx.Graph, n, lat, lon, departement=None, region=None) -> None:
    data = G.nodes[n]
    data["lat"], data["lon"] = lat, lon
    fb = _fallback(departement, region)
    data["fallback_lat"], data["fallback_lon"] = fb if fb else (None, None)


def view_graph(
    ds: Dataset,
    view: str = "cites",
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    pseudonymise: bool = False,
    max_attendance: int | None = None,
    lang: str = "fr",
) -> nx.Graph:
    """The graph of one view, ready to map or export.

    Every node gets ``label``, ``region``, ``lat``/``lon`` (``None`` when
    unknown) and ``fallback_lat``/``fallback_lon`` (its département's or
    région's centroid). Views:

    * ``cites``: :func:`~coopgraph.graph.projections.cite_graph`;
    * ``institutions``: institutions tied by shared meetings, placed at their
      seat;
    * ``actors``: actors tied by co-attendance, placed at their cité; labels
      are names, or stable pseudonyms with ``pseudonymise`` (in ``lang``);
    * ``regions``: the cité graph grouped by région (one node per région).

    Examples
    --------
    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28", lat=49.4, lon=1.1), Cite("b", "B", "53", "35")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y")),
    ... )
    >>> G = view_graph(ds, "cites")
    >>> G.nodes["b"]["label"], G.nodes["b"]["lat"], G.nodes["b"]["fallback_lat"] is not None
    ('B', None, True)
    >>> R = view_graph(ds, "regions")
    >>> sorted(R.nodes(data="label"))
    [('28', 'Normandie'), ('53', 'Bretagne')]
    >>> view_graph(ds, "actors", pseudonymise=True).nodes["x"]["label"].startswith("Personne ")
    True
    """
    if view not in VIEWS:
        raise InputError(f"unknown view '{view}' (choose among {', '.join(VIEWS)})")
    kw = {"scales": scales, "min_shared": min_shared}
    if view in ("cites", "regions"):
        from coopgraph.reports import network

        # a copy of the report's cached graph: built once, never changed here
        a = network.Analysis(
            period=period, scales=tuple(scales) if scales else None, min_shared=min_shared
        )
        G = network.cites(ds, a).copy()
        for c in ds.cites:
            G.nodes[c.id]["label"] = c.name
            _set_place(G, c.id, c.lat, c.lon, c.departement, c.region)
        if view == "cites":
            return G
        R = group_graph(G, dict(G.nodes(data="region")))
        R.graph["projection"] = "regions"
        for r in R:
            R.nodes[r]["region"] = r
            R.nodes[r]["label"] = geo.region_name(r) if _known_region(r) else str(r)
            point = _fallback(None, r)
            R.nodes[r]["lat"], R.nodes[r]["lon"] = point if point else (None, None)
            R.nodes[r]["fallback_lat"] = R.nodes[r]["fallback_lon"] = None
        return R
    if view == "institutions":
        G = institution_graph(ds, period, max_attendance=max_attendance, **kw)
        for i in ds.institutions:
            G.nodes[i.id]["label"] = i.name
            dep = i.departements[0] if i.departements else None
            _set_place(G, i.id, i.lat, i.lon, dep, G.nodes[i.id].get("region"))
        return G
    G = actor_graph(ds, period, max_attendance=max_attendance, **kw)
    person = person_labeller(ds, pseudonymise, lang)
    for a in ds.actors:
        data = G.nodes[a.id]
        data["label"] = person(a.id)
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


def actor_region_graph(
    ds: Dataset,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
) -> nx.Graph:
    """The actor network grouped by région, built from the meetings directly
    (never from the actor graph, which a few national meetings make
    quadratic: 20,000 actors give millions of ties).

    One node per région with ``members`` (its actors, :func:`~coopgraph.
    graph.projections.actor_regions`); two régions are tied by each meeting
    in ``period`` that actors of both attended (``weight`` = meetings,
    ``meetings`` by date, ``first``, ``last``).

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b"), Actor("z", "Z", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y"), Attendance("m1", "z")),
    ... )
    >>> R = actor_region_graph(ds)
    >>> R.nodes["53"]["members"], R["28"]["53"]["meetings"], R.graph["original_size"]
    (2, ['m1'], (3, None))
    """
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
            label=geo.region_name(r) if _known_region(r) else str(r),
            lat=point[0] if point else None,
            lon=point[1] if point else None,
        )
    attendees = attendees_by_meeting(ds)
    pairs: dict[tuple[str, str], list] = {}
    for m in sorted(meetings_in(ds, period, scales), key=lambda m: (m.date, m.id)):
        present = sorted({regions[a] for a in attendees.get(m.id, ()) if regions.get(a)})
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


def _known_region(code) -> bool:
    try:
        geo.region_name(code)
        return True
    except KeyError:
        return False


# ---------------------------------------------------------------- metrics


def _betweenness(G: nx.Graph, seed: int, found=None) -> tuple[dict, dict]:
    """Hop-count betweenness (``weight=None``, as in the report: a tie is a
    tie once it passes ``--min-shared``), exact or sampled as the metrics
    layer decides; ``found`` is a :class:`~coopgraph.metrics.centrality.
    Betweenness` already computed on ``G``. ``G`` is left untouched."""
    from coopgraph.metrics.centrality import betweenness

    b = found if found is not None else betweenness(G, weight=None, normalized=True, seed=seed)
    how = {"method": b.method, "k": b.k, "seed": b.seed, "weight": b.weight, "normalized": True}
    return b.values, how


def _communities(G: nx.Graph, seed: int, found=None) -> tuple[dict, dict]:
    """Louvain communities numbered 0, 1, ... by decreasing size, as
    :func:`coopgraph.metrics.communities.community_regions` and the
    ``communities`` command number them; ``found`` is a :class:`~coopgraph.
    metrics.communities.Communities` already computed on ``G``."""
    from coopgraph.metrics.communities import louvain_communities

    c = found if found is not None else louvain_communities(G, seed=seed)
    how = {
        "method": c.method,
        "weight": c.weight,
        "resolution": c.resolution,
        "seed": c.seed,
        "modularity": round(c.modularity, 4),
    }
    return c.membership(), how


def add_metrics(
    G: nx.Graph,
    *,
    seed: int = 0,
    history: nx.Graph | None = None,
    lang: str = "fr",
    betweenness: bool = True,
    computed_betweenness=None,
    computed_communities=None,
) -> nx.Graph:
    """Attach the metrics to ``G`` in place, and return it.

    Nodes get ``degree``, ``strength`` (sum of tie weights), ``betweenness``
    (hop count, unless ``betweenness=False``) and ``community`` (Louvain,
    numbered from 0 by size), computed with the same functions and
    parameters as the report (or given as ``computed_betweenness`` and
    ``computed_communities``, results of the metrics layer on ``G``); cités of a cité graph also get ``isolation`` (type, see
    :func:`~coopgraph.metrics.isolation.isolated_cites`, ``""`` when none) and
    ``isolation_explanation``. Edges get ``interregional``. ``G.graph
    ["metrics"]`` records how each metric was computed (a JSON string, so that
    GraphML can store it).

    >>> G = nx.Graph(); G.add_nodes_from(["a", "b"], region="28"); G.add_node("c", region="53")
    >>> G.add_edge("a", "b", weight=2); G.add_edge("b", "c", weight=1)
    >>> _ = add_metrics(G)
    >>> G.nodes["b"]["betweenness"], G.nodes["b"]["strength"], G["b"]["c"]["interregional"]
    (1.0, 3, True)
    """
    how: dict[str, dict] = {}
    for n in G:
        G.nodes[n]["degree"] = G.degree(n)
        G.nodes[n]["strength"] = G.degree(n, weight="weight")
    if betweenness:
        values, how["betweenness"] = _betweenness(G, seed, computed_betweenness)
        for n, v in values.items():
            G.nodes[n]["betweenness"] = round(v, 6)
    values, how["community"] = _communities(G, seed, computed_communities)
    for n, v in values.items():
        G.nodes[n]["community"] = v
    for u, v, data in G.edges(data=True):
        ru, rv = G.nodes[u].get("region"), G.nodes[v].get("region")
        data["interregional"] = bool(ru and rv and ru != rv)
    if G.graph.get("projection") == "cites":
        from coopgraph.metrics.isolation import isolated_cites
        from coopgraph.reports.network import isolation_explanation

        for n in G:
            G.nodes[n]["isolation"] = ""
            G.nodes[n]["isolation_explanation"] = ""
        for c in isolated_cites(G, history):
            G.nodes[c.cite_id]["isolation"] = c.type
            G.nodes[c.cite_id]["isolation_explanation"] = isolation_explanation(c, lang)
        how["isolation"] = {"method": "coopgraph.metrics.isolation.isolated_cites"}
    G.graph["metrics"] = json.dumps(how, sort_keys=True)
    return G


# ---------------------------------------------------------------- export


def _plain(value):
    """A value GraphML/GEXF can store: str, int, float or bool."""
    if isinstance(value, str):
        return xml_text(value)  # control characters would make the file unreadable
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(_plain(v)) for v in value)
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def flat_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all scalars (lists joined by
    ``;``, dates in ISO form, dicts as JSON; ``None`` left out), as GraphML
    and GEXF require.

    >>> G = nx.Graph(since=None); G.add_edge("a", "b", meetings=["m1", "m2"], first=date(2020, 5, 14), note=None)
    >>> F = flat_graph(G)
    >>> F["a"]["b"], F.graph
    ({'meetings': 'm1;m2', 'first': '2020-05-14'}, {})
    """
    F = nx.Graph()
    F.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    for n, data in G.nodes(data=True):
        F.add_node(xml_text(str(n)), **{k: _plain(v) for k, v in data.items() if v is not None})
    for u, v, data in G.edges(data=True):
        F.add_edge(
            xml_text(str(u)),
            xml_text(str(v)),
            **{k: _plain(x) for k, x in data.items() if x is not None},
        )
    return F


def graph_json(G: nx.Graph) -> str:
    """The node-link JSON of ``G`` (networkx's format, edges under ``links``),
    dates in ISO form.

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2)
    >>> json.loads(graph_json(G))["links"]
    [{'weight': 2, 'source': 'a', 'target': 'b'}]
    """
    data = nx.node_link_data(G, edges="links")
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def graph_text(G: nx.Graph, fmt: str) -> str:
    """``G`` in ``fmt`` (one of :data:`FORMATS`) as text."""
    if fmt == "json":
        return graph_json(G)
    F = flat_graph(G)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(F, encoding="utf-8", prettyprint=True)) + "\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(F, encoding="utf-8", prettyprint=True)) + "\n"
    raise InputError(f"unknown format '{fmt}' (choose among {', '.join(FORMATS)})")


def format_of(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the file's extension.

    >>> format_of(Path("net.gexf")), format_of(Path("net.xml"), "graphml")
    ('gexf', 'graphml')
    """
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputError(
            f"cannot tell the export format of '{path}': use --format {'|'.join(FORMATS)}"
        )
    return fmt


def analysed_view(
    ds: Dataset,
    view: str = "cites",
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    pseudonymise: bool = False,
    regions: Iterable[str] = (),
    seed: int = 0,
    lang: str = "fr",
    betweenness: bool = True,
    max_actors: int | None = None,
) -> nx.Graph:
    """:func:`view_graph` with :func:`add_metrics`, then restricted to the
    nodes of ``regions`` (INSEE codes or names; all when empty). Metrics are
    computed on the whole graph first, so a cité keeps its national
    betweenness and isolation type when the map shows only its région.

    With ``max_actors``, an actor view of more actors than that is grouped by
    région at once (:func:`actor_region_graph`).

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53"), Cite("c", "C", "53")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y")),
    ... )
    >>> G = analysed_view(ds, regions=["Bretagne"])
    >>> sorted(G.nodes(data="isolation")), G.graph["regions"]
    ([('b', 'one_link'), ('c', 'isolated')], ['53'])
    """
    from coopgraph.reports import network

    scales = tuple(scales) if scales else None
    if view == "actors" and max_actors is not None and len(ds.actors) > max_actors:
        G = actor_region_graph(ds, period, scales=scales, min_shared=min_shared)
    else:
        G = view_graph(
            ds,
            view,
            period,
            scales=scales,
            min_shared=min_shared,
            pseudonymise=pseudonymise,
            lang=lang,
        )
    if view == "cites":
        # the report's own analysis (cached graphs and results): the map and
        # the export show the very numbers the report prints
        a = network.Analysis(
            period=period,
            scales=scales,
            min_shared=min_shared,
            lang=lang,
            pseudonymise=pseudonymise,
            seed=seed,
        )
        add_metrics(
            G,
            seed=seed,
            history=network.history(ds, a),
            lang=lang,
            betweenness=betweenness,
            computed_betweenness=network.cite_betweenness(ds, a) if betweenness else None,
            computed_communities=network.louvain(ds, a),
        )
    else:
        add_metrics(G, seed=seed, lang=lang, betweenness=betweenness)
    wanted = sorted({geo.resolve_region(r) for r in regions})
    if wanted:
        keep = [n for n, r in G.nodes(data="region") if r in wanted]
        G = G.subgraph(keep).copy()
        G.graph["regions"] = wanted
    return G
