"""Tests of coopgraph.geo: built-in tables, name resolution, borders, distances.

The tables are checked against the read-only reference files in
``../shared/data`` (fixture ``shared_data``). Names are compared exactly:
the built-in spellings are the reference ones, so no normalisation is needed.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from coopgraph import geo
from coopgraph.errors import CoopgraphError
from coopgraph.geo import (
    DEPARTEMENT_BORDERS,
    DEPARTEMENT_CENTROIDS,
    DEPARTEMENTS,
    METROPOLITAN_REGIONS,
    OVERSEAS_COLLECTIVITIES,
    OVERSEAS_REGIONS,
    REGION_BORDERS,
    REGION_CENTROIDS,
    REGIONS,
    UnknownPlace,
)

OVERSEAS_DEPARTEMENTS = {"971", "972", "973", "974", "976"}


# ---------------------------------------------------------------------------
# helpers for the reference files
# ---------------------------------------------------------------------------


def _features(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)["features"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------
# table shapes
# ---------------------------------------------------------------------------


def test_counts() -> None:
    assert len(REGIONS) == 18
    assert len(METROPOLITAN_REGIONS) == 13
    assert len(OVERSEAS_REGIONS) == 5
    assert METROPOLITAN_REGIONS | OVERSEAS_REGIONS == set(REGIONS)
    assert not METROPOLITAN_REGIONS & OVERSEAS_REGIONS
    assert len(DEPARTEMENTS) == 101
    assert len(REGION_BORDERS) == 23
    assert len(DEPARTEMENT_BORDERS) == 238


def test_departement_codes() -> None:
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20}
    expected |= {"2A", "2B"} | OVERSEAS_DEPARTEMENTS
    assert set(DEPARTEMENTS) == expected


def test_departements_point_to_regions() -> None:
    assert {region for _, region in DEPARTEMENTS.values()} == set(REGIONS)
    for code in OVERSEAS_DEPARTEMENTS:
        region = DEPARTEMENTS[code][1]
        assert region in OVERSEAS_REGIONS
        # an overseas région is a single département with the same name
        assert DEPARTEMENTS[code][0] == REGIONS[region]
    assert DEPARTEMENTS["2A"][1] == DEPARTEMENTS["2B"][1] == "94"


def test_overseas_collectivities() -> None:
    assert {"975", "977", "978"} <= set(OVERSEAS_COLLECTIVITIES)
    assert OVERSEAS_COLLECTIVITIES["978"] == "Saint-Martin"
    assert not set(OVERSEAS_COLLECTIVITIES) & set(REGIONS)
    assert not set(OVERSEAS_COLLECTIVITIES) & set(DEPARTEMENTS)
    assert set(geo.COLLECTIVITY_POINTS) == set(OVERSEAS_COLLECTIVITIES)


# ---------------------------------------------------------------------------
# borders
# ---------------------------------------------------------------------------


def test_region_borders_are_metropolitan_pairs() -> None:
    for pair in REGION_BORDERS:
        assert len(pair) == 2
        assert pair <= METROPOLITAN_REGIONS
    assert not any("94" in pair for pair in REGION_BORDERS)


def test_departement_borders_are_pairs() -> None:
    for pair in DEPARTEMENT_BORDERS:
        assert len(pair) == 2
        assert pair <= set(DEPARTEMENTS)
        assert not pair & OVERSEAS_DEPARTEMENTS
    assert frozenset({"2A", "2B"}) in DEPARTEMENT_BORDERS


@pytest.mark.parametrize("a", sorted(REGIONS))
def test_region_borders_symmetric(a: str) -> None:
    for b in REGIONS:
        assert geo.bordering(a, b) == geo.bordering(b, a)
        assert (b in geo.neighbours(a)) == (a in geo.neighbours(b))
        assert (b in geo.neighbours(a)) == geo.bordering(a, b)
    assert a not in geo.neighbours(a)
    assert not geo.bordering(a, a)


def test_departement_neighbours_symmetric() -> None:
    for a in DEPARTEMENTS:
        for b in geo.departement_neighbours(a):
            assert a in geo.departement_neighbours(b)
    assert geo.departement_neighbours("75") == {"92", "93", "94"}
    assert geo.departement_neighbours("974") == frozenset()


@pytest.mark.parametrize("code", ["94", "01", "02", "03", "04", "06", "978"])
def test_isolated_territories(code: str) -> None:
    assert geo.neighbours(code) == frozenset()


def test_region_borders_agree_with_departement_borders() -> None:
    induced = {frozenset(DEPARTEMENTS[d][1] for d in pair) for pair in DEPARTEMENT_BORDERS}
    induced = {pair for pair in induced if len(pair) == 2}
    assert induced == REGION_BORDERS


def test_known_borders() -> None:
    assert geo.bordering("Île-de-France", "Centre")
    assert geo.bordering("PACA", "Occitanie")
    assert not geo.bordering("Bretagne", "Île-de-France")
    assert not geo.bordering("Corse", "PACA")  # separated by the sea
    assert geo.neighbours("Bretagne") == {"28", "52"}


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Île-de-France", "ile de france"),
        ("  ÎLE_de--France  ", "ile de france"),
        ("Provence-Alpes-Côte d'Azur", "provence alpes cote d azur"),
        ("Provence-Alpes-Côte d\u2019Azur", "provence alpes cote d azur"),
        ("Val-d'Oise", "val d oise"),
        ("Saône–et–Loire", "saone et loire"),  # en dashes
        ("Pays\u00a0de   la\tLoire", "pays de la loire"),  # nbsp, tab
        ("", ""),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert geo.normalise_name(raw) == expected


# ---------------------------------------------------------------------------
# resolve_region
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(REGIONS) + sorted(OVERSEAS_COLLECTIVITIES))
def test_resolve_region_official_names_and_codes(code: str) -> None:
    name = REGIONS.get(code) or OVERSEAS_COLLECTIVITIES[code]
    assert geo.resolve_region(code) == code
    assert geo.resolve_region(name) == code
    assert geo.resolve_region(name.upper()) == code
    assert geo.resolve_region(geo.normalise_name(name)) == code
    assert geo.resolve_region(f"  {name.replace(' ', '-')} ") == code
    assert geo.region_name(code) == name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ile-de-france", "11"),
        ("Centre Val-de-Loire", "24"),
        ("Provence-Alpes-Côte d\u2019Azur", "93"),
        ("provence alpes cote d'azur", "93"),
        ("PACA", "93"),
        ("paca", "93"),
        ("Région Sud", "93"),
        ("IDF", "11"),
        ("AURA", "84"),
        ("BFC", "27"),
        ("Réunion", "04"),
        ("reunion", "04"),
        ("Centre", "24"),
        ("Région Bretagne", "53"),
        ("Alsace", "44"),
        ("Nord-Pas-de-Calais", "32"),
        ("Grand-Est", "44"),
        ("1", "01"),
        ("6", "06"),
        ("01", "01"),
        (11, "11"),
        (4, "04"),
        ("978", "978"),
        (978, "978"),
        ("Saint-Martin", "978"),
        ("St-Martin", "978"),
        ("saint barthelemy", "977"),
        ("St. Barthélemy", "977"),
        ("Saint-Pierre-et-Miquelon", "975"),
    ],
)
def test_resolve_region_aliases(value: str | int, expected: str) -> None:
    assert geo.resolve_region(value) == expected


@pytest.mark.parametrize(
    "value",
    ["Atlantis", "", "  ", "5", "00", "20", "971", "Paris", "Seine-Saint-Denis", "2A"],
)
def test_resolve_region_unknown(value: str) -> None:
    with pytest.raises(UnknownPlace) as excinfo:
        geo.resolve_region(value)
    assert isinstance(excinfo.value, KeyError)
    assert isinstance(excinfo.value, CoopgraphError)
    assert repr(value) in str(excinfo.value)
    assert "region" in str(excinfo.value)


def test_unknown_place_is_a_key_error() -> None:
    assert issubclass(UnknownPlace, KeyError)
    with pytest.raises(KeyError):
        geo.resolve_region("Atlantis")
    with pytest.raises(KeyError):
        geo.region_name("Atlantis")


@pytest.mark.parametrize("value", [None, 1.0, True, ["11"]])
def test_resolve_wrong_type(value: object) -> None:
    with pytest.raises(TypeError):
        geo.resolve_region(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        geo.resolve_departement(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        geo.departement_of_commune(value)  # type: ignore[arg-type]


def test_is_metropolitan() -> None:
    for code in REGIONS:
        assert geo.is_metropolitan(code) == (code in METROPOLITAN_REGIONS)
    assert geo.is_metropolitan("Corse")
    assert not geo.is_metropolitan("Mayotte")
    for code in OVERSEAS_COLLECTIVITIES:
        assert not geo.is_metropolitan(code)
    with pytest.raises(UnknownPlace):
        geo.is_metropolitan("Atlantis")


# ---------------------------------------------------------------------------
# resolve_departement and friends
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(DEPARTEMENTS))
def test_resolve_departement_official_names_and_codes(code: str) -> None:
    name, region = DEPARTEMENTS[code]
    assert geo.resolve_departement(code) == code
    assert geo.resolve_departement(code.lower()) == code
    assert geo.resolve_departement(name) == code
    assert geo.resolve_departement(name.upper()) == code
    assert geo.resolve_departement(geo.normalise_name(name)) == code
    assert geo.departement_name(code) == name
    assert geo.region_of_departement(code) == region
    assert geo.region_of_departement(name) == region


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "01"),
        (1, "01"),
        ("01", "01"),
        (93, "93"),
        ("2a", "2A"),
        ("2B", "2B"),
        ("971", "971"),
        (976, "976"),
        ("Seine-Saint-Denis", "93"),
        ("seine st denis", "93"),
        ("Seine-St-Denis", "93"),
        ("Val-d'Oise", "95"),
        ("val d\u2019oise", "95"),
        ("Cote-d'Or", "21"),
        ("Territoire-de-Belfort", "90"),
        ("Belfort", "90"),
        ("Corse du Sud", "2A"),
        ("Réunion", "974"),
        ("La Reunion", "974"),
        ("978", "978"),
        ("Saint-Martin", "978"),
    ],
)
def test_resolve_departement_aliases(value: str | int, expected: str) -> None:
    assert geo.resolve_departement(value) == expected


@pytest.mark.parametrize("value", ["20", "0", "00", "96", "99", "970", "2C", "Corse", "x", ""])
def test_resolve_departement_unknown(value: str) -> None:
    with pytest.raises(UnknownPlace) as excinfo:
        geo.resolve_departement(value)
    assert repr(value) in str(excinfo.value)


def test_corsica_hint() -> None:
    with pytest.raises(UnknownPlace, match="2A"):
        geo.resolve_departement("20")


def test_region_of_collectivity_is_itself() -> None:
    for code, name in OVERSEAS_COLLECTIVITIES.items():
        assert geo.region_of_departement(code) == code
        assert geo.departement_name(code) == name


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        ("93066", "93"),  # Saint-Denis
        ("75056", "75"),  # Paris
        ("75120", "75"),  # Paris 20e arrondissement
        ("13201", "13"),  # Marseille 1er arrondissement
        ("01053", "01"),  # Bourg-en-Bresse
        ("1053", "01"),  # leading zero lost in a spreadsheet
        (1053, "01"),
        ("2A004", "2A"),  # Ajaccio
        ("2b033", "2B"),  # Bastia
        ("97209", "972"),  # Fort-de-France
        ("97411", "974"),  # Saint-Denis (La Réunion)
        ("97611", "976"),  # Mamoudzou
        ("97801", "978"),  # Saint-Martin
        ("97701", "977"),  # Saint-Barthélemy
        ("97502", "975"),  # Saint-Pierre
        (" 59350 ", "59"),
    ],
)
def test_departement_of_commune(commune: str | int, expected: str) -> None:
    assert geo.departement_of_commune(commune) == expected


@pytest.mark.parametrize(
    "commune", ["20004", "97501x", "975", "123", "", "2C001", "96001", "99138", "97001"]
)
def test_departement_of_commune_unknown(commune: str) -> None:
    with pytest.raises(UnknownPlace) as excinfo:
        geo.departement_of_commune(commune)
    assert repr(commune) in str(excinfo.value)


# ---------------------------------------------------------------------------
# distances and centroids
# ---------------------------------------------------------------------------


def test_haversine_paris_marseille() -> None:
    paris, marseille = (48.8566, 2.3522), (43.2965, 5.3698)
    assert geo.haversine_km(*paris, *marseille) == pytest.approx(660, abs=10)
    assert geo.haversine_km(*paris, *marseille) == pytest.approx(
        geo.haversine_km(*marseille, *paris)
    )


def test_haversine_edge_cases() -> None:
    assert geo.haversine_km(45.0, 5.0, 45.0, 5.0) == 0.0
    half_circumference = math.pi * geo.EARTH_RADIUS_KM
    assert geo.haversine_km(0, 0, 0, 180) == pytest.approx(half_circumference)
    assert geo.haversine_km(90, 0, -90, 0) == pytest.approx(half_circumference)
    # one degree of latitude is about 111 km
    assert geo.haversine_km(45, 3, 46, 3) == pytest.approx(111.2, abs=0.2)


def test_centroid_tables_cover_everything() -> None:
    assert set(REGION_CENTROIDS) == set(REGIONS)
    assert geo.region_centroids is REGION_CENTROIDS
    assert set(DEPARTEMENT_CENTROIDS) == set(DEPARTEMENTS)
    for lat, lon in [*REGION_CENTROIDS.values(), *DEPARTEMENT_CENTROIDS.values()]:
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def test_metropolitan_centroids_in_metropolitan_france() -> None:
    for code in METROPOLITAN_REGIONS:
        lat, lon = REGION_CENTROIDS[code]
        assert 41 < lat < 51.5 and -5.5 < lon < 10
    for code, (_, region) in DEPARTEMENTS.items():
        if region in METROPOLITAN_REGIONS:
            lat, lon = DEPARTEMENT_CENTROIDS[code]
            assert 41 < lat < 51.5 and -5.5 < lon < 10
            # a département lies within a few hundred km of its région's centre
            assert geo.haversine_km(lat, lon, *REGION_CENTROIDS[region]) < 350


def test_centroid_helpers() -> None:
    assert geo.region_centroid("PACA") == REGION_CENTROIDS["93"]
    assert geo.departement_centroid("seine st denis") == DEPARTEMENT_CENTROIDS["93"]
    # Saint-Martin (no coordinates in the ANCT cité file) gets a usable point:
    # about 260 km north-west of Guadeloupe.
    saint_martin = geo.departement_centroid("978")
    assert saint_martin == geo.region_centroid("Saint-Martin")
    distance = geo.haversine_km(*saint_martin, *REGION_CENTROIDS["01"])
    assert 200 < distance < 320


# ---------------------------------------------------------------------------
# against the reference files (../shared/data)
# ---------------------------------------------------------------------------


def test_regions_match_reference(shared_data: Path) -> None:
    features = _features(shared_data / "geo/france-geojson__regions-avec-outre-mer.geojson")
    reference = {f["properties"]["code"]: f["properties"]["nom"] for f in features}
    assert len(features) == len(reference) == 18
    assert reference == REGIONS


def test_departements_match_reference(shared_data: Path) -> None:
    path = shared_data / "geo/france-geojson__departements-avec-outre-mer.geojson"
    features = _features(path)
    reference = {f["properties"]["code"]: f["properties"]["nom"] for f in features}
    assert len(features) == len(reference) == 101
    assert reference == {code: name for code, (name, _) in DEPARTEMENTS.items()}


def test_departement_regions_match_reference(shared_data: Path) -> None:
    """ANCT's département points carry the région code of each département."""
    features = _features(shared_data / "geo/anct_civille2__geom_dep_ctr.json")
    reference = {f["properties"]["insee_dep"]: f["properties"]["insee_reg"] for f in features}
    assert set(DEPARTEMENTS) <= set(reference)
    for code, region in reference.items():
        assert geo.region_of_departement(code) == region, code


