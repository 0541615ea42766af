"""Importer of the official list of cités éducatives published by the ANCT
(data.gouv.fr "Programme Cités éducatives"): the GeoJSON map layers (2024,
with INSEE commune codes; 2023, points only) and the flat one-row-per-commune
CSV, to a ``cites.csv`` of coopgraph's format, with the labelling year taken
from a column of the input or from a join file (``--waves``).

Labelling year (``wave``)
    Read from a column named ``wave``, ``vague``, ``wave_guess``,
    ``annee_labellisation`` (``annee_de_labellisation``,
    ``vague_de_labellisation``, ``labellisation``; any case and accents) of the
    input or of the join file. A cell holds a year (``2019``), or a date
    (``2019-09-05``, ``05/09/2019``: its year). ``later``, ``2023+``,
    ``inconnue``, ``unknown``, ``?`` or an empty cell mean that the year is not
    known: the cité gets no year (``later``/``2023+`` of the derived table means
    "after 2022, year unknown": it is not guessed) and is counted as such.
    Anything else is an error naming file, line and column.

Join file (``--waves FILE``)
    A CSV (any of the separators and encodings Excel writes) with a
    labelling-year column and the cité's name (``lib_cite``, ``name``, ``nom``,
    ``nom_cite``, ``lib_territoire``) and/or INSEE commune code (``insee_com``,
    ``insee_commune``, ``code_insee``, ``code_commune``), one row per cité or
    per cité × commune, like ``derived/cites_educatives_anct2024_by_commune.csv``.
    ANCT ids are renumbered between releases, so a cité is matched on its name
    and one of its INSEE commune codes; failing that on its name alone, when
    one cité of the file has it; failing that on its communes alone, when they
    belong to one cité of the file. The join file's year replaces the input's.

Cités without INSEE code (the 2023 layer)
    Placed in a département and région by the join file when it matches them
    (with its communes, INSEE codes, ``insee_dep``/``insee_reg`` columns when
    present); otherwise at the département (or overseas collectivity) whose
    centre is nearest to the cité's point. Nearest-centre placement is
    approximate: on the real 2023 layer it puts 204 of 207 located cités in
    the right région but only 171 in the right département (border towns of
    Île-de-France and the Nord are the usual misses); the command says how many
    cités were placed so. A cité with neither point nor match is placed by its
    name when the name is a département or collectivity (Saint-Martin).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.io.reader import check_regular_file, decode, sniff_separator
from coopgraph.io.tables import normalise_header
from coopgraph.io.validation import parse_date, parse_float

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

#: Column names (after ``normalise_header``) read as the labelling year.
WAVE_COLUMNS = (
    "wave",
    "vague",
    "wave_guess",
    "annee_labellisation",
    "annee_de_labellisation",
    "vague_de_labellisation",
    "labellisation",
)
_NAME_COLUMNS = ("lib_cite", "name", "nom", "nom_cite", "nom_de_la_cite", "lib_territoire")
_INSEE_COLUMNS = ("insee_com", "insee_commune", "code_insee", "code_commune")
_COMMUNE_COLUMNS = ("lib_com", "commune", "nom_commune")
_DEP_COLUMNS = ("insee_dep", "departement", "code_departement")
_REG_COLUMNS = ("insee_reg", "region", "code_region")

# How a cité was placed in its département and région.
BY_INSEE = "insee"  # from its INSEE commune codes
BY_WAVES = "waves file"  # from the join file's row
BY_NEAREST = "nearest centre"  # nearest département centre (approximate)
BY_NAME = "name"  # its name is a département or collectivity

_COMMUNE = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<code>[0-9AB]{5})\)\s*$")
_YEAR = re.compile(r"^(?P<y>(19|20)\d\d)(?:[.,]0+)?$")  # 2019, or 2019.0 from a spreadsheet
_LATER = re.compile(r"^(later|plus tard|ulterieure?|apres \d{4}|(19|20)\d\d ?\+)$")
_UNKNOWN = frozenset(
    {"", "?", "-", "nc", "nd", "na", "n/a", "inconnu", "inconnue", "unknown", "none"}
)


def parse_wave(text: str | None) -> int | None:
    """The labelling year of a cell, ``None`` when unknown; ``ValueError``
    for a cell that is neither.

    >>> parse_wave("2021"), parse_wave(" 2019.0 "), parse_wave("05/09/2019"), parse_wave("2022-03-01")
    (2021, 2019, 2019, 2022)
    >>> parse_wave("later"), parse_wave("2023+"), parse_wave(""), parse_wave("Inconnue")
    (None, None, None, None)
    >>> parse_wave("vague 2")
    Traceback (most recent call last):
    ...
    ValueError: vague 2
    """
    key = geo.normalise_name(text or "").replace("_", " ")
    if key in _UNKNOWN or _LATER.match(key):
        return None
    value = (text or "").strip()
    match = _YEAR.match(value)
    if match:
        return int(match["y"])
    try:
        return parse_date(value).year
    except ValueError:
        raise ValueError(value) from None


def is_later(text: str | None) -> bool:
    """Whether a cell says "labelled later, year unknown" (``later``, ``2023+``).

    >>> is_later("later"), is_later("2023+"), is_later("2021"), is_later("")
    (True, True, False, False)
    """
    return bool(_LATER.match(geo.normalise_name(text or "")))


@dataclass
class OfficialCite:
    cite_id: str
    name: str
    communes: list[str]
    insee: list[str]
    points: list[tuple[float, float]]  # (lon, lat) per commune, when known
    wave: int | None = None
    later: bool = False  # the source says "after 2022", year unknown
    departement: str | None = None  # when not given by INSEE codes
    region: str | None = None
    placed_by: str = BY_INSEE

    def place(self) -> tuple[str, str]:
        """(département, région) codes; ``("", "")`` when not placed yet."""
        departement = self.departement or ""
        if not departement and self.insee:
            departement = geo.departement_of_commune(self.insee[0])
        region = self.region or (geo.region_of_departement(departement) if departement else "")
        return departement, region

    def row(self) -> dict[str, str]:
        departement, region = self.place()
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


def _wave_of(value: object, where: str) -> tuple[int | None, bool]:
    text = "" if value is None else str(value)
    try:
        return parse_wave(text), is_later(text)
    except ValueError:
        raise InputError(
            f"{where} '{text}' is not a labelling year (e.g. 2019, or 'later' / empty when unknown)"
        ) from None


def _find(columns: dict[str, str], names: tuple[str, ...]) -> str | None:
    """The original column name of the first of ``names`` present."""
    for name in names:
        if name in columns:
            return columns[name]
    return None


def read_official_geojson(path: Path) -> list[OfficialCite]:
    """Cités of an ANCT GeoJSON layer: a feature may hold several cités of one
    commune (``"cite-002 ; cite-127"``) and a cité several communes
    (MultiPoint). In the 2023 layer a place is ``"Allonnes (cite-001)"``, with
    no INSEE code: such cités are left to :func:`place_cites`."""
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
        matches = [_COMMUNE.match(place) for place in places]
        coded = [m for m in matches if m]
        if coded and len(coded) != len(places):
            bad = next(p for p, m in zip(places, matches, strict=True) if not m)
            raise InputError(f"{path}: feature {number}: '{bad}' has no INSEE commune code")
        communes = [m["name"] for m in coded]
        insee = [m["code"] for m in coded]
        wave_key = _find({normalise_header(k): k for k in props}, WAVE_COLUMNS)
        wave, later = (
            _wave_of(props[wave_key], f"{path}: feature {number}: [{wave_key}]")
            if wave_key
            else (None, False)
        )
        points = _points(feature.get("geometry"))
        for cite_id, name in zip(ids, names, strict=True):
            cites.append(
                OfficialCite(cite_id, name, list(communes), list(insee), list(points), wave, later)
            )
    return cites


def _points(geometry: dict | None) -> list[tuple[float, float]]:
    if not geometry or "coordinates" not in geometry:
        return []
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return [(lon, lat)]
    if geometry.get("type") == "MultiPoint":
        return [(c[0], c[1]) for c in geometry["coordinates"]]
    return []


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line, row) pairs of a CSV file as Excel writes it."""
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror})") from exc
    reader = csv.DictReader(
        io.StringIO(text, newline=""), delimiter=sniff_separator(text.split("\n", 1)[0])
    )
    rows = []
    for row in reader:
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            rows.append((reader.line_num, row))
    return list(reader.fieldnames or ()), rows


