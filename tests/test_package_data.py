"""The reference tables shipped as package data (``coopgraph/data/``): the
wheel carries them and an installed wheel (not the checkout) reads them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coopgraph import geo

REPO = Path(__file__).resolve().parents[1]
GEO_DATA = REPO / "src" / "coopgraph" / "data" / "geo"


def test_geo_reads_the_files_of_the_package() -> None:
    assert Path(str(geo._DATA)) == GEO_DATA
    csv_files = {path.name for path in GEO_DATA.glob("*.csv")}
    assert csv_files == {
        "regions.csv",
        "departements.csv",
        "collectivities.csv",
        "region_borders.csv",
        "departement_borders.csv",
        "aliases.csv",
    }
    # Each file is documented in the folder's README.
    readme = (GEO_DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in csv_files)


def test_geo_tables_have_no_stray_rows() -> None:
    # Every row of a file becomes an entry: no duplicate key was silently dropped.
    for name, table in (
        ("regions.csv", geo.REGIONS),
        ("departements.csv", geo.DEPARTEMENTS),
        ("collectivities.csv", geo.OVERSEAS_COLLECTIVITIES),
        ("region_borders.csv", geo.REGION_BORDERS),
        ("departement_borders.csv", geo.DEPARTEMENT_BORDERS),
    ):
        rows = (GEO_DATA / name).read_text(encoding="utf-8").splitlines()[1:]
        assert len(rows) == len(table), name
    aliases = (GEO_DATA / "aliases.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len({tuple(row.split(",")[::2]) for row in aliases}) == len(aliases)
    assert {row.rsplit(",", 1)[1] for row in aliases} == {"region", "departement", "both"}


@pytest.mark.slow
def test_the_wheel_carries_the_geography(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("coopgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"coopgraph/data/geo/{path.name}" for path in GEO_DATA.iterdir()}
    assert "coopgraph/data/geo/regions.csv" in expected
    assert expected <= names
    # Installed from the wheel (not the checkout), coopgraph.geo reads its own copy.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from coopgraph import geo; print(geo._DATA);"
            " print(len(geo.REGIONS), len(geo.DEPARTEMENTS), len(geo.DEPARTEMENT_BORDERS));"
            " print(geo.departement_centroid('Paris'))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert probe.returncode == 0, probe.stderr
    where, counts, paris = probe.stdout.splitlines()
    assert where == str(target / "coopgraph" / "data" / "geo")
    assert counts == "18 101 238"
    assert paris == "(48.8567, 2.3422)"