def test_region_borders_match_reference(shared_data: Path) -> None:
    rows = _rows(shared_data / "derived/regions_adjacency__from_france-geojson.csv")
    assert len(rows) == 23
    assert {frozenset((r["code_a"], r["code_b"])) for r in rows} == REGION_BORDERS
    for r in rows:
        assert REGIONS[r["code_a"]] == r["nom_a"]
        assert REGIONS[r["code_b"]] == r["nom_b"]


def test_departement_borders_match_reference(shared_data: Path) -> None:
    rows = _rows(shared_data / "derived/departements_adjacency__from_france-geojson.csv")
    assert len(rows) == 238
    pairs = {frozenset((r["code_a"], r["code_b"])) for r in rows}
    assert pairs == DEPARTEMENT_BORDERS
    for r in rows:
        assert geo.departement_name(r["code_a"]) == r["nom_a"]
        assert geo.departement_name(r["code_b"]) == r["nom_b"]


def test_region_centroids_match_reference(shared_data: Path) -> None:
    features = _features(shared_data / "geo/anct_superposeurV2__centroide-4326_reg.geojson")
    assert len(features) == 18
    for f in features:
        code = f["properties"]["insee_reg"]
        lon, lat = f["geometry"]["coordinates"]
        assert REGIONS[code] == f["properties"]["lib_reg"]
        assert REGION_CENTROIDS[code] == pytest.approx((lat, lon), abs=1e-4)


