"""Interactive network maps: one self-contained HTML file that works offline.

The nodes and edges are built with pyvis's :class:`~pyvis.network.Network`,
then rendered with coopgraph's own template (``templates/map.html``), which
inlines vis-network's JavaScript and CSS from the installed pyvis package:
the page makes no request at all (its Content-Security-Policy forbids any).

Every text reaches the page as JSON inside a ``<script type=
"application/json">`` element (with ``<``, ``>`` and ``&`` escaped), and the
page's script only ever puts it in the document with ``textContent``:
names, titles and themes show as text and never run.

This module receives graphs whose metrics are already computed
(:func:`coopgraph.export.add_metrics`); it only decides how they look.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import networkx as nx

from coopgraph import geo
from coopgraph.graph.grouping import group_graph
from coopgraph.i18n import translator
from coopgraph.labels import Labeller, departement_label, region_label
from coopgraph.metrics.bridges import interregional_tie
from coopgraph.model import Meeting
from coopgraph.viz import layout

if TYPE_CHECKING:
    from coopgraph.analysis import Analysis
    from coopgraph.reports.document import Section

LAYOUTS = ("geo", "force")
COLOR_BY = ("region", "community", "club")
SIZE_METRICS = ("betweenness", "degree", "strength", "none")

#: Above these sizes a page redraws too slowly to pan and zoom in Chromium
#: (measured by benchmarks/bench_map.py, see benchmarks/results/bench_map.md:
#: 2,000 nodes and 10,000 ties redraw in 0.1-0.17 s, 3,000 and 15,000 in
#: 0.2-0.7 s, 5,000 and 25,000 in about 1 s). Above MAX_NODES the map groups nodes; above MAX_EDGES it keeps
#: only the strongest ties.
MAX_NODES = 2000
MAX_EDGES = 10000
#: Meetings listed in a tie's tooltip; the rest are counted.
MAX_MEETINGS_LISTED = 12

REGION_COLORS = {
    "11": "#1f77b4",
    "24": "#ff7f0e",
    "27": "#2ca02c",
    "28": "#d62728",
    "32": "#9467bd",
    "44": "#8c564b",
    "52": "#e377c2",
    "53": "#17becf",
    "75": "#bcbd22",
    "76": "#6b8e23",
    "84": "#ffbb78",
    "93": "#98df8a",
    "94": "#ff9896",
    "01": "#c5b0d5",
    "02": "#c49c94",
    "03": "#f7b6d2",
    "04": "#dbdb8d",
    "06": "#9edae5",
}
COMMUNITY_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#6b8e23",
    "#ffbb78",
    "#98df8a",
)
OTHER_COLOR = "#9e9e9e"
NO_CLUB_COLOR = "#d9d9d9"  # cités outside every proposed club stay in the background
TIE_COLOR = "rgba(120,120,120,0.45)"
INTERREGIONAL_COLOR = "rgba(0,0,145,0.85)"
#: Suggested introductions (coopgraph.suggest): green dashes.
SUGGESTED_COLOR = "#18753c"
#: The legend's swatch of a suggested introduction: a dashed line (a CSS
#: background, so the page template needs no rule of its own).
SUGGESTED_SWATCH = f"repeating-linear-gradient(90deg,{SUGGESTED_COLOR} 0 5px,transparent 5px 9px)"
ISOLATED_BORDER = "#e1000f"
#: Border of a cité without (enough) data: listed apart, never "isolated".
NO_DATA_BORDER = "#9e9e9e"

_TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class MapOptions:
    """How a map looks: ``layout`` (``geo`` or ``force``), ``color_by``
    (``region``, ``community`` or ``club``: node attributes ``club`` and
    ``club_index``), ``size_by`` (a node metric or ``none``),
    the thresholds above which nodes are grouped (``aggregate``: ``auto``,
    ``none``, ``region`` or ``community``), and extra ``notices`` to show."""

    view: str = "cites"
    layout: str = "geo"
    lang: str = "fr"
    color_by: str = "region"
    size_by: str = "betweenness"
    aggregate: str = "auto"
    max_nodes: int = MAX_NODES
    max_edges: int = MAX_EDGES
    title: str | None = None
    subtitle: str = ""
    notices: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- grouping


def needs_grouping(G: nx.Graph, opts: MapOptions) -> str | None:
    """By what to group ``G`` before drawing it (``None``: draw every node).

    >>> G = nx.path_graph(5)
    >>> needs_grouping(G, MapOptions(max_nodes=10)), needs_grouping(G, MapOptions(max_nodes=4))
    (None, 'region')
    >>> needs_grouping(G, MapOptions(max_nodes=4, color_by="community"))
    'community'
    """
    if opts.aggregate == "none":
        return None
    if opts.aggregate in COLOR_BY:
        return opts.aggregate
    too_big = G.number_of_nodes() > opts.max_nodes
    return (opts.color_by if opts.color_by in COLOR_BY else "region") if too_big else None


def strongest_ties(G: nx.Graph, max_edges: int) -> tuple[nx.Graph, int | None]:
    """``G`` with at most ``max_edges`` ties, the strongest, and the smallest
    weight kept (``None`` when nothing was dropped). Every node stays.

    The threshold is the smallest weight ``w`` such that the ties of weight
    ``w`` or more fit; when even the heaviest weight has too many ties, the
    first ``max_edges`` of them (by node ids) are kept.

    >>> G = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("c", "d", {"weight": 2})])
    >>> H, w = strongest_ties(G, 2)
    >>> sorted(H.edges()), w, H.number_of_nodes()
    ([('a', 'b'), ('c', 'd')], 2, 4)
    """
    if G.number_of_edges() <= max_edges:
        return G, None
    ranked = sorted(G.edges(data="weight", default=1), key=lambda e: (-e[2], str(e[0]), str(e[1])))
    weights = [w for _, _, w in ranked]
    cut = max_edges
    while cut > 0 and weights[cut - 1] == weights[cut]:
        cut -= 1
    if cut == 0:
        cut = max_edges
    # G.copy() without the dropped ties (copying 27,000 ties to delete most of
    # them cost more than the rest of the map): same nodes, same order
    dropped = {(u, v) for u, v, _ in ranked[cut:]}
    dropped |= {(v, u) for u, v in dropped}
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d.copy()) for n, d in G.nodes(data=True))
    H.add_edges_from(
        (u, v, d.copy())
        for u, nbrs in G.adj.items()
        for v, d in nbrs.items()
        if (u, v) not in dropped
    )
    return H, weights[cut - 1]


def grouped_for_map(G: nx.Graph, by: str) -> nx.Graph:
    """``G`` grouped by ``region`` or ``community`` (node attribute), with the
    attributes a map needs (label, région, a position at the members' mean
    point or the région's centroid).

    >>> G = nx.Graph(); G.add_node("a", region="28", lat=49.0, lon=0.0); G.add_node("b", region="53")
    >>> G.add_edge("a", "b", weight=1, meetings=["m1"])
    >>> R = grouped_for_map(G, "region")
    >>> R.nodes["28"]["label"], R["28"]["53"]["meetings"], R.graph["grouped_by"]
    ('Normandie', ['m1'], 'region')
    """
    R = group_graph(G, dict(G.nodes(data=by)))
    R.graph["grouped_by"] = by
    R.graph["original_size"] = (G.number_of_nodes(), G.number_of_edges())
    for g in R:
        data = R.nodes[g]
        if by == "region":
            data["region"] = g
            data["label"] = region_label(g)
            point = _centroid(g)
        else:
            data["community"] = g
            data["label"] = f"#{g}"
            regions = [G.nodes[m].get("region") for m in data["member_ids"] if m in G]
            # the most frequent région, the smallest code among equals (a set's
            # order would change from one run to the next)
            data["region"] = (
                max(sorted(set(regions), key=str), key=regions.count) if regions else None
            )
            pts = [
                p for m in data["member_ids"] if m in G and (p := _point(G.nodes[m])) is not None
            ]
            if pts and data["region"] in geo.METROPOLITAN_REGIONS:
                point = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
            else:
                point = _centroid(data["region"])
        data["lat"], data["lon"] = point if point else (None, None)
    return R


def _centroid(code) -> tuple[float, float] | None:
    try:
        return geo.region_centroid(code)
    except (KeyError, TypeError):
        return None


def _point(data: Mapping) -> tuple[float, float] | None:
    if data.get("lat") is not None and data.get("lon") is not None:
        return data["lat"], data["lon"]
    if data.get("fallback_lat") is not None and data.get("fallback_lon") is not None:
        return data["fallback_lat"], data["fallback_lon"]
    return None


# ---------------------------------------------------------------- encodings


def _color_of(data: Mapping, color_by: str) -> str:
    if color_by == "club":
        k = data.get("club_index")
        return COMMUNITY_COLORS[k % len(COMMUNITY_COLORS)] if isinstance(k, int) else NO_CLUB_COLOR
    if color_by == "community":
        k = data.get("community")
        if isinstance(k, int) and 0 <= k < len(COMMUNITY_COLORS):
            return COMMUNITY_COLORS[k]
        return OTHER_COLOR
    return REGION_COLORS.get(data.get("region") or "", OTHER_COLOR)


def _sizes(G: nx.Graph, metric: str) -> dict:
    """Node sizes: 8 to 40 map units, by the square root of ``metric``
    relative to its maximum (area grows with the value)."""
    values = {n: float(G.nodes[n].get(metric) or 0) for n in G} if metric != "none" else {}
    top = max(values.values(), default=0.0)
    if top <= 0:
        return {n: 12.0 for n in G}
    return {n: round(8 + 32 * math.sqrt(max(values[n], 0.0) / top), 2) for n in G}


def _strength(weight: float, top: float) -> float:
    """0 for the weakest tie (one meeting), 1 for the strongest, on a log
    scale: a few strong ties stand out from many one-off ones."""
    if top <= 1:
        return 1.0
    return max(0.0, min(1.0, math.log(max(weight, 1)) / math.log(top)))


def _edge_style(weight: float, top: float, interregional: bool) -> tuple[float, str]:
    """Width and colour of a tie: wider and more opaque with its weight;
    interregional ties in blue, the others in grey."""
    s = _strength(weight, top)
    width = round(0.6 + 7.4 * s, 2)
    alpha = round(0.18 + 0.72 * s, 2)
    colour = f"rgba(0,0,145,{alpha})" if interregional else f"rgba(110,110,110,{alpha})"
    return width, colour


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def _node_rows(data: Mapping, t, grouped: bool) -> list[list[str]]:
    rows: list[list[str]] = []
    region = data.get("region")
    if region:
        rows.append([t("map.field.region"), region_label(region)])
    if data.get("departement"):
        rows.append([t("map.field.departement"), departement_label(data["departement"])])
    for key, field_key in (
        ("kind", "map.field.kind"),
        ("institution_name", "map.field.institution"),
        ("cite_name", "map.field.cite"),
        ("role", "map.field.role"),
        ("members", "map.field.members"),
        ("inner_ties", "map.field.inner_ties"),
        ("degree", "map.field.degree"),
        ("strength", "map.field.strength"),
        ("betweenness", "map.field.betweenness"),
        ("community", "map.field.community"),
        ("club", "map.field.club"),
    ):
        if data.get(key) is not None and not (grouped and key == "community"):
            value = _fmt(data[key])
            if key == "kind":
                # a code (``cite``, ``prefecture``...): its label, the code when unknown
                label = t(f"kind.{value}")
                value = value if label == f"kind.{value}" else label
            rows.append([t(field_key), value])
    if data.get("isolation"):
        rows.append(
            [t("map.field.isolation"), data.get("isolation_explanation") or data["isolation"]]
        )
    if data.get("data_status") in ("no_data", "sparse"):
        # listed apart: never isolated, the data says too little
        rows.append([t("map.field.data_status"), t(f"status.{data['data_status']}")])
    return rows


def _meeting_text(mid: str, meetings: Mapping[str, Meeting]) -> str:
    m = meetings.get(mid)
    if m is None:
        return str(mid)
    extra = f" [{', '.join(m.themes)}]" if m.themes else ""
    return f"{m.date.isoformat()} — {m.title}{extra}"


def _tie_info(u_label: str, v_label: str, data: Mapping, interregional: bool, index, t) -> dict:
    """A tie's tooltip; its meetings are numbers into the page's one list of
    meeting texts (``index`` assigns them), so a meeting shared by many ties
    is written once."""
    ids = list(data.get("meetings") or [])
    refs = [index(mid) for mid in ids[:MAX_MEETINGS_LISTED]]
    more = len(ids) - MAX_MEETINGS_LISTED
    rows = [
        t("map.tie.meetings", n=data.get("weight", len(ids)) if not data.get("ties") else len(ids))
    ]
    if data.get("ties"):
        rows.append(t("map.tie.ties", n=data["ties"]))
    if data.get("first") and data.get("last"):
        rows.append(t("map.tie.period", first=_fmt(data["first"]), last=_fmt(data["last"])))
    if interregional:
        rows.append(t("map.tie.interregional"))
    info = {"title": f"{u_label} — {v_label}", "lines": rows, "refs": refs}
    if more > 0:
        info["more"] = t("map.tie.more", n=more)
    return info


def _suggestion_info(r: Mapping, t) -> dict:
    """A suggested introduction's tooltip: who, rank and score, reasons,
    introducer, notes (text only)."""
    lines = [
        t("map.suggested.score", rank=r.get("rank", ""), name=r.get("cite_name", ""),
          score=f"{float(r.get('score', 0)):.2f}"),
    ]  # fmt: skip
    if r.get("reasons"):
        lines.append(t("map.suggested.reasons", text="; ".join(r["reasons"])))
    if r.get("introducer"):
        basis = f" ({r['introducer_basis']})" if r.get("introducer_basis") else ""
        lines.append(t("map.suggested.introducer", name=f"{r['introducer']}{basis}"))
    if r.get("notes"):
        lines.append(t("map.suggested.notes", text="; ".join(r["notes"])))
    return {
        "title": f"{r.get('cite_name', '')} ⇢ {r.get('partner_name', '')}",
        "lines": lines,
        "refs": [],
    }


# ---------------------------------------------------------------- payload


def map_payload(
    G: nx.Graph,
    opts: MapOptions = MapOptions(),
    *,
    meetings: Mapping[str, Meeting] | None = None,
    suggested: Sequence[Mapping] = (),
) -> dict:
    """Everything the page draws, as JSON-ready data: nodes and edges (built
    with pyvis), legend, notices, background (outline, insets).

    ``suggested``: partner suggestions (records of
    :func:`coopgraph.suggest.suggestion_records`), drawn as green dashed
    edges (``"suggested": true``) whose tooltip gives the score, the reasons
    and the introducer; those whose cités are not drawn (grouped map, cité
    outside the territory) are counted in a notice.

    ``G`` carries the display attributes of :func:`coopgraph.export.view_graph`
    and the metrics of :func:`coopgraph.export.add_metrics`. Above the
    thresholds of ``opts`` it is grouped first (:func:`needs_grouping`).

    Examples
    --------
    >>> G = nx.Graph(projection="cites")
    >>> G.add_node("a", label="A", region="28", lat=49.44, lon=1.10, betweenness=0.0, isolation="")
    >>> G.add_node("b", label="B", region="53", lat=48.11, lon=-1.68, betweenness=0.0, isolation="")
    >>> G.add_node("c", label="C", region="52", lat=47.47, lon=-0.55, betweenness=0.0, isolation="isolated")
    >>> G.add_edge("a", "b", weight=3, meetings=["m1"])
    >>> p = map_payload(G)
    >>> len(p["nodes"]), len(p["edges"]), p["edges"][0]["color"]["color"].startswith("rgba(0,0,145")
    (3, 1, True)
    >>> [n["shape"] for n in p["nodes"]]
    ['dot', 'dot', 'diamond']
    """
    from pyvis.network import Network

    t = translator(opts.lang)
    meetings = meetings or {}
    meeting_texts: list[str] = []
    meeting_index: dict[str, int] = {}

    def index(mid: str) -> int:
        if mid not in meeting_index:
            meeting_index[mid] = len(meeting_texts)
            meeting_texts.append(_meeting_text(mid, meetings))
        return meeting_index[mid]

    notices = list(opts.notices)
    by = needs_grouping(G, opts)
    if by is not None:
        n0, e0 = G.number_of_nodes(), G.number_of_edges()
        G = grouped_for_map(G, by)
        notices.append(
            t(
                "map.notice.aggregated",
                nodes=n0,
                edges=e0,
                max_nodes=opts.max_nodes,
                max_edges=opts.max_edges,
                by=t(f"map.notice.by.{by}"),
            )
        )
    elif G.graph.get("grouped") and G.graph.get("original_size"):
        n0 = G.graph["original_size"][0]
        notices.append(
            t(
                "map.notice.pregrouped",
                nodes=n0,
                max_nodes=opts.max_nodes,
                by=t(f"map.notice.by.{G.graph.get('grouped_by', 'region')}"),
            )
        )
        by = G.graph.get("grouped_by", "region")
    if G.number_of_edges() > opts.max_edges and opts.aggregate != "none":
        e0 = G.number_of_edges()
        G, kept_weight = strongest_ties(G, opts.max_edges)
        notices.append(
            t(
                "map.notice.filtered_ties",
                edges=e0,
                max_edges=opts.max_edges,
                kept=G.number_of_edges(),
                weight=kept_weight,
            )
        )
    grouped = bool(G.graph.get("grouped"))
    size_by = "members" if grouped else opts.size_by
    color_by = "region" if grouped and by == "region" else opts.color_by
    sizes = _sizes(G, size_by)
    geo_layout = opts.layout == "geo"

    positions: dict = {}
    background: dict = {"polygons": [], "insets": [], "labels": []}
    approximate: set = set()
    if geo_layout:
        places = {
            str(n): layout.Place(d.get("lat"), d.get("lon"), d.get("region"), _fallback_point(d))
            for n, d in G.nodes(data=True)
        }
        lay = layout.geo_layout(places)
        positions, approximate = lay.positions, lay.approximate
        background["polygons"] = [[list(p) for p in poly] for poly in layout.outline_polygons()]
        background["insets"] = [
            {"x": i.left, "y": i.top, "w": i.width, "h": i.height, "label": i.label}
            for i in lay.insets
        ]
        regions = sorted({d.get("region") for _, d in G.nodes(data=True) if d.get("region")})
        background["labels"] = [
            {"x": x, "y": y, "text": region_label(code)}
            for code, (x, y) in layout.region_label_points(regions).items()
        ]
        unlocated = sorted(str(n) for n in G if str(n) not in positions)
        if unlocated:
            cols = max(1, int(math.sqrt(len(unlocated))))
            top = 560.0
            for k, n in enumerate(unlocated):
                r, c = divmod(k, cols)
                positions[n] = (-880.0 + c * 18.0, top + 30.0 + r * 18.0)
            background["insets"].append(
                {
                    "x": -900.0,
                    "y": top,
                    "w": max(190.0, cols * 18.0 + 20),
                    "h": 40.0 + (len(unlocated) // cols + 1) * 18.0,
                    "label": t("map.unlocated"),
                }
            )
            notices.append(t("map.notice.unlocated", n=len(unlocated)))
        if approximate:
            notices.append(t("map.notice.approx", n=len(approximate)))
        if lay.misplaced:
            names = ", ".join(sorted(str(G.nodes[n].get("label", n)) for n in lay.misplaced))
            notices.append(t("map.notice.misplaced", n=len(lay.misplaced), names=names))

    net = Network(directed=True)  # directed: pyvis skips its quadratic duplicate check
    has_isolated = has_fragile = has_no_data = False
    for n, d in G.nodes(data=True):
        nid = str(n)
        shape, border, border_width, dashes = "dot", None, 1, False
        iso = d.get("isolation") or ""
        if iso == "isolated":
            shape, border, border_width = "diamond", ISOLATED_BORDER, 4
            has_isolated = True
        elif iso:
            border, border_width, dashes = ISOLATED_BORDER, 3, True
            has_fragile = True
        elif d.get("data_status") in ("no_data", "sparse"):
            shape, border, border_width, dashes = "square", NO_DATA_BORDER, 2, True
            has_no_data = True
        fill = _color_of(d, color_by)
        rows = _node_rows(d, t, grouped)
        if nid in approximate:
            rows.append([t("map.field.position"), t("map.field.position.approx")])
        options = {
            "size": sizes[n] if not (iso == "isolated") else max(sizes[n], 14.0),
            "color": {
                "background": fill,
                "border": border or _darker(fill),
                "highlight": {"background": fill, "border": "#000000"},
            },
            "borderWidth": border_width,
            "shapeProperties": {"borderDashes": [4, 3] if dashes else False},
            "info": {"title": str(d.get("label", n)), "rows": rows},
        }
        if nid in positions:
            options["x"], options["y"] = positions[nid]
        net.add_node(nid, label=str(d.get("label", n)), shape=shape, **options)
    top_weight = max((w for _, _, w in G.edges(data="weight", default=1)), default=1)
    has_inter = False
    for k, (u, v, d) in enumerate(G.edges(data=True)):
        inter = bool(d.get("interregional")) if "interregional" in d else interregional_tie(G, u, v)
        has_inter |= inter
        width, colour = _edge_style(d.get("weight", 1), top_weight, inter)
        net.add_edge(
            str(u),
            str(v),
            id=f"e{k}",
            width=width,
            color={"color": colour, "highlight": "#e1000f", "hover": "#e1000f"},
            weight=d.get("weight", 1),
            info=_tie_info(
                str(G.nodes[u].get("label", u)), str(G.nodes[v].get("label", v)), d, inter, index, t
            ),
        )
    drawn = 0
    for k, rec in enumerate(suggested):
        u, v = str(rec["cite_id"]), str(rec["partner_cite_id"])
        if grouped or u not in G or v not in G:
            continue
        drawn += 1
        net.add_edge(
            u,
            v,
            id=f"s{k}",
            width=2,
            dashes=True,
            suggested=True,
            color={"color": SUGGESTED_COLOR, "highlight": "#e1000f", "hover": "#e1000f"},
            info=_suggestion_info(rec, t),
        )
    if drawn:
        notices.append(t("map.notice.suggested", n=drawn))
    if drawn < len(suggested):
        notices.append(t("map.notice.suggested_hidden", n=len(suggested) - drawn))
    for e in net.edges:
        e.pop("arrows", None)

    legend = _legend(
        G,
        t,
        color_by=color_by,
        size_by=size_by,
        grouped=grouped,
        has_isolated=has_isolated,
        has_fragile=has_fragile,
        has_no_data=has_no_data,
        has_inter=has_inter,
        has_approx=bool(approximate),
        geo_layout=geo_layout,
        has_suggested=bool(drawn),
    )
    view = G.graph.get("projection", opts.view)
    return {
        "lang": opts.lang,
        "title": opts.title or t(f"map.title.{opts.view if opts.view else view}"),
        "subtitle": opts.subtitle,
        "layout": opts.layout,
        "nodes": net.nodes,
        "edges": net.edges,
        "meetings": meeting_texts,
        "legend": legend,
        "notices": notices,
        "background": background,
        "text": {k: t(f"map.{k}") for k in ("search", "search.button", "help", "details", "legend")}
        | {
            "count": t("map.count", nodes="{nodes}", edges="{edges}"),
            "search.none": t("map.search.none", q="{q}"),
            "search.found": t("map.search.found", n="{n}", names="{names}"),
            "filter.weight": t("map.filter.weight", n="{n}"),
        },
        "max_weight": top_weight,
    }


def _fallback_point(d: Mapping) -> tuple[float, float] | None:
    if d.get("fallback_lat") is not None and d.get("fallback_lon") is not None:
        return d["fallback_lat"], d["fallback_lon"]
    return None


def _darker(hex_colour: str) -> str:
    if not hex_colour.startswith("#") or len(hex_colour) != 7:
        return "#333333"
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * 0.7):02x}{int(g * 0.7):02x}{int(b * 0.7):02x}"


def _legend(
    G,
    t,
    *,
    color_by,
    size_by,
    grouped,
    has_isolated,
    has_fragile,
    has_inter,
    has_approx,
    geo_layout,
    has_no_data=False,
    has_suggested=False,
) -> list[dict]:
    items: list[dict] = []
    if color_by == "club":
        items.append({"kind": "heading", "text": t("map.legend.colour.club")})
        clubs = sorted(
            {
                (d["club_index"], d.get("club"))
                for _, d in G.nodes(data=True)
                if isinstance(d.get("club_index"), int)
            }
        )
        for k, club in clubs:
            items.append(
                {
                    "kind": "node",
                    "color": COMMUNITY_COLORS[k % len(COMMUNITY_COLORS)],
                    "text": str(club),
                }
            )
        items.append({"kind": "node", "color": NO_CLUB_COLOR, "text": t("map.legend.club.none")})
    elif color_by == "community":
        items.append({"kind": "heading", "text": t("map.legend.colour.community")})
        present = sorted(
            {
                d.get("community")
                for _, d in G.nodes(data=True)
                if isinstance(d.get("community"), int)
            }
        )
        for k in present[: len(COMMUNITY_COLORS)]:
            items.append(
                {
                    "kind": "node",
                    "color": COMMUNITY_COLORS[k],
                    "text": t("map.legend.community", n=k),
                }
            )
        if len(present) > len(COMMUNITY_COLORS):
            items.append(
                {"kind": "node", "color": OTHER_COLOR, "text": t("map.legend.community.other")}
            )
    else:
        items.append({"kind": "heading", "text": t("map.legend.colour.region")})
        present = sorted({d.get("region") or "" for _, d in G.nodes(data=True)}, key=region_label)
        for code in present:
            items.append(
                {
                    "kind": "node",
                    "color": REGION_COLORS.get(code, OTHER_COLOR),
                    "text": region_label(code) if code else "?",
                }
            )
    items.append({"kind": "heading", "text": t("map.legend")})
    if grouped:
        items.append({"kind": "node", "color": OTHER_COLOR, "text": t("map.legend.group")})
    elif size_by == "none":
        items.append({"kind": "text", "text": t("map.legend.size.none")})
    else:
        items.append(
            {"kind": "text", "text": t("map.legend.size", metric=t(f"map.metric.{size_by}"))}
        )
    if has_isolated:
        items.append(
            {"kind": "isolated", "color": ISOLATED_BORDER, "text": t("map.legend.isolated")}
        )
    if has_fragile:
        items.append({"kind": "fragile", "color": ISOLATED_BORDER, "text": t("map.legend.fragile")})
    if has_no_data:
        items.append({"kind": "fragile", "color": NO_DATA_BORDER, "text": t("map.legend.no_data")})
    items.append({"kind": "edge", "color": TIE_COLOR, "text": t("map.legend.tie")})
    if has_inter:
        items.append(
            {"kind": "edge", "color": INTERREGIONAL_COLOR, "text": t("map.legend.interregional")}
        )
    if has_suggested:
        items.append({"kind": "edge", "color": SUGGESTED_SWATCH, "text": t("map.legend.suggested")})
    if has_approx:
        items.append({"kind": "text", "text": t("map.legend.approx")})
    if geo_layout:
        items.append({"kind": "text", "text": t("map.legend.outline")})
    return items


# ---------------------------------------------------------------- render


def _script_json(value) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` can
    close it or open a comment.

    >>> _script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
    )


def _vis_dir() -> Path:
    """vis-network 9.1.2 as shipped inside the installed pyvis package."""
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


def render_map(payload: dict) -> str:
    """The self-contained HTML page of a map payload (:func:`map_payload`)."""
    from coopgraph import __version__

    t = translator(payload.get("lang", "fr"))
    vis_dir = _vis_dir()
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    template = _environment().get_template("map.html")
    return template.render(
        lang=payload.get("lang", "fr"),
        title=payload["title"],
        subtitle=payload.get("subtitle", ""),
        footer=t("map.footer", version=__version__),
        text=payload["text"],
        # vis-network is trusted code from the installed pyvis package; the
        # only change: a "</script" inside it could not end our element.
        vis_js=jinja2.utils.markupsafe.Markup(vis_js.replace("</script", "<\\/script")),
        vis_css=jinja2.utils.markupsafe.Markup(vis_css.replace("</style", "<\\/style")),
        data_json=jinja2.utils.markupsafe.Markup(_script_json(payload)),
    )


def write_map(path: Path, html_text: str) -> Path:
    """Write the page atomically to ``path`` (and nothing else), with
    ordinary permissions: a map is meant to be shared."""
    from coopgraph.io.output import write_atomically

    write_atomically(path, html_text)
    return path


def write_report_map(
    an: Analysis,
    labeller: Labeller,
    out_dir: Path,
    *,
    subtitle: str = "",
    name: str = "map-cites.html",
    suggestions: bool = False,
) -> tuple[Path, Section]:
    """Write the map of cités of a report's analysis next to the report, and
    return the report section that links to it: the map shows the very
    communities, betweenness and isolated cités the report prints (and,
    with ``suggestions``, the introductions it suggests, dashed)."""
    import html

    from coopgraph.reports.document import Figure, Section

    t = labeller.t
    from coopgraph.analysis.views import restrict_to_scope

    # a view of its own, labelled in place (one copy of the cité graph less)
    G = labeller.label_view(an.view("cites", keep=False), an.isolated, copy=False)
    G = restrict_to_scope(G, an.territory)
    notices = (
        (t("map.notice.filtered", territory=G.graph["territory"]),)
        if G.graph.get("territory")
        else ()
    )
    payload = map_payload(
        G,
        MapOptions(lang=labeller.lang, subtitle=subtitle, notices=notices),
        meetings=an.ds.meeting_by_id,
        suggested=_report_suggestions(an, labeller) if suggestions else (),
    )
    path = write_map(Path(out_dir) / name, render_map(payload))
    # the text names the file (the Markdown form has no link); the figure is
    # the link itself, markup built here from escaped text only
    link = f'<p><a href="{html.escape(name)}">{html.escape(name)}</a></p>'
    blocks: list = [t("map.report.text", name=name), Figure(link, t("map.report.caption"))]
    return path, Section(t("map.report.title"), blocks)


def _report_suggestions(an: Analysis, labeller: Labeller) -> list[dict]:
    from coopgraph.reports.network_sections import SUGGESTIONS_TOP
    from coopgraph.suggest import suggestion_records

    found = an.suggestions(SUGGESTIONS_TOP)
    return suggestion_records(
        an.ds, found, labeller.lang, labeller.pseudonymise, person=labeller.person
    )


def _version() -> str:
    from coopgraph import __version__

    return __version__
