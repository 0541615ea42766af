"""The official-list importer against the real ANCT files in ../shared/data."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.io import read_dataset
from coopgraph.io.anct import read_official_list

GEOJSON = "cites/anct_superposeur__citeduc_geom__2024-09.geojson"
FLAT = "derived/cites_educatives_anct2024_by_commune.csv"


@pytest.fixture(params=[GEOJSON, FLAT], ids=["geojson", "csv"])
def official(request, shared_data):
    return shared_data / request.param


def imported_rows(tmp_path, path):
    result = CliRunner().invoke(cli, ["import-cites", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "208 cités, 219 communes" in result.output
    with open(tmp_path / "out" / "cites.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_counts_and_multi_commune_cites(tmp_path, official):
    rows = imported_rows(tmp_path, official)
    assert len(rows) == 208
    assert len({r["cite_id"] for r in rows}) == 208
    communes = {code for r in rows for code in r["insee_commune"].split(";")}
    assert len(communes) == 219
    by_id = {r["cite_id"]: r for r in rows}
    nancy = by_id["cite-050"]  # Nancy / Laxou / Maxéville keeps its three communes
    assert sorted(nancy["insee_commune"].split(";")) == ["54304", "54357", "54395"]
    assert len(nancy["commune"].split(";")) == 3


def test_marseille_paris_and_regions(tmp_path, official):
    rows = imported_rows(tmp_path, official)
    in_commune = lambda code: [r for r in rows if code in r["insee_commune"].split(";")]  # noqa: E731
    assert len(in_commune("13055")) == 5  # Marseille
    assert len(in_commune("75056")) == 4  # Paris
    assert {r["region"] for r in in_commune("13055")} == {"93"}
    assert {r["departement"] for r in in_commune("75056")} == {"75"}
    saint_martin = [r for r in rows if r["insee_commune"] == "97801"]
    assert saint_martin and saint_martin[0]["region"] == "978" and saint_martin[0]["lat"] == ""
    located = [r for r in rows if r["lat"]]
    assert len(located) == 207
    assert all(-90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180 for r in located)


def test_both_official_formats_agree(shared_data):
    from_geojson = {c.cite_id: c.row() for c in read_official_list(shared_data / GEOJSON)}
    from_csv = {c.cite_id: c.row() for c in read_official_list(shared_data / FLAT)}
    assert from_geojson.keys() == from_csv.keys()
    for cite_id, row in from_geojson.items():
        other = from_csv[cite_id]
        for column in ("name", "region", "departement"):
            assert row[column] == other[column], (cite_id, column)
        assert sorted(row["insee_commune"].split(";")) == sorted(other["insee_commune"].split(";"))


def test_imported_file_is_valid_input(tmp_path, official):
    imported_rows(tmp_path, official)
    out = tmp_path / "out"
    for name, header in {
        "institutions": "institution_id,name,kind",
        "actors": "actor_id,name,institution_id",
        "meetings": "meeting_id,date,title",
        "attendance": "meeting_id,actor_id",
    }.items():
        (out / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    ds = read_dataset(out)
    assert len(ds.cites) == 208
    assert {c.region for c in ds.cites} >= {"11", "93", "28", "53", "52", "24", "978"}


def test_older_layer_without_insee_codes_is_refused_clearly(tmp_path, shared_data):
    result = CliRunner().invoke(
        cli,
        ["import-cites", str(shared_data / "cites/anct_superposeur__citeduc_geom__2023-11.geojson"), "--out", str(tmp_path)],
        standalone_mode=True,
    )
    assert result.exit_code != 0
    assert not (tmp_path / "cites.csv").exists()
