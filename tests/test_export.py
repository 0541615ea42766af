"""Exports for Gephi and other tools: GraphML, GEXF, JSON."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.export import analysed_view, graph_text
from test_maps import XSS, small_dataset


@pytest.fixture(scope="module")
def graph():
    return analysed_view(small_dataset(xss=True), "cites")


def _read(fmt: str, text: str, tmp_path):
    path = tmp_path / f"g.{fmt}"
    path.write_text(text, encoding="utf-8")
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(text), edges="links")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_round_trip_keeps_nodes_edges_attributes_and_metrics(graph, fmt, tmp_path):
    H = _read(fmt, graph_text(graph, fmt), tmp_path)
    assert set(map(str, H)) == set(graph)
    assert H.number_of_edges() == graph.number_of_edges()
    rouen = H.nodes["rouen"]
    assert rouen["label"] == XSS  # exact text, escaped by the XML writer
    assert rouen["region"] == "28"
    assert rouen["betweenness"] == pytest.approx(graph.nodes["rouen"]["betweenness"])
    assert rouen["community"] == graph.nodes["rouen"]["community"]
    assert H.nodes["ajaccio"]["isolation"] == "isolated"
    tie = H["rouen"]["rennes"]
    assert tie["weight"] == 2
    assert tie["interregional"] in (True, "True", "true")
    meetings = tie["meetings"]
    assert (meetings.split(";") if isinstance(meetings, str) else meetings) == ["m1", "m2"]
    assert str(tie["first"]) == "2020-05-14"


def test_graphml_declares_typed_keys(graph):
    text = graph_text(graph, "graphml")
    assert 'attr.name="betweenness" attr.type="double"' in text
    assert re.search(r'attr.name="weight" attr.type="(?:int|long)"', text)


def test_metrics_provenance_is_kept(graph, tmp_path):
    H = _read("graphml", graph_text(graph, "graphml"), tmp_path)
    how = json.loads(H.graph["metrics"])
    # the report's defaults: seed 0, hop-count betweenness
    assert how["community"]["method"] == "louvain" and how["community"]["seed"] == 0
    assert how["betweenness"]["method"] == "exact" and how["betweenness"]["weight"] is None


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_command(tiny_dir, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(cli, ["export", str(tiny_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"3 nœuds, 1 liens ({fmt})" in result.output
    H = _read(fmt, out.read_text(encoding="utf-8"), tmp_path)
    assert H.number_of_nodes() == 3 and "betweenness" in H.nodes["a"]


def test_export_views_and_explicit_format(tiny_dir, tmp_path):
    out = tmp_path / "actors.xml"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(tiny_dir),
            "--view",
            "actors",
            "--format",
            "graphml",
            "--out",
            str(out),
            "--pseudonymise",
        ],
    )
    assert result.exit_code == 0, result.output
    H = nx.read_graphml(out)
    assert H.number_of_nodes() == 4
    text = out.read_text(encoding="utf-8")
    assert "Xavier" not in text and all(H.nodes[n]["label"].startswith("Personne ") for n in H)


def test_unknown_format_is_a_clear_error(tiny_dir, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tiny_dir), "--out", str(tmp_path / "net.xyz")])
    assert result.exit_code == 2
    assert "--format" in result.output
    assert not (tmp_path / "net.xyz").exists()


def test_report_map_shows_the_reports_communities_and_betweenness(sample_dir, tmp_path):
    """One ``coopgraph report`` run: each cité's community and betweenness in
    the map's data are those of the report's records (same seed, hop-count
    betweenness, communities numbered from 0 like the ``communities``
    command)."""
    from coopgraph.analysis import Analysis
    from coopgraph.io import read_dataset
    from coopgraph.reports import records
    from test_maps import data_of

    if not (sample_dir / "meetings.csv").exists():
        pytest.fail("data/sample is missing: run scripts/make_sample.py")
    result = CliRunner().invoke(cli, ["report", str(sample_dir), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = data_of((tmp_path / "map-cites.html").read_text(encoding="utf-8"))
    shown = {n["id"]: dict(n["info"]["rows"]) for n in page["nodes"]}

    ds = read_dataset(sample_dir)
    an = Analysis(ds)  # the report's defaults
    member = {}
    for record in records.community_records(an):
        ids = [c.id for c in ds.cites if c.name in record["cites"]]
        member.update({i: record["community"] for i in ids})
    between = an.cite_betweenness.values
    assert len(shown) == len(ds.cites) and len(set(member.values())) > 1
    for cite_id, rows in shown.items():
        if cite_id not in member:  # a cité alone: "sans communauté" in the report
            assert ds.cite_by_id[cite_id].name in records.singleton_cites(an)
            continue
        assert int(rows["Communauté"]) == member[cite_id], cite_id
        assert float(rows["Intermédiarité"]) == pytest.approx(between[cite_id], abs=6e-5), cite_id
    # the report's table of the most central cités prints the same values
    # (in French, with a decimal comma)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    top_id, top_value = an.cite_betweenness.top(1)[0]
    shown_value = f"{top_value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
    assert f"| cité | {ds.cite_by_id[top_id].name} | {shown_value}" in report


def test_metrics_leave_the_graph_alone():
    """add_metrics adds node metrics and ``interregional``, and nothing else
    (no ``distance`` written into the caller's ties)."""
    from coopgraph.export import add_metrics

    G = nx.Graph(projection="institutions")
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "c", weight=1)
    add_metrics(G)
    assert {k for _, _, d in G.edges(data=True) for k in d} == {"weight", "interregional"}
    assert G.nodes["b"]["community"] in (0, 1) and min(c for _, c in G.nodes(data="community")) == 0
