"""Maps: projection, encodings, escaping, grouping, offline page, CLI."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.export import analysed_view
from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
from coopgraph.viz import layout
from coopgraph.viz.maps import MapOptions, map_payload, render_map

XSS = "<img src=x onerror=alert(1)>"
XSS_TITLE = "</script><script>alert(2)</script>"

# URLs that vis-network's own code contains as text (licence notices, the SVG
# namespace, an error message): none of them is ever requested.
KNOWN_VENDOR_URLS = {
    "http://almende.com",
    "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
}


def small_dataset(xss: bool = False) -> Dataset:
    """Four cités: Rouen and Rennes tied twice (interregional), Caen tied to
    Rouen once (same région), Ajaccio isolated; one Réunion cité isolated."""
    name = XSS if xss else "Rouen"
    return Dataset(
        cites=(
            Cite("rouen", name, "28", "76", lat=49.44, lon=1.10),
            Cite("caen", "Caen", "28", "14", lat=49.18, lon=-0.37),
            Cite("rennes", "Rennes", "53", "35", lat=48.11, lon=-1.68),
            Cite("ajaccio", "Ajaccio", "94", "2A"),
            Cite("leport", "Le Port", "04", "974", lat=-20.94, lon=55.29),
        ),
        actors=(
            Actor("x", "Xavier", "i", cite_id="rouen"),
            Actor("y", "Yasmina", "i", cite_id="rennes"),
            Actor("z", "Zoé", "i", cite_id="caen"),
            Actor("w", "Wassim", "i", cite_id="ajaccio"),
            Actor("v", "Valérie", "i", cite_id="leport"),
        ),
        meetings=(
            Meeting(
                "m1",
                date(2020, 5, 14),
                XSS_TITLE if xss else "Club de l'Ouest",
                themes=("gouvernance",),
            ),
            Meeting("m2", date(2020, 7, 2), "Club de l'Ouest (2)"),
            Meeting("m3", date(2021, 1, 5), "Normandie"),
            # meetings of one cité each: enough data to call a cité isolated
            Meeting("m4", date(2021, 2, 1), "Ajaccio", scale="local"),
            Meeting("m5", date(2021, 3, 1), "Ajaccio (2)", scale="local"),
            Meeting("m6", date(2021, 2, 2), "Le Port", scale="local"),
            Meeting("m7", date(2021, 3, 2), "Le Port (2)", scale="local"),
            Meeting("m8", date(2021, 4, 2), "Caen", scale="local"),
        ),
        attendance=(
            Attendance("m1", "x"),
            Attendance("m1", "y"),
            Attendance("m2", "x"),
            Attendance("m2", "y"),
            Attendance("m3", "x"),
            Attendance("m3", "z"),
            Attendance("m4", "w"),
            Attendance("m5", "w"),
            Attendance("m6", "v"),
            Attendance("m7", "v"),
            Attendance("m8", "z"),
        ),
    )


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, re.S)
    assert m, "no data element"
    return json.loads(m.group(1))


# ---------------------------------------------------------------- layout


def test_lambert93_matches_known_points():
    # IGN reference values (Lambert-93, metres), rounded to the kilometre
    x, y = layout.lambert93(48.8566, 2.3522)  # Paris
    assert (round(x / 1000), round(y / 1000)) == (652, 6862)
    x, y = layout.lambert93(43.2965, 5.3698)  # Marseille
    assert abs(x - 892_000) < 3_000 and abs(y - 6_247_000) < 3_000


def test_map_is_oriented_like_france():
    dunkerque = layout.metropolitan_xy(51.03, 2.37)
    perpignan = layout.metropolitan_xy(42.70, 2.90)
    brest = layout.metropolitan_xy(48.39, -4.49)
    strasbourg = layout.metropolitan_xy(48.57, 7.75)
    assert dunkerque[1] < perpignan[1]  # north is up (screen y grows downwards)
    assert brest[0] < strasbourg[0]  # west is left
    # about 900 km from Brest to Strasbourg
    assert 800 < strasbourg[0] - brest[0] < 1000


def test_overseas_cites_go_to_insets_left_of_the_mainland():
    lay = layout.geo_layout(
        {
            "paris": layout.Place(48.85, 2.35, "11"),
            "brest": layout.Place(48.39, -4.49, "53"),
            "leport": layout.Place(-20.94, 55.29, "04"),
            "pap": layout.Place(16.24, -61.53, "01"),
        }
    )
    assert [i.territory for i in lay.insets] == ["01", "04"]
    west = lay.positions["brest"][0]
    for node, inset in (("leport", lay.insets[1]), ("pap", lay.insets[0])):
        x, y = lay.positions[node]
        assert x < west
        assert inset.left <= x <= inset.left + inset.width
        assert inset.top <= y <= inset.top + inset.height


def test_nodes_without_coordinates_use_the_fallback_and_are_spread():
    lay = layout.geo_layout(
        {
            "a": layout.Place(None, None, "28", fallback=(49.0, 0.0)),
            "b": layout.Place(None, None, "28", fallback=(49.0, 0.0)),
            "c": layout.Place(None, None, "28"),
        }
    )
    assert lay.approximate == {"a", "b"}
    assert lay.positions["a"] != lay.positions["b"]
    assert "c" not in lay.positions


# ---------------------------------------------------------------- payload


@pytest.fixture(scope="module")
def graph():
    return analysed_view(small_dataset(), "cites")


def test_a_cite_without_data_is_drawn_apart_never_isolated():
    """Item 1 of issue 11: a cité whose actors attended nothing is not an
    isolated cité (no diamond) but a grey square saying "aucune donnée"."""
    from dataclasses import replace

    ds = small_dataset()
    ds = replace(ds, attendance=tuple(a for a in ds.attendance if a.actor_id != "w"))
    G = analysed_view(ds, "cites")
    assert G.nodes["ajaccio"]["isolation"] == "" and G.nodes["ajaccio"]["data_status"] == "no_data"
    p = map_payload(G, MapOptions())
    nodes = {n["id"]: n for n in p["nodes"]}
    assert nodes["ajaccio"]["shape"] == "square"
    assert "aucune donnée" in json.dumps(nodes["ajaccio"], ensure_ascii=False)
    assert nodes["leport"]["shape"] == "diamond"  # observed and isolated


def test_payload_draws_every_node_and_tie(graph):
    p = map_payload(graph, MapOptions())
    assert len(p["nodes"]) == graph.number_of_nodes() == 5
    assert len(p["edges"]) == graph.number_of_edges() == 2
    assert {n["id"] for n in p["nodes"]} == set(graph)
    assert all("x" in n and "y" in n for n in p["nodes"])  # all placed (Ajaccio by département)


def test_encodings(graph):
    p = map_payload(graph, MapOptions())
    nodes = {n["id"]: n for n in p["nodes"]}
    assert nodes["ajaccio"]["shape"] == "diamond"  # isolated
    assert nodes["leport"]["shape"] == "diamond"
    assert nodes["rouen"]["shape"] == "dot"
    assert nodes["rouen"]["color"]["background"] != nodes["rennes"]["color"]["background"]  # région
    assert nodes["rouen"]["size"] > nodes["caen"]["size"]  # betweenness: Rouen is the broker
    edges = {frozenset((e["from"], e["to"])): e for e in p["edges"]}
    inter = edges[frozenset(("rouen", "rennes"))]
    intra = edges[frozenset(("rouen", "caen"))]
    assert inter["color"]["color"].startswith("rgba(0,0,145")
    assert intra["color"]["color"].startswith("rgba(110,110,110")
    assert inter["width"] > intra["width"]  # two meetings against one
    kinds = [i["kind"] for i in p["legend"]]
    assert "isolated" in kinds and kinds.count("edge") == 2


def test_tooltips_list_metrics_and_meetings(graph):
    p = map_payload(graph, MapOptions(lang="en"), meetings=small_dataset().meeting_by_id)
    rouen = next(n for n in p["nodes"] if n["id"] == "rouen")
    rows = dict(rouen["info"]["rows"])
    assert rows["Région"] == "Normandie"
    assert float(rows["Betweenness"]) > 0
    assert rows["Ties"] == "2"
    tie = next(e for e in p["edges"] if {e["from"], e["to"]} == {"rouen", "rennes"})
    listed = [p["meetings"][k] for k in tie["info"]["refs"]]
    assert listed == [
        "2020-05-14 — Club de l'Ouest [gouvernance]",
        "2020-07-02 — Club de l'Ouest (2)",
    ]
    assert "Interregional tie" in tie["info"]["lines"]


def test_french_by_default_english_on_request(graph):
    assert map_payload(graph)["title"].startswith("Carte des coopérations")
    assert map_payload(graph, MapOptions(lang="en"))["title"].startswith("Map of cooperation")


def test_large_networks_are_grouped_and_the_page_says_so(graph):
    p = map_payload(graph, MapOptions(max_nodes=3))
    assert sorted(n["id"] for n in p["nodes"]) == ["04", "28", "53", "94"]
    assert any("regroupé par région" in n for n in p["notices"])
    tie = p["edges"][0]
    assert {tie["from"], tie["to"]} == {"28", "53"}
    by_community = map_payload(graph, MapOptions(max_nodes=3, color_by="community"))
    assert any("communauté" in n for n in by_community["notices"])
    assert len(by_community["nodes"]) == len({c for _, c in graph.nodes(data="community")})


def test_too_many_ties_keeps_the_strongest_and_says_so(graph):
    p = map_payload(graph, MapOptions(max_edges=1))
    assert len(p["nodes"]) == 5  # every cité stays
    assert [{e["from"], e["to"]} for e in p["edges"]] == [{"rouen", "rennes"}]
    assert any("les plus forts" in n for n in p["notices"])
    everything = map_payload(graph, MapOptions(max_edges=1, aggregate="none"))
    assert len(everything["edges"]) == 2
    assert not any("les plus forts" in n for n in everything["notices"])


def test_region_filter_keeps_national_metrics():
    ds = small_dataset()
    whole = analysed_view(ds, "cites")
    normandie = analysed_view(ds, "cites", regions=["Normandie"])
    assert set(normandie) == {"rouen", "caen"}
    assert normandie.nodes["rouen"]["betweenness"] == whole.nodes["rouen"]["betweenness"]


# ---------------------------------------------------------------- page


def test_page_is_self_contained_and_requests_nothing(graph):
    page = render_map(map_payload(graph))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "@import" not in page
    urls = set(re.findall(r"https?://[^\s\"'()<>\\]+", page))
    assert urls <= KNOWN_VENDOR_URLS, urls - KNOWN_VENDOR_URLS
    assert "vis.Network" in page and "bootstrap" not in page.lower()


def test_every_text_is_escaped():
    ds = small_dataset(xss=True)
    G = analysed_view(ds, "cites")
    page = render_map(
        map_payload(G, MapOptions(title=XSS, subtitle=XSS_TITLE), meetings=ds.meeting_by_id)
    )
    assert XSS not in page
    assert "<script>alert(2)" not in page
    assert page.count("</script>") == 3  # vis-network, data, our script
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the title, escaped by the template
    data = data_of(page)  # the JSON still holds the exact text
    assert any(n["label"] == XSS for n in data["nodes"])
    assert any(XSS_TITLE in m for m in data["meetings"])
    # the page's script never inserts markup
    script = page.rsplit("<script>", 1)[1]
    assert (
        "innerHTML" not in script
        and "insertAdjacentHTML" not in script
        and "document.write" not in script
    )


# ---------------------------------------------------------------- CLI


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_map_command_writes_only_its_output(tiny_dir, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = _tree(tmp_path)
    out = work / "out" / "map.html"
    result = CliRunner().invoke(cli, ["map", str(tiny_dir), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert _tree(tmp_path) - before == {"work/out", "work/out/map.html"}
    data = data_of(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 1
    assert data["title"].startswith("Map of cooperation")


@pytest.mark.parametrize("view", ["cites", "actors", "institutions", "regions"])
@pytest.mark.parametrize("layout_name", ["geo", "force"])
def test_every_view_and_layout(tiny_dir, tmp_path, view, layout_name):
    out = tmp_path / f"{view}.html"
    result = CliRunner().invoke(
        cli, ["map", str(tiny_dir), "--view", view, "--layout", layout_name, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["layout"] == layout_name
    assert data["nodes"]


def test_map_with_period_scale_and_threshold(tiny_dir, tmp_path):
    out = tmp_path / "m.html"
    args = ["map", str(tiny_dir), "--out", str(out), "--since", "2021-01-01"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert data_of(out.read_text(encoding="utf-8"))["edges"] == []  # m2 was in 2020
    args = ["map", str(tiny_dir), "--out", str(out), "--scale", "interregional"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert len(data_of(out.read_text(encoding="utf-8"))["edges"]) == 1


def test_map_aggregates_on_request(tiny_dir, tmp_path):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(cli, ["map", str(tiny_dir), "--out", str(out), "--max-nodes", "2"])
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == ["28", "52", "53"]
    assert data["notices"]


def test_report_links_the_map(tiny_dir, tmp_path):
    out = tmp_path / "rep"
    result = CliRunner().invoke(cli, ["report", str(tiny_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "map-cites.html").is_file()
    html_text = (out / "report.html").read_text(encoding="utf-8")
    assert '<a href="map-cites.html">' in html_text
    assert "map-cites.html" in (out / "report.md").read_text(encoding="utf-8")


def test_overseas_cite_with_mainland_coordinates_is_warned_and_placed_home():
    """Issue 11, item 7: Le Port (Réunion) given Paris coordinates is drawn
    in the Réunion inset at its territory's point, and the map says so."""
    from dataclasses import replace

    ds = small_dataset()
    wrong = tuple(replace(c, lat=48.85, lon=2.35) if c.id == "leport" else c for c in ds.cites)
    p = map_payload(analysed_view(replace(ds, cites=wrong), "cites"), MapOptions())
    right = map_payload(analysed_view(ds, "cites"), MapOptions())
    text = json.dumps(p, ensure_ascii=False)
    assert "coordonnées hors de leur territoire" in text and "Le Port" in text
    inset = next(i for i in right["background"]["insets"] if "Réunion" in i["label"])
    node = next(n for n in p["nodes"] if n["id"] == "leport")
    assert inset["x"] <= node["x"] <= inset["x"] + inset["w"]
    assert inset["y"] <= node["y"] <= inset["y"] + inset["h"]


def test_vis_records_are_pyvis_records():
    """The map's node and edge records are those pyvis builds (the oracle),
    key for key and in the same order, without importing pyvis."""
    from pyvis.network import Network

    from coopgraph.viz.maps import VisRecords

    ours, theirs = VisRecords(), Network(directed=True)
    nodes = [
        ("a", {"label": "A", "shape": "dot", "size": 12.0, "color": {"background": "#fff"}}),
        ("b", {"label": "", "shape": "diamond", "borderWidth": 4, "x": 1.0, "y": 2.0}),
        ("a", {"label": "again", "shape": "square"}),
    ]
    for n, options in nodes:
        ours.add_node(n, **options)
        theirs.add_node(n, **options)
    ours.add_edge("a", "b", id="e0", width=1.5, color={"color": "#000"}, weight=3, info={})
    theirs.add_edge("a", "b", id="e0", width=1.5, color={"color": "#000"}, weight=3, info={})
    for e in theirs.edges:
        e.pop("arrows")
    assert json.dumps(ours.nodes) == json.dumps(theirs.nodes)
    assert json.dumps(ours.edges) == json.dumps(theirs.edges)
    with pytest.raises(ValueError):
        ours.add_edge("a", "zz")
