"""Importer of the official list of cités éducatives published by the ANCT
(data.gouv.fr "Programme Cités éducatives"): the GeoJSON map layer and the
flat one-row-per-commune CSV, to a ``cites.csv`` of coopgraph's format."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.io.reader import check_regular_file, decode, sniff_separator
from coopgraph.io.validation import parse_float

CITES_COLUMNS = (
    "cite_id",
    "name",
    "region",
    "commune",
    "insee_commune",
    "departement",
    "wave",
    "lat",
    "lon",
)

_COMMUNE = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<code>[0-9AB]{5})\)\s*$")


@dataclass
class OfficialCite:
    cite_id: str
    name: str
    communes: list[str]
    insee: list[str]
    points: list[tuple[float, float]]  # (lon, lat) per commune, when known
    wave: int | None = None

    def row(self) -> dict[str, str]:
        departement = geo.departement_of_commune(self.insee[0]) if self.insee else ""
        region = geo.region_of_departement(departement) if departement else ""
        lon = lat = ""
        if self.points:
            lon = f"{sum(p[0] for p in self.points) / len(self.points):.6f}"
            lat = f"{sum(p[1] for p in self.points) / len(self.points):.6f}"
        return {
            "cite_id": self.cite_id,
            "name": self.name,
            "region": region,
            "commune": ";".join(self.communes),
            "insee_commune": ";".join(self.insee),
            "departement": departement,
            "wave": str(self.wave or ""),
            "lat": lat,
            "lon": lon,
        }


def read_official_geojson(path: Path) -> list[OfficialCite]:
    """Cités of the ANCT GeoJSON layer: a feature may hold several cités of one
    commune (``"cite-002 ; cite-127"``) and a cité several communes (MultiPoint)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable GeoJSON file ({exc})") from exc
    cites: list[OfficialCite] = []
    for number, feature in enumerate(data.get("features", []), start=1):
        props = feature.get("properties") or {}
        ids = _split(props.get("id_territoire", ""), ";")
        names = _split(props.get("lib_territoire", ""), ";")
        places = _split(props.get("liste_geo", ""), ";")
        if not ids or len(ids) != len(names):
            raise InputError(
                f"{path}: feature {number}: id_territoire and lib_territoire do not match"
            )
        communes, insee = [], []
        for place in places:
            match = _COMMUNE.match(place)
            if not match:
                raise InputError(
                    f"{path}: feature {number}: '{place}' has no INSEE commune code; "
                    "this layer cannot be resolved to régions (use the 2024 layer or the CSV)"
                )
            communes.append(match["name"])
            insee.append(match["code"])
        points = _points(feature.get("geometry"))
        for cite_id, name in zip(ids, names, strict=True):
            cites.append(OfficialCite(cite_id, name, communes, insee, points))
    return cites


def _points(geometry: dict | None) -> list[tuple[float, float]]:
    if not geometry or "coordinates" not in geometry:
        return []
    if geometry.get("type") == "Point":
        return [tuple(geometry["coordinates"][:2])]
    if geometry.get("type") == "MultiPoint":
        return [tuple(c[:2]) for c in geometry["coordinates"]]
    return []


def read_official_csv(path: Path) -> list[OfficialCite]:
    """Cités of the flat CSV (one row per cité × commune)."""
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror})") from exc
    reader = csv.DictReader(
        io.StringIO(text, newline=""), delimiter=sniff_separator(text.split("\n", 1)[0])
    )
    needed = {"id_cite", "lib_cite", "insee_com", "lib_com"}
    missing = needed - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
    by_id: dict[str, OfficialCite] = {}
    for row in reader:
        cite = by_id.setdefault(
            row["id_cite"], OfficialCite(row["id_cite"], row["lib_cite"], [], [], [])
        )
        cite.communes.append(row["lib_com"])
        cite.insee.append(row["insee_com"])
        if row.get("lon") and row.get("lat"):
            try:
                cite.points.append((parse_float(row["lon"]), parse_float(row["lat"])))
            except ValueError:
                columns = reader.fieldnames or []
                bad = "lon" if not _is_number(row["lon"]) else "lat"
                raise InputError(
                    f"{path}:{reader.line_num}:{columns.index(bad) + 1}: "
                    f"[{bad}] '{row[bad]}' is not a number"
                ) from None
        wave = (row.get("wave_guess") or "").strip()
        if re.fullmatch(r"\d{4}", wave):
            cite.wave = int(wave)
    return list(by_id.values())


def read_official_list(path: Path | str) -> list[OfficialCite]:
    """The official list from a ``.geojson``/``.json`` layer or a ``.csv`` table."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the .geojson or .csv file")
    check_regular_file(path)  # a broken link, a FIFO...: named, never opened
    if path.suffix.lower() in (".geojson", ".json"):
        cites = read_official_geojson(path)
    elif path.suffix.lower() == ".csv":
        cites = read_official_csv(path)
    else:
        raise InputError(f"{path}: expected a .geojson or .csv file")
    for cite in cites:
        try:
            cite.row()
        except geo.UnknownPlace as exc:
            raise InputError(f"{path}: cité {cite.cite_id}: {exc}") from None
    return sorted(cites, key=lambda c: c.cite_id)


def cites_csv(cites: list[OfficialCite]) -> str:
    """The ``cites.csv`` text for ``cites``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CITES_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cite in cites:
        writer.writerow(cite.row())
    return out.getvalue()


def _is_number(text: str) -> bool:
    try:
        parse_float(text)
    except ValueError:
        return False
    return True


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in str(text).split(sep) if part.strip()]