def read_official_csv(path: Path) -> list[OfficialCite]:
    """Cités of the flat CSV (one row per cité × commune)."""
    header, rows = _csv_rows(path)
    needed = {"id_cite", "lib_cite", "insee_com", "lib_com"}
    missing = needed - set(header)
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
    wave_column = _find({normalise_header(h): h for h in header}, WAVE_COLUMNS)
    by_id: dict[str, OfficialCite] = {}
    for line, row in rows:
        cite = by_id.setdefault(
            row["id_cite"], OfficialCite(row["id_cite"], row["lib_cite"], [], [], [])
        )
        cite.communes.append(row["lib_com"])
        cite.insee.append(row["insee_com"])
        if row.get("lon") and row.get("lat"):
            try:
                cite.points.append((_float(row["lon"]), _float(row["lat"])))
            except ValueError:
                bad = "lon" if not _is_number(row["lon"]) else "lat"
                raise InputError(
                    f"{path}:{line}:{header.index(bad) + 1}: [{bad}] '{row[bad]}' is not a number"
                ) from None
        if wave_column:
            where = f"{path}:{line}:{header.index(wave_column) + 1}: [{wave_column}]"
            wave, later = _wave_of(row.get(wave_column), where)
            cite.wave = cite.wave or wave
            cite.later = cite.later or later
    return list(by_id.values())


