"""Acceptance test of issue 11: the real ANCT 2024 list imported with the
labelling waves, plus a handful of meetings (the fixture of ``test_note``).

The report's per-wave and per-région counts equal those of the derived
table (an independent count, straight from the CSV); cités without data are
never called isolated; ``--departement 93`` and ``--crpv`` scoping give only
that territory."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from click.testing import CliRunner

import test_note
from coopgraph.cli import cli
from coopgraph.labels import region_label

DERIVED = test_note.DERIVED
real_dir = test_note.real_dir  # the fixture: the real list, its waves, a few meetings

YEARS = ("2019", "2021", "2022")


def derived_cites(shared_data) -> dict[str, dict[str, str]]:
    with open(shared_data / DERIVED, encoding="utf-8", newline="") as fh:
        return {r["id_cite"]: r for r in csv.DictReader(fh)}


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_report_counts_per_wave_and_region_equal_the_derived_table(real_dir, shared_data, tmp_path):
    table = derived_cites(shared_data)
    assert len(table) == 208
    waves = Counter(r["wave_guess"] for r in table.values())
    regions = Counter(r["insee_reg"] for r in table.values())
    run("report", real_dir, "--out", tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    section = md[md.index("## Vagues de labellisation") :]
    section = section[: section.index("\n## ", 3)]
    rows = {
        cells[0]: int(cells[1])
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| Vague")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    for year in YEARS:
        assert rows[year] == waves[year], (year, rows, waves)
    later = sum(n for w, n in waves.items() if w not in YEARS)
    assert sum(n for w, n in rows.items() if w not in YEARS) == later
    assert sum(rows.values()) == 208
    for code, n in regions.items():
        assert f"| {region_label(code)} | {n} |" in md, (code, n)
    # the same from the focused command, in JSON
    records = json.loads(run("waves", real_dir, "--format", "json"))
    assert {str(r["wave"]): r["cites"] for r in records if str(r["wave"]) in YEARS} == {
        y: waves[y] for y in YEARS
    }


def test_cites_without_data_are_never_called_isolated(real_dir):
    rows = json.loads(run("isolated", real_dir, "--format", "json"))
    observed = [r for r in rows if r["data_status"] == "observed"]
    apart = [r for r in rows if r["data_status"] != "observed"]
    assert all(r["type"] in ("no_data", "sparse") for r in apart)
    # 13 cités have actors in the fixture; 195 have no data at all
    assert sum(r["type"] == "no_data" for r in apart) == 195
    assert not {r["cite_id"] for r in observed} & {r["cite_id"] for r in apart}
    text = run("isolated", real_dir)
    assert "Aucune donnée (195)" in text


def test_departement_93_and_crpv_scoping_give_only_that_territory(real_dir, shared_data):
    table = derived_cites(shared_data)
    in_93 = {i for i, r in table.items() if r["insee_dep"] == "93"}
    rows = json.loads(run("isolated", real_dir, "--format", "json", "--departement", "93"))
    assert {r["cite_id"] for r in rows} <= in_93 and len(in_93) == 12
    waves = json.loads(run("waves", real_dir, "--format", "json", "--departement", "93"))
    assert sum(r["cites"] for r in waves) == 12
    # Profession Banlieue covers Seine-Saint-Denis: the same cités
    crpv = json.loads(run("waves", real_dir, "--format", "json", "--crpv", "Profession Banlieue"))
    assert [r["cites"] for r in crpv] == [r["cites"] for r in waves]
    # Normanvilles: Normandie plus the cité it supports in Bretagne
    normandie = sum(1 for r in table.values() if r["insee_reg"] == "28")
    nv = json.loads(run("waves", real_dir, "--format", "json", "--crpv", "crpv-nv"))
    assert sum(r["cites"] for r in nv) == normandie + 1
    # and a région code is never read as a département code
    paca = json.loads(run("waves", real_dir, "--format", "json", "--region", "93"))
    assert sum(r["cites"] for r in paca) == sum(1 for r in table.values() if r["insee_reg"] == "93")


def test_report_and_tables_are_byte_identical_whatever_the_hash_seed(sample_dir, tmp_path):
    """Issue 11, item 7: ties broken deterministically (communities' main
    région, orders of sets): the same files under two PYTHONHASHSEED values."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        main = "import sys; from coopgraph.cli import main; main(sys.argv[1:])"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", main, "report", str(sample_dir), "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        table = subprocess.run(
            [sys.executable, "-c", main, "communities", str(sample_dir), "--format", "csv"],
            check=True,
            env=env,
            capture_output=True,
        ).stdout
        names = ("report.md", "report.html", "map-cites.html")
        outputs.append([(out / n).read_bytes() for n in names] + [table])
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- compare, plan-clusters, simulate

