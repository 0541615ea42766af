"""A tiny, hand-checkable dataset written as CSV files, for io and CLI tests.

Three cités: a (Normandie) and b (Bretagne) share meeting m2; c (Pays de la
Loire) only ever meets itself. One CRPV (crpv) supports a and b.
"""

from __future__ import annotations

import csv
from pathlib import Path

TINY: dict[str, list[dict[str, str]]] = {
    "cites": [
        {
            "cite_id": "a",
            "name": "Cité A",
            "region": "28",
            "commune": "Rouen",
            "insee_commune": "76540",
            "departement": "76",
            "wave": "2019",
            "lat": "49.44",
            "lon": "1.10",
        },
        {
            "cite_id": "b",
            "name": "Cité B",
            "region": "Bretagne",
            "commune": "Rennes",
            "insee_commune": "35238",
            "departement": "35",
            "wave": "2019",
            "lat": "48.11",
            "lon": "-1.68",
        },
        {
            "cite_id": "c",
            "name": "Cité C",
            "region": "52",
            "commune": "Angers",
            "insee_commune": "49007",
            "departement": "",
            "wave": "",
            "lat": "",
            "lon": "",
        },
    ],
    "institutions": [
        {
            "institution_id": "pref76",
            "name": "Préfecture 76",
            "kind": "prefecture",
            "region": "28",
            "departement": "76",
            "lat": "",
            "lon": "",
        },
        {
            "institution_id": "crpv",
            "name": "Normanvilles",
            "kind": "crpv",
            "region": "28",
            "departement": "",
            "lat": "",
            "lon": "",
        },
        {
            "institution_id": "ville",
            "name": "Ville",
            "kind": "collectivite",
            "region": "",
            "departement": "",
            "lat": "",
            "lon": "",
        },
    ],
    "actors": [
        {
            "actor_id": "x",
            "name": "Xavier Durand",
            "institution_id": "ville",
            "role": "chef de projet",
            "cite_id": "a",
        },
        {
            "actor_id": "y",
            "name": "Yasmina Benali",
            "institution_id": "ville",
            "role": "coordonnatrice",
            "cite_id": "b",
        },
        {
            "actor_id": "z",
            "name": "Zoé Martin",
            "institution_id": "ville",
            "role": "",
            "cite_id": "c",
        },
        {
            "actor_id": "k",
            "name": "Karim Petit",
            "institution_id": "crpv",
            "role": "chargé de mission",
            "cite_id": "",
        },
    ],
    "meetings": [
        {
            "meeting_id": "m1",
            "date": "2020-01-10",
            "title": "Réunion locale",
            "format": "presentiel",
            "scale": "local",
            "organiser_ids": "ville",
            "themes": "gouvernance",
        },
        {
            "meeting_id": "m2",
            "date": "2020-05-14",
            "title": "Club",
            "format": "visio",
            "scale": "interregional",
            "organiser_ids": "crpv;pref76",
            "themes": "gouvernance;evaluation",
        },
        {
            "meeting_id": "m3",
            "date": "2021-03-01",
            "title": "Local C",
            "format": "",
            "scale": "",
            "organiser_ids": "",
            "themes": "",
        },
    ],
    "attendance": [
        {"meeting_id": "m1", "actor_id": "x"},
        {"meeting_id": "m2", "actor_id": "x"},
        {"meeting_id": "m2", "actor_id": "y"},
        {"meeting_id": "m2", "actor_id": "k"},
        {"meeting_id": "m3", "actor_id": "z"},
    ],
    "governance": [
        {"cite_id": "a", "institution_id": "pref76", "role": "prefecture"},
        {"cite_id": "a", "institution_id": "ville", "role": "collectivite"},
    ],
    "support": [
        {"crpv_id": "crpv", "cite_id": "a", "since": "2020-01-01", "kind": "qualification"},
        {"crpv_id": "crpv", "cite_id": "b", "since": "", "kind": ""},
    ],
}


def write_tables(
    directory: Path,
    tables: dict[str, list[dict[str, str]]] = TINY,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    headers: dict[str, str] | None = None,
) -> Path:
    """Write ``tables`` as CSV files; ``headers`` renames columns on the way."""
    directory.mkdir(parents=True, exist_ok=True)
    headers = headers or {}
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else list(TINY[name][0])
        with open(directory / f"{name}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow([headers.get(c, c) for c in columns])
            for row in rows:
                writer.writerow([row.get(c, "") for c in columns])
    return directory


def tables_with(**changes: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """A copy of TINY with some tables replaced."""
    tables = {name: [dict(r) for r in rows] for name, rows in TINY.items()}
    tables.update(changes)
    return tables