# ---------------------------------------------------------------- join file


@dataclass
class WaveCite:
    """One cité of a join file (its rows merged)."""

    name: str | None
    lines: list[int]
    wave: int | None
    later: bool
    insee: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    departement: str | None = None
    region: str | None = None
    points: list[tuple[float, float]] = field(default_factory=list)


def read_waves(path: Path | str) -> list[WaveCite]:
    """The cités of a join file with their labelling year (see module doc)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    header, rows = _csv_rows(path)
    columns = {normalise_header(h): h for h in header}
    wave_col = _find(columns, WAVE_COLUMNS)
    name_col = _find(columns, _NAME_COLUMNS)
    insee_col = _find(columns, _INSEE_COLUMNS)
    if wave_col is None:
        raise InputError(
            f"{path}:1: no labelling-year column (expected one of: {', '.join(WAVE_COLUMNS)})"
        )
    if name_col is None and insee_col is None:
        raise InputError(
            f"{path}:1: no column to join on: give the cité's name ({', '.join(_NAME_COLUMNS)}) "
            f"and/or its INSEE commune code ({', '.join(_INSEE_COLUMNS)})"
        )
    commune_col = _find(columns, _COMMUNE_COLUMNS)
    dep_col, reg_col = _find(columns, _DEP_COLUMNS), _find(columns, _REG_COLUMNS)
    lon_col, lat_col = (
        _find(columns, ("lon", "longitude", "lng")),
        _find(columns, ("lat", "latitude")),
    )
    cites: dict[str, WaveCite] = {}
    for line, row in rows:
        where = f"{path}:{line}:{header.index(wave_col) + 1}: [{wave_col}]"
        wave, later = _wave_of(row.get(wave_col), where)
        name = (row.get(name_col) or "").strip() if name_col else None
        insee = (row.get(insee_col) or "").strip() if insee_col else ""
        key = _key(name) if name else f"#{line}"
        cite = cites.setdefault(key, WaveCite(name or None, [], wave, later))
        if (cite.wave, cite.later) != (wave, later):
            raise InputError(
                f"{where} cité '{name}' has another labelling year on line {cite.lines[0]}"
            )
        cite.lines.append(line)
        if insee:
            cite.insee.append(insee)
            if commune_col and row.get(commune_col):
                cite.communes.append(row[commune_col].strip())
        if dep_col and row.get(dep_col) and cite.departement is None:
            cite.departement = geo.resolve_departement(row[dep_col].strip())
        if reg_col and row.get(reg_col) and cite.region is None:
            cite.region = geo.resolve_region(row[reg_col].strip())
        if lon_col and lat_col and row.get(lon_col) and row.get(lat_col):
            try:
                cite.points.append((_float(row[lon_col]), _float(row[lat_col])))
            except ValueError:
                pass  # points only break ties between same-named cités
    return list(cites.values())


@dataclass
class JoinResult:
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)  # cité ids with no row
    unused: int = 0  # cités of the join file that matched no cité
    changed: int = 0  # input years replaced by the join file's


def join_waves(cites: list[OfficialCite], waves: list[WaveCite]) -> JoinResult:
    """Set each cité's labelling year from the join file (see module doc);
    a cité without INSEE code is also placed by the row it matched."""
    by_name: dict[str, list[WaveCite]] = defaultdict(list)
    by_code: dict[str, list[WaveCite]] = defaultdict(list)
    for w in waves:
        if w.name:
            by_name[_key(w.name)].append(w)
        for code in w.insee:
            by_code[code].append(w)
    # cités of the input per commune: a commune code alone identifies a cité
    # only when one cité of the input lies there (Marseille holds five)
    hosts = Counter(code for c in cites for code in set(c.insee))
    result = JoinResult()
    used: set[int] = set()
    for cite in cites:
        match = _match(cite, by_name, by_code, hosts)
        if match is None:
            result.unmatched.append(cite.cite_id)
            continue
        used.add(id(match))
        result.matched += 1
        if cite.wave is not None and cite.wave != match.wave:
            result.changed += 1
        cite.wave, cite.later = match.wave, match.later
        if not cite.insee:
            _place_from(cite, match)
    result.unused = sum(1 for w in waves if id(w) not in used)
    return result


def _match(
    cite: OfficialCite,
    by_name: dict[str, list[WaveCite]],
    by_code: dict[str, list[WaveCite]],
    hosts: Counter[str],
) -> WaveCite | None:
    named = by_name.get(_key(cite.name), [])
    codes = set(cite.insee)
    both = [w for w in named if codes & set(w.insee)]
    if len(both) == 1:
        return both[0]
    if len(named) == 1 and (not codes or not named[0].insee):
        return named[0]
    if len(named) > 1 and not codes and cite.points:
        located = [w for w in named if w.points]
        if located:  # same-named cités: the nearest
            lon, lat = _mean(cite.points)
            return min(located, key=lambda w: geo.haversine_km(lat, lon, *_mean(w.points)[::-1]))
    if codes and all(hosts[code] == 1 for code in codes):
        around = {id(w): w for code in codes for w in by_code.get(code, [])}
        if len(around) == 1:
            return next(iter(around.values()))
    return None


def _place_from(cite: OfficialCite, match: WaveCite) -> None:
    if match.insee:
        cite.insee = list(match.insee)
        cite.communes = list(match.communes) if len(match.communes) == len(match.insee) else []
    dep = match.departement or (geo.departement_of_commune(match.insee[0]) if match.insee else None)
    if dep:
        cite.departement = dep
        cite.region = match.region or geo.region_of_departement(dep)
        cite.placed_by = BY_WAVES


def place_cites(cites: list[OfficialCite], source: Path) -> None:
    """Place the cités that have neither INSEE code nor département yet:
    nearest département (or collectivity) centre, else by name."""
    centres = {**geo.DEPARTEMENT_CENTROIDS, **geo.COLLECTIVITY_POINTS}
    for cite in cites:
        if cite.insee or cite.departement:
            continue
        if cite.points:
            lon, lat = _mean(cite.points)
            cite.departement = min(
                sorted(centres), key=lambda d: geo.haversine_km(lat, lon, *centres[d])
            )
            cite.placed_by = BY_NEAREST
        else:
            try:
                cite.departement = geo.resolve_departement(cite.name)
            except geo.UnknownPlace:
                raise InputError(
                    f"{source}: cité {cite.cite_id} ('{cite.name}') has no INSEE commune code "
                    "and no point: it cannot be placed (give --waves FILE with its commune)"
                ) from None
            cite.placed_by = BY_NAME
        cite.region = geo.region_of_departement(cite.departement)


# ---------------------------------------------------------------- the import


@dataclass
class Import:
    """The imported cités and what the import had to guess or could not know."""

    cites: list[OfficialCite]
    join: JoinResult | None = None

    @property
    def waves(self) -> dict[int | None, int]:
        """Number of cités per labelling year (``None``: unknown), by year."""
        counts = Counter(c.wave for c in self.cites)
        return dict(sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))

    @property
    def without_year(self) -> int:
        return sum(1 for c in self.cites if c.wave is None)

    @property
    def later(self) -> int:
        return sum(1 for c in self.cites if c.wave is None and c.later)

    def placed(self, how: str) -> list[OfficialCite]:
        return [c for c in self.cites if c.placed_by == how]

    def summary(self, lang: str = "en") -> list[str]:
        """Lines for the user: years found, cités without year, placements."""
        from coopgraph.i18n import translator

        t = translator(lang)
        known = ", ".join(f"{year}: {n}" for year, n in self.waves.items() if year is not None)
        lines = [t("anct.years", known=known or t("anct.none_known"))]
        if self.without_year:
            later = t("anct.later", n=self.later) if self.later else ""
            hint = t("anct.hint.join") if self.join else t("anct.hint.waves")
            lines.append(t("anct.without_year", n=self.without_year, later=later, hint=hint))
        if self.join is not None:
            changed = t("anct.changed", n=self.join.changed) if self.join.changed else ""
            lines.append(
                t(
                    "anct.join",
                    matched=self.join.matched,
                    unmatched=len(self.join.unmatched),
                    unused=self.join.unused,
                    changed=changed,
                )
            )
        nearest = self.placed(BY_NEAREST)
        if nearest:
            lines.append(t("anct.nearest", n=len(nearest)))
        for how in (BY_WAVES, BY_NAME):
            if self.placed(how):
                lines.append(t(f"anct.placed.{how}", n=len(self.placed(how))))
        return lines


def import_official_list(path: Path | str, waves: Path | str | None = None) -> Import:
    """The official list (``.geojson``/``.json`` layer or ``.csv`` table),
    with the labelling years of the join file ``waves`` when given."""
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
    join = join_waves(cites, read_waves(waves)) if waves is not None else None
    place_cites(cites, path)
    for cite in cites:
        try:
            cite.row()
        except geo.UnknownPlace as exc:
            raise InputError(f"{path}: cité {cite.cite_id}: {exc}") from None
    return Import(sorted(cites, key=lambda c: c.cite_id), join)


def read_official_list(path: Path | str) -> list[OfficialCite]:
    """The official list from a ``.geojson``/``.json`` layer or a ``.csv`` table."""
    return import_official_list(path).cites


def cites_csv(cites: list[OfficialCite]) -> str:
    """The ``cites.csv`` text for ``cites``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CITES_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cite in cites:
        writer.writerow(cite.row())
    return out.getvalue()


def _float(text: str) -> float:
    value = parse_float(text.strip())
    assert value is not None
    return value


def _is_number(text: str) -> bool:
    try:
        parse_float(text)
    except ValueError:
        return False
    return True


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _key(name: str) -> str:
    return geo.normalise_name(name)


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in str(text).split(sep) if part.strip()]
