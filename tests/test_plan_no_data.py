"""No data is not isolation, in the planner too: a labelled cité with nothing
recorded over the period is neither offered a club nor counted isolated by
``plan-clusters`` and ``simulate``; it is listed apart ("sans données")."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli

pytest.importorskip("ortools")

#: Two cités labelled in 2019 with no actor, hence no data at all.
SILENT = (
    "cite-901,Silencieuse Ouest,52,Le Mans,72181,72,2019,48.0061,0.1996\n"
    "cite-902,Silencieuse Bretagne,53,Rennes,35238,35,2019,48.1173,-1.6778\n"
)


@pytest.fixture(scope="module")
def silent_dir(tmp_path_factory, sample_dir):
    d = tmp_path_factory.mktemp("silent") / "data"
    shutil.copytree(sample_dir, d)
    with (d / "cites.csv").open("a", encoding="utf-8") as f:
        f.write(SILENT)
    return d


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_plan_leaves_cites_without_data_out_and_lists_them(silent_dir, tmp_path):
    out = tmp_path / "plan.json"
    _run("plan-clusters", silent_dir, "--until", "2020-05-13", "--format", "json",
         "--out", out, "--workers", "2", "--deterministic", "--simulate")  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    offered = {c["cite_id"] for c in data["candidates"]}
    placed = {c for club in data["clubs"] for c in club["cites"]}
    unplaced = {u["cite_id"] for u in data["unplaced"]}
    assert not {"cite-901", "cite-902"} & (offered | placed | unplaced)
    assert data["no_data"] == ["cite-901", "cite-902"]
    before = data["simulation"]["before"]
    assert before["without_data"] == 2
    md = _run("plan-clusters", silent_dir, "--until", "2020-05-13", "--format", "markdown",
              "--workers", "2", "--deterministic")  # fmt: skip
    assert "Cités sans données (aucun club proposé)" in md.output
    assert "Aucune donnée (2) : Silencieuse Ouest (cite-901), Silencieuse Bretagne" in md.output
    # nor are they fillers: nothing says they are tied
    _run("plan-clusters", silent_dir, "--until", "2020-05-13", "--format", "json", "--out", out,
         "--workers", "2", "--deterministic", "--fillers", "--weak", "regional_only")  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    fillers = {c["cite_id"] for c in data["candidates"] if c["why"] == "filler"}
    assert fillers and not {"cite-901", "cite-902"} & fillers


def _simulate(data_dir, clubs_file, *extra):
    result = _run("simulate", data_dir, "--until", "2020-05-13", "--clubs", clubs_file, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def test_simulate_does_not_count_cites_without_data_isolated(silent_dir, sample_dir, tmp_path):
    with_silent, without = tmp_path / "a.json", tmp_path / "b.json"
    with_silent.write_text(json.dumps([{"club_id": "k", "cites": ["cite-901", "cite-001"]}]))
    without.write_text(json.dumps([{"club_id": "k", "cites": ["cite-001"]}]))
    silent = json.loads(_simulate(silent_dir, with_silent, "--format", "json"))
    sample = json.loads(_simulate(sample_dir, without, "--format", "json"))
    # the two silent cités are counted, apart: isolation is unchanged
    assert silent["before"]["cites"] == sample["before"]["cites"] + 2
    assert silent["before"]["isolated"] == sample["before"]["isolated"]
    assert (silent["before"]["without_data"], sample["before"]["without_data"]) == (2, 0)
    assert "cite-901" not in silent["no_longer_isolated"]
    assert "Cités sans données (non comptées isolées)" in _simulate(silent_dir, with_silent)


def test_simulate_unknown_cite_is_said_in_french(sample_dir, tmp_path):
    clubs = tmp_path / "clubs.json"
    clubs.write_text(json.dumps([{"club_id": "k", "cites": ["cite-001", "cite-999"]}]))
    result = CliRunner().invoke(
        cli, ["simulate", str(sample_dir), "--clubs", str(clubs)], catch_exceptions=False
    )
    assert result.exit_code != 0
    assert "le club k nomme des cités inconnues : cite-999" in result.output


def test_plan_option_errors_are_french(sample_dir):
    args = ["plan-clusters", str(sample_dir), "--min-size", "9", "--max-size", "8"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 4, result.output
    said = "erreur : la taille maximale d'un club (8) est inférieure à la taille minimale (9)"
    assert said in result.stderr
    english = CliRunner().invoke(cli, [*args, "--lang", "en"])
    assert "max club size 8 is below the min size 9" in english.stderr


def test_compare_needs_two_periods_in_french(sample_dir):
    result = CliRunner().invoke(cli, ["compare", str(sample_dir), "--period", "2019-01-01:"])
    assert result.exit_code != 0
    assert "la comparaison demande au moins deux périodes" in result.stderr
