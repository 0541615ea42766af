"""Partner suggestions in the outputs people read (issue 13, item 4): the
report's isolated-cités section, the one-page note, the map's dashed
suggested ties and the planner's preference for likely partners."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coopgraph.analysis import Analysis, AnalysisOptions, parse_territory
from coopgraph.cli import cli
from coopgraph.graph.projections import Period
from coopgraph.io import read_dataset
from coopgraph.io.writer import write_dataset
from coopgraph.model import Actor, Attendance, Cite, Dataset, Institution, Meeting
from coopgraph.planning import Candidate, PlanOptions, plan_clusters
from coopgraph.reports.document import to_markdown
from coopgraph.reports.note import Limits, build_note, note_html, note_pdf
from coopgraph.reports.report import ReportOptions, build_report
from coopgraph.suggest import suggestion_records
from coopgraph.viz.maps import MapOptions, map_payload

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
BEFORE_CLUB = date(2020, 5, 13)
A4 = (595.3, 841.9)  # points


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _introduced() -> Dataset:
    """Five cités. a (Normandie) and b (Normandie) meet twice (m1, m4): both
    observed and tied only inside their région (``regional_only``). c (Pays
    de la Loire) meets only Sophie Secret, a person of an association who
    works for no cité (m2, m3): observed and isolated. Sophie also met a and
    b (m1), so she is the one placed to introduce c to them (no CRPV exists).
    d (Bretagne) and e (Occitanie) have no meeting."""
    return Dataset(
        cites=(
            Cite("a", "Alpha", "28", "76", wave=2019, lat=49.44, lon=1.10),
            Cite("b", "Beta", "28", "14", wave=2019, lat=49.18, lon=-0.37),
            Cite("c", "Gamma", "52", "49", wave=2019, lat=47.47, lon=-0.55),
            Cite("d", "Delta", "53", "35", wave=2019, lat=48.11, lon=-1.68),
            Cite("e", "Epsilon", "76", "31", wave=2019, lat=43.60, lon=1.44),
        ),
        institutions=(
            Institution("assoc", "Association Relais", "association"),
            Institution("ville", "Ville", "collectivite"),
        ),
        actors=(
            Actor("xa", "Xavier Alpha", "ville", cite_id="a"),
            Actor("xb", "Yasmine Beta", "ville", cite_id="b"),
            Actor("xc", "Zoé Gamma", "ville", cite_id="c"),
            Actor("xd", "Denise Delta", "ville", cite_id="d"),
            Actor("xe", "Eve Epsilon", "ville", cite_id="e"),
            Actor("s", "Sophie Secret", "assoc"),
        ),
        meetings=(
            Meeting("m1", date(2020, 1, 9), "Réunion", scale="regional", themes=("evaluation",)),
            Meeting("m2", date(2020, 2, 9), "Atelier", scale="regional", themes=("evaluation",)),
            Meeting("m3", date(2020, 3, 9), "Atelier 2", scale="regional", themes=("sante",)),
            Meeting("m4", date(2020, 4, 9), "Réunion 2", scale="regional", themes=("sante",)),
        ),
        attendance=(
            Attendance("m1", "xa"),
            Attendance("m1", "xb"),
            Attendance("m1", "s"),
            Attendance("m2", "xc"),
            Attendance("m2", "s"),
            Attendance("m3", "xc"),
            Attendance("m3", "s"),
            Attendance("m4", "xa"),
            Attendance("m4", "xb"),
        ),
    )


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("introduced")
    write_dataset(_introduced(), out)
    return out


@pytest.fixture(scope="module")
def sample():
    return read_dataset(SAMPLE)


def _isolated_types(an: Analysis) -> dict[str, str]:
    return {c.cite_id: c.type for c in an.isolated}


# ---------------------------------------------------------------- analysis


def test_suggestions_follow_the_analysis_options_and_its_isolated_cites():
    an = Analysis(_introduced(), AnalysisOptions(scales=("regional",), seed=3))
    assert _isolated_types(an) == {"c": "isolated", "a": "regional_only", "b": "regional_only"}
    found = an.suggestions(2)
    assert found is an.suggestions(2)  # memoised
    assert found.queries == ["c", "a", "b"]  # the order of the isolated list
    assert {s.cite_id for s in found} == {"a", "b", "c"}
    assert all(s.rank <= 2 for s in found)
    assert found.parameters["scales"] == ("regional",) and found.parameters["seed"] == 3
    # a period before any meeting: no cité is observed, nothing is asked
    early = Analysis(_introduced(), AnalysisOptions(period=Period(None, date(2019, 12, 31))))
    assert early.isolated == [] and list(early.suggestions(3)) == []
    # the scope: a territory keeps only its own isolated cités asking
    west = Analysis(_introduced(), AnalysisOptions(territory=parse_territory(["52"])))
    assert {s.cite_id for s in west.suggestions(3)} == {"c"}


# ---------------------------------------------------------------- report


def _section(markdown: str, title: str) -> str:
    start = markdown.index(f"## {title}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_report_lists_suggestions_and_introducer_only_when_asked():
    an = Analysis(_introduced())
    plain = to_markdown(build_report(an))
    asked = to_markdown(build_report(an, ReportOptions(suggestions=True)))
    assert "Cité à rencontrer" not in plain
    section = _section(asked, "Cités isolées")
    assert "Mises en relation suggérées" in section and "poids par défaut" in section.lower()
    rows = [line for line in section.splitlines() if line.startswith("| Gamma |")]
    assert len(rows) == 3  # top 3 of the isolated cité
    # Sophie met c and a: she is named as the person who can introduce them
    to_alpha = next(r for r in rows if "| Alpha |" in r)
    assert "Sophie Secret – personne" in to_alpha
    # the report's other sections are unchanged
    assert plain.replace(_section(plain, "Cités isolées"), "") == asked.replace(section, "")


def test_report_suggestions_pseudonymised_and_in_english():
    an = Analysis(_introduced())
    hidden = to_markdown(build_report(an, ReportOptions(suggestions=True, pseudonymise=True)))
    assert "Sophie" not in hidden and re.search(r"Personne \d{4} – personne", hidden)
    english = to_markdown(build_report(an, ReportOptions(lang="en", suggestions=True)))
    section = _section(english, "Isolated cités")
    assert "Suggested introductions" in section and "Who can introduce" in section
    assert "Cité à rencontrer" not in english


def test_report_command_on_the_sample_scoped_to_a_region(tmp_path):
    out = tmp_path / "rapport"
    result = run(
        "report", SAMPLE, "--until", "2020-05-13", "--region", "Normandie", "--suggestions",
        "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    section = _section((out / "report.md").read_text(encoding="utf-8"), "Cités isolées")
    table = section[section.index("| Cité | Rang | Cité à rencontrer") :]
    lines = [line for line in table.splitlines()[2:] if line.startswith("|")]
    asking = {line.split(" | ")[0].strip("| ") for line in lines}
    assert asking == {"Le Havre Nord"}  # the one isolated cité of Normandie then
    assert table.count("| Le Havre Nord |") == 3
    assert "pointillés" in (out / "map-cites.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- note


def _pdf_text(data: bytes) -> tuple[int, tuple[float, float], str]:
    import io

    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    return len(reader.pages), (float(box.width), float(box.height)), reader.pages[0].extract_text()


def test_note_lists_suggestions_pseudonymised_on_one_page():
    an = Analysis(_introduced())
    assert "Mises en relation" not in note_html(build_note(an))
    pages, size, text = _pdf_text(note_pdf(build_note(an, suggestions=True, pseudonymise=True)))
    assert pages == 1 and size == pytest.approx(A4, abs=1)
    assert "Mises en relation suggérées" in text
    assert "Sophie" not in text and re.search(r"Alpha.*\(Personne \d{4}\)", text)
    named = note_html(build_note(an, suggestions=True), "en")
    assert "Suggested introductions" in named and "(Sophie Secret)" in named


def test_note_caps_the_suggestions_and_says_so():
    an = Analysis(_introduced())
    html = note_html(build_note(an, suggestions=True), "fr", Limits(suggested=1))
    assert "Liste limitée aux 1 premières cités pour tenir sur une page" in html
    assert "… et 2 autre(s)" in html
    assert "Liste limitée" not in note_html(build_note(an, suggestions=True), "fr")


def test_sample_note_with_suggestions_is_one_a4_page(tmp_path):
    out = tmp_path / "note.pdf"
    result = run("note", SAMPLE, "--until", BEFORE_CLUB, "--suggestions", "--out", out)
    assert result.exit_code == 0, result.output
    pages, size, text = _pdf_text(out.read_bytes())
    assert pages == 1 and size == pytest.approx(A4, abs=1)
    # 43 isolated or fragile cités: the list is cut to fit, and says so
    assert "Mises en relation suggérées" in text and "pour tenir sur une page" in text


# ---------------------------------------------------------------- map


def test_map_payload_draws_suggestions_dashed_with_their_explanation():
    an = Analysis(_introduced())
    records = suggestion_records(an.ds, an.suggestions(3), "fr")
    G = an.view("cites")
    plain = map_payload(G, MapOptions())
    drawn = map_payload(G, MapOptions(), suggested=records)
    assert not [e for e in plain["edges"] if e.get("dashes")]
    dashed = [e for e in drawn["edges"] if e.get("suggested")]
    assert len(dashed) == len(records) and all(e["dashes"] is True for e in dashed)
    solid = [e for e in drawn["edges"] if not e.get("suggested")]
    assert len(solid) == len(plain["edges"])
    alpha = next(e for e in dashed if {e["from"], e["to"]} == {"c", "a"})
    lines = " ".join(alpha["info"]["lines"])
    assert "score" in lines and "Raisons" in lines and "Sophie Secret" in lines
    assert any(i["text"].startswith("Mise en relation suggérée") for i in drawn["legend"])
    assert any("pointillés" in n for n in drawn["notices"])


def test_map_command_suggestions_need_the_cites_view(tiny_dir, tmp_path):
    result = run("map", tiny_dir, "--view", "actors", "--suggestions", "--out", tmp_path / "m.html")
    assert result.exit_code != 0 and "--view cites" in result.output
    assert not (tmp_path / "m.html").exists()


@pytest.mark.browser
def test_map_shows_dashed_suggestions_in_chromium_only_with_the_option(tiny_dir, tmp_path):
    from coopgraph.viz.browser import browser_context, chromium_available, open_map

    if not chromium_available():
        pytest.skip("/usr/bin/chromium not found (Debian package 'chromium')")
    with_, without = tmp_path / "with.html", tmp_path / "without.html"
    assert run("map", tiny_dir, "--suggestions", "--pseudonymise", "--out", with_).exit_code == 0
    assert run("map", tiny_dir, "--out", without).exit_code == 0
    count = "() => coopgraph.edges.get().filter(e => e.dashes === true && e.suggested).length"
    with browser_context() as context:
        page, report = open_map(context, without)
        try:
            assert report.page_errors == [] and report.console_errors == []
            assert page.evaluate(count) == 0
            solid = report.edges
        finally:
            page.close()
        page, report = open_map(context, with_)
        try:
            assert report.page_errors == [] and report.console_errors == []
            assert report.blocked_requests == []
            dashed = page.evaluate(count)
            assert dashed == 9 and report.edges == solid + dashed  # 3 asking cités × 3
            # vis.js draws them dashed: its own edge objects carry the option
            assert page.evaluate(
                "() => Object.values(coopgraph.network.body.edges)"
                ".filter(e => e.options.dashes === true).length"
            ) == dashed  # fmt: skip
            # the hover text: score, reasons, introducer (pseudonymised)
            edge = page.evaluate(
                "() => coopgraph.edges.get().find(e => e.suggested && "
                "[e.from, e.to].sort().join() === 'a,c').id"
            )
            page.evaluate("(id) => coopgraph.network.emit('click', {nodes: [], edges: [id]})", edge)
            details = page.inner_text("#cg-details")
            assert "score" in details and "Raisons" in details
            assert re.search(r"Introduction par : Personne \d{4}", details)
            assert "Sophie" not in page.content()
            legend = page.inner_text("#cg-legend")
            assert "Mise en relation suggérée" in legend
        finally:
            page.close()


# ---------------------------------------------------------------- planner


def _four_in_one_region() -> Dataset:
    cites = tuple(
        Cite(i, i.upper(), "28", "76", wave=2019, lat=49.4 + k / 100, lon=1.1)
        for k, i in enumerate("pqrs")
    )
    crpv = Institution("crpv", "Normanvilles", "crpv", regions=("28",))
    return Dataset(cites=cites, institutions=(crpv,))


def test_planner_prefers_likely_partners_by_hand():
    """Four cités of one région, clubs of two: every pairing places them all
    with the same anchors, themes and spread. Without scores the solver
    keeps the pairing it meets first (p–r, q–s); with p–q and r–s the likely
    partners, the plan pairs them, and its ``partners`` term is 90 + 80."""
    ds = _four_in_one_region()
    options = PlanOptions(min_size=2, max_size=2, workers=1, deterministic=True)
    cands = [Candidate(c.id, "isolated") for c in ds.cites]
    plain = plan_clusters(ds, cands, options)
    assert sorted(k.cites for k in plain.clubs) == [("p", "r"), ("q", "s")]
    assert "partners" not in plain.objective
    scores = {("p", "q"): 0.9, ("s", "r"): 0.8, ("p", "r"): 0.1, ("q", "s"): 0.1}
    preferred = plan_clusters(ds, cands, options, partner_scores=scores)
    assert sorted(k.cites for k in preferred.clubs) == [("p", "q"), ("r", "s")]
    assert preferred.objective["partners"] == 170
    assert preferred.placed == plain.placed == 4


def test_plan_command_prefer_partners_on_the_sample(tmp_path):
    out = tmp_path / "plan.json"
    base = ["plan-clusters", SAMPLE, "--until", BEFORE_CLUB, "--workers", 1, "--deterministic"]
    result = run(*base, "--prefer-partners", "--format", "json", "--out", out)
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["objective"]["partners"] > 0 and plan["objective"]["placed"] == 24
    # the western club (the Club de l'Ouest's cités) is kept
    assert any("cite-062" in c["cites"] and "cite-032" in c["cites"] for c in plan["clubs"])
    plain = tmp_path / "plain.json"
    assert run(*base, "--format", "json", "--out", plain).exit_code == 0
    assert "partners" not in json.loads(plain.read_text(encoding="utf-8"))["objective"]
