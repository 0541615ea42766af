"""The focused metric commands and the full report through the CLI, output
forms, and privacy (pseudonyms, no names in logs)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli, main
from coopgraph.io import read_dataset
from coopgraph.metrics.isolation import ISOLATION_TYPES
from coopgraph.privacy import pseudonym, pseudonyms
from coopgraph.reports.tabular import render

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
COMMANDS = ["density", "isolated", "bridges", "brokers", "communities"]
CLUB = ("--since", "2020-05-14", "--until", "2021-10-14")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample():
    if not (SAMPLE / "meetings.csv").exists():
        pytest.fail("data/sample is missing")
    return SAMPLE


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_command_in_every_format(sample, command, fmt):
    result = run(command, sample, "--format", fmt, *CLUB)
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        records = json.loads(out)
        assert isinstance(records, list) and records and all(isinstance(r, dict) for r in records)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows
    elif fmt == "markdown":
        assert out.startswith("| ") and "|---|" in out
    else:
        assert re.search(r"^-+ ", out.splitlines()[1])


def test_isolated_json_records(sample):
    result = run("isolated", sample, "--format", "json", "--until", "2020-05-13", "--lang", "en")
    records = json.loads(result.output)
    for key in ("cite_id", "name", "region", "type", "last_contact", "explanation"):
        assert key in records[0]
    observed = [r for r in records if r["data_status"] == "observed"]
    assert {r["type"] for r in observed} <= set(ISOLATION_TYPES)
    # the cités without (enough) data follow, their type saying so, unranked
    apart = records[len(observed) :]
    assert all(r["type"] == r["data_status"] in ("no_data", "sparse") for r in apart)
    assert all(r["rank"] is None for r in apart)
    caen = [r for r in records if r["name"] == "Hérouville-Saint-Clair"][0]
    # before the club, Hérouville's actors met once (alone): too little data
    # to call it isolated (issue 11, item 1)
    assert caen["type"] == caen["data_status"] == "sparse" and caen["rank"] is None
    assert observed[0]["type"] == "isolated"
    assert observed[0]["explanation"] == "no tie to another cité over the period"
    # French by default
    fr = json.loads(run("isolated", sample, "--format", "json", "--until", "2020-05-13").output)
    assert fr[0]["explanation"].startswith("aucun lien")


def test_bridges_json_records_and_region_filter(sample):
    records = json.loads(
        run("bridges", sample, "--format", "json", *CLUB, "--region", "Normandie").output
    )
    assert records
    for r in records:
        for key in ("source", "target", "source_region", "target_region", "weight", "meetings"):
            assert key in r
        assert (
            "28" in (r["source_region"], r["target_region"])
            and r["source_region"] != r["target_region"]
        )
        assert r["weight"] == len(r["meetings"])
    by_region = json.loads(run("bridges", sample, "--format", "json", *CLUB, "--by-region").output)
    assert {"region_a", "region_b", "ties", "weight"} <= set(by_region[0])


def test_unknown_region_is_a_clear_error(sample, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["isolated", str(sample), "--region", "Atlantis"])
    assert exit_info.value.code != 0
    assert "Atlantis" in capsys.readouterr().err


def test_brokers_of_people_are_pseudonymised(sample):
    ds = read_dataset(sample)
    plain = run("brokers", sample, "--level", "actor", "--format", "json", "--top", "10", *CLUB)
    hidden = run(
        "brokers",
        sample,
        "--level",
        "actor",
        "--format",
        "json",
        "--top",
        "10",
        "--pseudonymise",
        *CLUB,
    )
    assert plain.exit_code == hidden.exit_code == 0
    names = {a.name for a in ds.actors}
    assert {r["name"] for r in json.loads(plain.output)} <= names
    hidden_records = json.loads(hidden.output)
    assert not any(name in hidden.output for name in names)
    assert all(r["name"].startswith("Personne ") for r in hidden_records)
    # stable: the same person gets the same pseudonym again
    again = json.loads(
        run(
            "brokers",
            sample,
            "--level",
            "actor",
            "--format",
            "json",
            "--top",
            "10",
            "--pseudonymise",
            *CLUB,
        ).output
    )
    assert again == hidden_records


def test_pseudonyms_are_stable_unique_and_keyed(sample):
    ds = read_dataset(sample)
    table = pseudonyms(ds)
    assert len(set(table.values())) == len(ds.actors)
    assert table == pseudonyms(ds)
    assert pseudonym("act-0001", key="k1") != pseudonym("act-0001", key="k2")
    assert pseudonyms(ds, "en")["act-0001"].startswith("Person ")


def test_report_writes_markdown_and_self_contained_html(sample, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    result = run("report", sample, "--out", tmp_path, "--pseudonymise")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for title in (
        "Densité de coopération",
        "Cités isolées",
        "Ponts interrégionaux",
        "Courtiers",
        "Communautés",
    ):
        assert f"## {title}" in md
    assert html.count("<svg") >= 3
    assert "<script" not in html and not re.search(r"""(src|href)=["']?https?:""", html)
    names = {a.name for a in read_dataset(sample).actors}
    leaked = [n for n in names if n in md or n in html or n in caplog.text or n in result.output]
    assert leaked == []
    assert "Personne " in md  # actors' betweenness is shown under pseudonyms


def test_report_in_english_has_the_story(sample, tmp_path):
    result = run("report", sample, "--out", tmp_path, "--lang", "en", *CLUB)
    assert result.exit_code == 0
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Interregional bridges" in md and "Normanvilles" in md and "RésOVilles" in md


#: Each focused command offers the options it honours, and only those:
#: ``--pseudonymise`` where people are named, ``--seed`` where a method is random.
HONOURED = {
    "density": set(),
    "isolated": {"--pseudonymise"},
    "bridges": set(),
    "brokers": {"--pseudonymise", "--seed"},
    "communities": {"--seed"},
}


def test_every_command_has_help():
    for command in COMMANDS:
        result = run(command, "--help")
        assert result.exit_code == 0
        for option in ("--format", "--region", "--since", "--until", "--lang"):
            assert option in result.output
        for option in ("--pseudonymise", "--seed"):
            assert (option in result.output) == (option in HONOURED[command]), (command, option)


def test_render_table_and_json():
    from datetime import date

    rows = [{"cite_id": "c1", "last_contact": date(2020, 5, 14), "score": 0.5}]
    assert json.loads(render(rows, "json")) == [
        {"cite_id": "c1", "last_contact": "2020-05-14", "score": 0.5}
    ]
    assert render(rows, "table").splitlines()[2].split() == ["c1", "2020-05-14", "0.5"]
    with pytest.raises(ValueError):
        render(rows, "xml")


def test_singletons_are_cites_without_community_not_communities(sample):
    """Issue 11, item 7: a cité alone is listed as "sans communauté", never
    counted as a community of one."""
    rows = json.loads(run("communities", sample, "--format", "json").output)
    assert rows and all(r["size"] >= 2 for r in rows)
    table = run("communities", sample).output
    assert "Cités sans communauté (sans lien, non comptées comme communautés) : 2 ;" in table


def test_an_empty_table_says_none(sample):
    out = run(
        "isolated", sample, "--format", "markdown", "--departement", "2A", "--since", "2030-01-01"
    ).output
    assert out.startswith("Aucun résultat.")
