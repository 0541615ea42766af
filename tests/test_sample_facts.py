"""The real facts of the sample (``scripts/sample_facts.json``) against the
reference data in ``../shared/data`` and the geography of ``coopgraph.geo``."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from coopgraph import geo

FACTS_FILE = Path(__file__).resolve().parents[1] / "scripts" / "sample_facts.json"


@pytest.fixture(scope="module")
def facts() -> dict:
    with FACTS_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cites_match_the_anct_layer(facts: dict, shared_data: Path) -> None:
    reference = defaultdict(list)
    for row in _rows(shared_data / "derived" / "cites_educatives_anct2024_by_commune.csv"):
        reference[row["id_cite"]].append(row)
    assert len(facts["cites"]) == 75
    for cite in facts["cites"]:
        rows = reference[cite["id"]]
        assert rows, cite["id"]
        assert {r["lib_cite"] for r in rows} == {cite["name"]}
        assert {r["insee_dep"] for r in rows} == {cite["departement"]}
        assert {int(r["wave_guess"]) for r in rows} == {cite["wave"]}
        points = {r["insee_com"]: (r["lib_com"], r["lat"], r["lon"]) for r in rows}
        assert {insee: (name, lat, lon) for name, insee, lat, lon in cite["communes"]} == points


def test_cites_agree_with_the_geography(facts: dict) -> None:
    for cite in facts["cites"]:
        assert cite["departement"] in facts["departements"], cite["id"]
        for _name, insee, _lat, _lon in cite["communes"]:
            assert geo.departement_of_commune(insee) == cite["departement"], cite["id"]
    for code in facts["departements"]:
        geo.departement_name(code)  # a real département


def test_crpvs_match_the_compiled_list(facts: dict, shared_data: Path) -> None:
    # The sample's ids are the list's, prefixed "crpv-" once, with hyphens.
    reference = {
        "crpv-" + row["crpv_id"].removeprefix("crpv_").replace("_", "-"): row
        for row in _rows(shared_data / "crpv" / "crpv_list_compiled.csv")
    }
    assert len(facts["crpvs"]) == 18 == len(reference) - 1  # Guadeloupe's is left out
    for crpv in facts["crpvs"]:
        row = reference[crpv["id"]]
        assert row["crpv_name"] == crpv["name"]
        assert set(row["insee_reg"].split(";")) == set(crpv["regions"].split(";"))
        assert set(filter(None, row["insee_dep"].split(";"))) == set(
            filter(None, crpv["departements"].split(";"))
        )
        for region in crpv["regions"].split(";"):
            geo.region_name(region)


def test_support_and_story_name_known_cites(facts: dict) -> None:
    cites = {c["id"] for c in facts["cites"]}
    crpvs = {c["id"] for c in facts["crpvs"]}
    for crpv, cite, _since, _kind in facts["support"]:
        assert crpv in crpvs and cite in cites
    for key, value in facts["story"].items():
        if key.endswith("_cites"):
            assert set(value) <= cites, key
    for key in ("club_cites", "isolated_cites", "marseille_cites", "marseille_2019"):
        assert set(facts["scenario"][key]) <= cites, key
