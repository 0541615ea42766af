"""The one rule for labelled cités (coopgraph.labelling) and the validation
warning for an unknown labelling year."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.graph.projections import Period, cite_graph
from coopgraph.io import read_dataset
from coopgraph.io.dataset import check_directory
from coopgraph.labelling import is_labelled, labelled_since, unknown_labelling
from coopgraph.model import Cite, Dataset
from tinydata import TINY, tables_with, write_tables


@pytest.mark.parametrize(
    ("wave", "on", "expected"),
    [
        (2021, date(2020, 12, 31), False),
        (2021, date(2021, 1, 1), True),
        (2021, date(2021, 10, 14), True),
        (2019, date(2019, 9, 1), True),
        (2024, None, True),
    ],
)
def test_a_cite_counts_from_its_labelling_year(wave, on, expected):
    cite = Cite("c", "C", "28", wave=wave)
    assert is_labelled(cite, on, if_unknown=False) is expected
    assert is_labelled(cite, on, if_unknown=True) is expected


def test_unknown_year_is_what_the_caller_says():
    cite = Cite("c", "C", "28")
    assert labelled_since(cite) is None
    assert is_labelled(cite, date(2019, 1, 1), if_unknown=True) is True
    assert is_labelled(cite, date(2019, 1, 1), if_unknown=False) is False
    with pytest.raises(TypeError):
        is_labelled(cite, date(2019, 1, 1))  # type: ignore[call-arg]  # no silent default


def test_cite_graph_follows_the_rule():
    ds = Dataset(
        cites=(
            Cite("old", "Old", "28", wave=2019),
            Cite("new", "New", "28", wave=2022),
            Cite("unknown", "Unknown", "28"),
        )
    )
    for until in (date(2021, 12, 31), date(2022, 1, 1), None):
        G = cite_graph(ds, Period(None, until))
        for c in ds.cites:
            assert G.nodes[c.id]["labelled"] is is_labelled(c, until, if_unknown=True)
    assert not cite_graph(ds, Period(None, date(2021, 12, 31))).nodes["new"]["labelled"]


def test_unknown_labelling_lists_the_cites_without_year(tiny_dir):
    assert [c.id for c in unknown_labelling(read_dataset(tiny_dir).cites)] == ["c"]


def test_empty_wave_is_a_located_warning_not_a_problem(tiny_dir):
    problems, warnings = check_directory(tiny_dir)
    assert problems == []
    assert len(warnings) == 1
    w = warnings[0]
    assert (w.file, w.line, w.column, w.column_name) == (str(tiny_dir / "cites.csv"), 4, 7, "wave")
    assert "année de labellisation inconnue" in w.message


def test_missing_wave_column_is_one_warning(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "wave"} for r in TINY["cites"]]
    problems, warnings = check_directory(write_tables(tmp_path / "d", tables_with(cites=rows)))
    assert problems == []
    assert [(w.line, w.column_name) for w in warnings] == [(1, "wave")]
    assert "3 cité(s) sans année de labellisation" in warnings[0].message


def test_all_years_known_means_no_warning(tmp_path):
    rows = [dict(r, wave=r["wave"] or "2021") for r in TINY["cites"]]
    assert check_directory(write_tables(tmp_path / "d", tables_with(cites=rows))) == ([], [])


def test_validate_warns_and_strict_refuses(tiny_dir):
    runner = CliRunner()
    relaxed = runner.invoke(cli, ["validate", str(tiny_dir)])
    assert relaxed.exit_code == 0, relaxed.output
    assert "avertissement :" in relaxed.output and "cites.csv:4:7: [wave]" in relaxed.output
    assert "valide (1 avertissement(s))" in relaxed.output
    strict = runner.invoke(cli, ["validate", str(tiny_dir), "--strict"])
    assert strict.exit_code == 2
    assert "cites.csv:4:7: [wave] année de labellisation inconnue" in strict.output
    assert "1 problème(s) dans les données" in strict.output


def test_invalid_data_is_still_refused_without_strict(tmp_path):
    rows = [dict(TINY["cites"][0], lat="123.5")] + TINY["cites"][1:]
    result = CliRunner().invoke(
        cli, ["validate", str(write_tables(tmp_path / "d", tables_with(cites=rows)))]
    )
    assert result.exit_code == 2 and "latitude" in result.output


def test_densities_and_counts_ignore_cites_not_labelled_yet():
    """Issue 11, item 2: the one labelling rule in densities and counts. In
    2020, c (2022 wave) is not a cité éducative yet: Normandie's density is
    a–b's one tie over one possible tie, not over three."""
    from datetime import date

    from coopgraph.analysis import Analysis, AnalysisOptions
    from coopgraph.graph.projections import Period
    from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    from coopgraph.reports.records import wave_records

    ds = Dataset(
        cites=(
            Cite("a", "A", "28", "76", wave=2019),
            Cite("b", "B", "28", "76", wave=2019),
            Cite("c", "C", "28", "76", wave=2022),
        ),
        actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
        meetings=(Meeting("m", date(2020, 5, 14), "Club"),),
        attendance=(Attendance("m", "x"), Attendance("m", "y")),
    )
    an = Analysis(ds, AnalysisOptions(period=Period(None, date(2020, 12, 31))))
    normandie = next(d for d in an.region_densities if d.key == "28")
    assert normandie.density == 1.0
    assert an.national_density.density == 1.0
    assert an.reported == ["a", "b"]
    assert [(r["wave"], r["cites"], r["labelled"]) for r in wave_records(an)] == [
        (2019, 2, 2),
        (2022, 1, 0),
    ]
