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


def test_existing_cites_csv_is_kept_without_force(tmp_path, shared_data):
    (tmp_path / "cites.csv").write_text("mine\n", encoding="utf-8")
    args = ["import-cites", str(shared_data / FLAT), "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "--force" in result.output
    assert (tmp_path / "cites.csv").read_text(encoding="utf-8") == "mine\n"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert (tmp_path / "cites.csv").read_text(encoding="utf-8").startswith("cite_id,")


def test_french_excel_export_of_the_flat_list(tmp_path, shared_data):
    rows = list(csv.reader(open(shared_data / FLAT, encoding="utf-8")))
    french = tmp_path / "liste.csv"
    with open(french, "w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        for row in rows:
            writer.writerow(
                [
                    cell.replace(".", ",")
                    if cell.replace(".", "").replace("-", "").isdigit()
                    else cell
                    for cell in row
                ]
            )
    cites = {c.cite_id: c.row() for c in read_official_list(french)}
    reference = {c.cite_id: c.row() for c in read_official_list(shared_data / FLAT)}
    assert cites == reference


def test_bad_coordinate_is_located(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id_cite,lib_cite,insee_com,lib_com,lon,lat\ncite-1,A,72003,Allonnes,0.14,47.9\ncite-2,B,49007,Angers,abc,47.4\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import-cites", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{bad}:3:5: [lon] 'abc' is not a number" in result.output