def test_departement_centroids_match_reference(shared_data: Path) -> None:
    features = _features(shared_data / "geo/anct_superposeurV2__centroide-4326_dep.geojson")
    assert len(features) == 101
    for f in features:
        code = f["properties"]["insee_dep"]
        lon, lat = f["geometry"]["coordinates"]
        assert DEPARTEMENTS[code][0] == f["properties"]["lib_dep"]
        assert DEPARTEMENT_CENTROIDS[code] == pytest.approx((lat, lon), abs=1e-4)


def test_cites_communes_agree(shared_data: Path) -> None:
    """Every commune of every cité maps to the département and région ANCT gives."""
    rows = _rows(shared_data / "derived/cites_educatives_anct2024_by_commune.csv")
    assert len(rows) == 238
    for row in rows:
        where = f"{row['id_cite']} {row['insee_com']}"
        dep = geo.departement_of_commune(row["insee_com"])
        assert dep == row["insee_dep"], where
        assert geo.region_of_departement(dep) == row["insee_reg"], where
        assert geo.departement_name(dep) == row["lib_dep"], where
        assert geo.region_name(row["insee_reg"]) == row["lib_reg"], where
        assert geo.resolve_region(row["lib_reg"]) == row["insee_reg"], where
        if row["lat"] and row["lon"]:
            point = (float(row["lat"]), float(row["lon"]))
            # the commune lies in its département: close to its centroid
            assert geo.haversine_km(*point, *geo.departement_centroid(dep)) < 250, where