PERIODS = (("2020-01-01", "2021-12-31"), ("2022-01-01", "2023-12-31"))


def _labelled_by(table: dict[str, dict[str, str]], year: int) -> set[str]:
    """The cités counted by the end of ``year``, from the derived table's
    ``wave_guess``: its year, or for ``2023+`` (imported without a year,
    which validate warns about) every period."""
    return {
        i for i, r in table.items() if r["wave_guess"].endswith("+") or int(r["wave_guess"]) <= year
    }


def _with_data(since: str, until: str) -> set[str]:
    """The cités whose actors attended a meeting of the fixture in the period."""
    from datetime import date

    def iso(french: str) -> str:
        d, m, y = french.split("/")
        return date(int(y), int(m), int(d)).isoformat()

    return {
        c for _, day, _, cites in test_note.MEETINGS if since <= iso(day) <= until for c in cites
    }


def _compare(real_dir, *where):
    args = [a for p in PERIODS for a in ("--period", f"{p[0]}:{p[1]}")]
    return json.loads(run("compare", real_dir, *args, "--format", "json", *where))


def test_compare_counts_labelled_cites_and_never_calls_no_data_isolated(real_dir, shared_data):
    """The cités of each period are those the derived table labels by its
    end; every one is tied, isolated with data, or without data; the cités
    without data are the labelled ones no meeting of the period saw."""
    table = derived_cites(shared_data)
    data = _compare(real_dir)
    for (since, until), stats in zip(PERIODS, data["periods"], strict=True):
        labelled = _labelled_by(table, int(until[:4]))
        seen = _with_data(since, until) & labelled
        assert stats["cites"] == len(labelled)
        assert stats["without_data"] == len(labelled - seen)
        assert stats["active"] + stats["isolated"] + stats["without_data"] == stats["cites"]
        assert stats["isolated"] <= len(seen)
    # Sevran (cite-071) met only itself in 2021: the one isolated cité then
    assert data["periods"][0]["isolated"] == 1
    change = data["changes"][0]
    later = _with_data(*PERIODS[1])
    assert set(change["no_longer_isolated"]) <= later  # never a cité without data


def test_compare_scoped_to_departement_93_and_its_crpv(real_dir, shared_data):
    table = derived_cites(shared_data)
    in_93 = {i for i, r in table.items() if r["insee_dep"] == "93"}
    data = _compare(real_dir, "--departement", "93")
    for (_, until), stats in zip(PERIODS, data["periods"], strict=True):
        assert stats["cites"] == len(_labelled_by(table, int(until[:4])) & in_93)
    assert data["territory"] == "Seine-Saint-Denis (93)"
    assert set(data["periods"][0]["density_by_region"]) == {"11"}
    crpv = _compare(real_dir, "--crpv", "Profession Banlieue")
    assert [p["cites"] for p in crpv["periods"]] == [p["cites"] for p in data["periods"]]


def test_plan_clusters_scoped_to_departement_93(real_dir, shared_data, tmp_path):
    """Planned on the whole network, reported for Seine-Saint-Denis: each
    club has a cité of the 93, the cités left out are of the 93, and the
    simulation counts the 93's cités only. The 93's cités without data are
    listed apart, never placed nor counted isolated (only Sevran is isolated
    among the observed ones: weakly tied cités and small clubs give the
    planner something to place)."""
    pytest.importorskip("ortools")
    table = derived_cites(shared_data)
    in_93 = {i for i, r in table.items() if r["insee_dep"] == "93"}
    args = ["--until", "2023-12-31", "--time-limit", "5", "--format", "json", "--simulate",
            "--weak", "regional_only", "--weak", "one_link", "--weak", "one_person",
            "--min-size", "2", "--max-size", "4"]  # fmt: skip
    data = json.loads(run("plan-clusters", real_dir, *args, "--departement", "93"))
    assert data["clubs"] and all(set(c["cites"]) & in_93 for c in data["clubs"])
    assert {u["cite_id"] for u in data["unplaced"]} <= in_93
    labelled_93 = _labelled_by(table, 2023) & in_93
    assert data["simulation"]["before"]["cites"] == len(labelled_93)
    assert set(data["simulation"]["no_longer_isolated"]) <= in_93
    observed = set(test_note.ACTORS)
    assert set(data["no_data"]) == labelled_93 - observed
    assert data["simulation"]["before"]["without_data"] == len(labelled_93 - observed)
    placed = {c for club in data["clubs"] for c in club["cites"]}
    assert placed <= observed and data["simulation"]["before"]["isolated"] == 1  # Sevran
