"""Maps in a real browser: Debian's headless Chromium driven by Playwright,
with every request but the page itself aborted."""

from __future__ import annotations

import os

import pytest

from coopgraph.export import analysed_view
from coopgraph.viz.browser import browser_context, chromium_available, open_map
from coopgraph.viz.maps import MapOptions, map_payload, render_map, write_map
from test_maps import XSS, XSS_TITLE, small_dataset

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context():
    if not chromium_available():
        message = "/usr/bin/chromium not found (Debian package 'chromium')"
        if "CI" in os.environ:
            pytest.fail(message)
        pytest.skip(message)
    with browser_context() as ctx:
        yield ctx


def _write(tmp_path, G, ds, name="map.html", **options):
    page = render_map(map_payload(G, MapOptions(**options), meetings=ds.meeting_by_id))
    return write_map(tmp_path / name, page)


def _clean(report):
    assert report.blocked_requests == [], "the page tried to reach the network"
    assert report.console_errors == []
    assert report.page_errors == []
    assert report.dialogs == []


def _hover(page, node_id):
    """Move the mouse over a node, as a person would."""
    x, y = page.evaluate(
        """(id) => { const n = coopgraph.network; const p = n.canvasToDOM(n.getPosition(id));
                     const r = document.getElementById('cg-network').getBoundingClientRect();
                     return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    for _ in range(200):
        if page.evaluate("() => document.getElementById('cg-tooltip').style.display === 'block'"):
            break
        page.wait_for_timeout(25)
    return page.inner_text("#cg-tooltip")


def test_sample_map_loads_offline_and_draws_everything(context, tmp_path, sample_dir):
    from coopgraph.io import read_dataset

    ds = read_dataset(sample_dir)
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds))
    try:
        _clean(report)
        assert report.nodes == G.number_of_nodes()
        assert report.edges == G.number_of_edges()
        assert page.evaluate("document.getElementById('cg-legend').children.length") > 5
    finally:
        page.close()


@pytest.mark.parametrize("layout", ["geo", "force"])
def test_small_map_in_both_layouts(context, tmp_path, layout):
    ds = small_dataset()
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds, layout=layout))
    try:
        _clean(report)
        assert (report.nodes, report.edges) == (5, 2)
        physics = page.evaluate("coopgraph.network.physics.options.enabled")
        assert physics is False  # geo: never on; force: switched off once stable
    finally:
        page.close()


def test_hostile_names_show_as_text_and_run_nothing(context, tmp_path):
    ds = small_dataset(xss=True)
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds, title=XSS, subtitle=XSS_TITLE))
    try:
        assert page.inner_text("h1") == XSS
        tooltip = _hover(page, "rouen")
        assert XSS in tooltip
        # the tie's tooltip lists the hostile meeting title, as text
        page.evaluate("coopgraph.network.selectEdges([])")
        edge = page.evaluate(
            "coopgraph.edges.get().find(e => [e.from, e.to].sort().join() === 'rennes,rouen').id"
        )
        page.evaluate("(id) => coopgraph.network.emit('click', {nodes: [], edges: [id]})", edge)
        details = page.inner_text("#cg-details")
        assert XSS_TITLE in details and XSS in details
        page.fill("#cg-search", XSS)
        page.press("#cg-search", "Enter")
        assert page.evaluate("coopgraph.network.getSelectedNodes()") == ["rouen"]
        page.wait_for_timeout(300)
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        _clean(report)
    finally:
        page.close()


def test_search_box_finds_a_cite(context, tmp_path):
    ds = small_dataset()
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds))
    try:
        page.fill("#cg-search", "caen")
        page.press("#cg-search", "Enter")
        assert page.evaluate("coopgraph.network.getSelectedNodes()") == ["caen"]
        assert "Caen" in page.inner_text("#cg-details")
        page.fill("#cg-search", "Atlantis")
        page.press("#cg-search", "Enter")
        assert "Atlantis" in page.inner_text("#cg-search-msg")
        _clean(report)
    finally:
        page.close()


def test_weight_filter_hides_weak_ties(context, tmp_path):
    ds = small_dataset()
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds))
    try:
        page.eval_on_selector(
            "#cg-weight", "(s) => { s.value = '2'; s.dispatchEvent(new Event('input')); }"
        )
        assert page.evaluate("coopgraph.network.body.data.edges.length") == 1
        assert "1 lien" in page.inner_text("#cg-count")
        _clean(report)
    finally:
        page.close()


def test_grouped_map_in_the_browser(context, tmp_path):
    ds = small_dataset()
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds, max_nodes=3))
    try:
        _clean(report)
        assert (report.nodes, report.edges) == (4, 1)
        assert "regroupé" in page.inner_text("#cg-notices")
    finally:
        page.close()


def test_the_tie_clicked_is_the_tie_hovered(context, tmp_path):
    """Issue 11, item 7: where two ties cross, clicking shows the details of
    the tie whose tooltip the hover showed."""
    from datetime import date

    from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting

    # two ties crossing in the middle: a–d (NW–SE) and b–c (NE–SW)
    ds = Dataset(
        cites=(
            Cite("a", "A", "28", "76", lat=49.5, lon=0.0),
            Cite("b", "B", "44", "57", lat=49.5, lon=6.0),
            Cite("c", "C", "52", "44", lat=47.0, lon=0.0),
            Cite("d", "D", "84", "69", lat=47.0, lon=6.0),
        ),
        actors=tuple(Actor(x, x.upper(), "i", cite_id=x) for x in "abcd"),
        meetings=(
            Meeting("m1", date(2021, 1, 5), "Club AD"),
            Meeting("m2", date(2021, 2, 5), "Club BC"),
        ),
        attendance=(
            Attendance("m1", "a"),
            Attendance("m1", "d"),
            Attendance("m2", "b"),
            Attendance("m2", "c"),
        ),
    )
    G = analysed_view(ds, "cites")
    page, report = open_map(context, _write(tmp_path, G, ds))
    try:
        x, y = page.evaluate(
            """() => { const n = coopgraph.network;
                       const a = n.getPosition('a'), d = n.getPosition('d');
                       const p = n.canvasToDOM({x: (a.x + d.x) / 2, y: (a.y + d.y) / 2});
                       const r = document.getElementById('cg-network').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }"""
        )
        page.mouse.move(x - 40, y - 40)
        page.mouse.move(x, y, steps=5)
        for _ in range(200):
            if page.evaluate(
                "() => document.getElementById('cg-tooltip').style.display === 'block'"
            ):
                break
            page.wait_for_timeout(25)
        tooltip = page.inner_text("#cg-tooltip")
        assert "Club" in tooltip
        page.mouse.click(x, y)
        page.wait_for_timeout(100)
        details = page.inner_text("#cg-details")
        assert ("Club AD" in tooltip) == ("Club AD" in details)
        assert ("Club BC" in tooltip) == ("Club BC" in details)
        _clean(report)
    finally:
        page.close()
