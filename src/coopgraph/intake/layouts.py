"""Recognising attendance files by their headers: sign-in sheets, Zoom and
Microsoft Teams attendance reports, form exports, or any layout described
with ``--columns``.

A file is read as a grid of strings (CSV in any of the encodings Excel
writes, or the first sheet of an ``.xlsx`` workbook that has a recognisable
header). The header row is searched for in the first lines, because
videoconference reports start with a summary block; the table ends at the
first blank line or at the next numbered section (Teams' "3. In-Meeting
Activities").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.intake.messages import message
from coopgraph.io.reader import decode
from coopgraph.io.tables import normalise_header

FIELDS = (
    "name",
    "first_name",
    "last_name",
    "organisation",
    "role",
    "commune",
    "email",
    "postcode",
)

# Normalised headers (see coopgraph.io.tables.normalise_header) per field.
# "nom" is a last name when the file also has a first-name column, else a
# full name: that is decided in _map_header.
_ALIASES: dict[str, str] = {
    # full name
    "nom_complet": "name",
    "nom_et_prenom": "name",
    "nom_prenom": "name",
    "prenom_nom": "name",
    "prenom_et_nom": "name",
    "nom_et_prenom_du_participant": "name",
    "name": "name",
    "full_name": "name",
    "participant": "name",
    "participant_name": "name",
    "nom_du_participant": "name",
    "name_original_name": "name",  # Zoom
    "nom_nom_d_origine": "name",  # Zoom, French
    "nom_nom_original": "name",  # Zoom, French (older wording)
    "nom_nom_initial": "name",
    "display_name": "name",
    "nom_d_affichage": "name",
    # first and last names
    "prenom": "first_name",
    "first_name": "first_name",
    "firstname": "first_name",
    "given_name": "first_name",
    "nom_de_famille": "last_name",
    "nom_d_usage": "last_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    # organisation
    "structure": "organisation",
    "organisme": "organisation",
    "etablissement": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "institution": "organisation",
    "employeur": "organisation",
    "structure_organisme": "organisation",
    "organisme_structure": "organisation",
    "nom_de_la_structure": "organisation",
    "collectivite_structure": "organisation",
    "company": "organisation",
    "entreprise": "organisation",
    "affiliation": "organisation",
    "service": "organisation",
    # role
    "fonction": "role",
    "poste": "role",
    "qualite": "role",
    "role_fonction": "role",
    "job_title": "role",
    "fonction_poste": "role",
    # commune
    "commune": "commune",
    "ville": "commune",
    "city": "commune",
    "localite": "commune",
    "commune_de_la_structure": "commune",
    "territoire": "commune",
    # e-mail
    "courriel": "email",
    "e_mail": "email",
    "email": "email",
    "mail": "email",
    "adresse_mail": "email",
    "adresse_e_mail": "email",
    "adresse_email": "email",
    "adresse_electronique": "email",
    "adresse_courriel": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "user_email": "email",  # Zoom
    "e_mail_de_l_utilisateur": "email",  # Zoom, French
    "adresse_e_mail_de_l_utilisateur": "email",
    # postcode
    "code_postal": "postcode",
    "cp": "postcode",
    "postal_code": "postcode",
    "zip": "postcode",
    "zip_code": "postcode",
}

# Words that tell a long form question apart ("Votre adresse e-mail ?").
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("mail", "email"),
    ("courriel", "email"),
    ("prenom", "first_name"),
    ("first_name", "first_name"),
    ("structure", "organisation"),
    ("organisme", "organisation"),
    ("etablissement", "organisation"),
    ("organisation", "organisation"),
    ("organization", "organisation"),
    ("fonction", "role"),
    ("code_postal", "postcode"),
    ("commune", "commune"),
)

# Headers that only a given tool writes (normalised).
_MARKERS: dict[str, frozenset[str]] = {
    "zoom": frozenset(
        {
            "name_original_name",
            "nom_nom_d_origine",
            "nom_nom_original",
            "nom_nom_initial",
            "user_email",
            "e_mail_de_l_utilisateur",
            "join_time",
            "leave_time",
            "duration_minutes",
            "heure_d_arrivee",
            "heure_de_depart",
            "heure_de_connexion",
            "heure_de_deconnexion",
            "duree_minutes",
            "attentiveness_score",
            "in_waiting_room",
        }
    ),
    "teams": frozenset(
        {
            "first_join",
            "last_leave",
            "in_meeting_duration",
            "participant_id_upn",
            "user_action",
            "premiere_participation",
            "premiere_arrivee",
            "dernier_depart",
            "duree_de_la_reunion",
            "duree_dans_la_reunion",
            "id_du_participant_upn",
            "action_de_l_utilisateur",
        }
    ),
    "form": frozenset(
        {
            "horodateur",
            "timestamp",
            "horodatage",
            "submitted",
            "soumis_le",
            "date_de_soumission",
            "sid",
            "serial",
            "numero_de_serie",
            "date_de_reponse",
        }
    ),
}

LAYOUTS = ("sign-in", "zoom", "teams", "form", "columns")

# Suffixes that videoconference tools add to a display name.
_GUEST = re.compile(
    r"\s*\((?:guest|invit[ée]e?|externe|external|unverified|non v[ée]rifi[ée]e?|organizer|"
    r"organisateur|organisatrice|host|h[ôo]te|co-?host|co-?h[ôo]te)\)\s*$",
    re.IGNORECASE,
)
_CIVILITY = re.compile(
    r"^(?:m\.|mr\.?|mme\.?|mlle\.?|melle|madame|monsieur|dr\.?)\s+", re.IGNORECASE
)
_PAREN_ORG = re.compile(r"^(?P<name>[^()]+?)\s*[\(\[](?P<org>[^()\[\]]+)[\)\]]\s*$")
_DASH_ORG = re.compile(r"^(?P<name>.+?)\s+(?:[-–—|/]|::)\s+(?P<org>.+)$")


@dataclass(frozen=True)
class SourceRow:
    """One attendance row as read: where it came from and its fields."""

    file: str
    line: int
    fields: dict[str, str] = field(hash=False)

    @property
    def full_name(self) -> str:
        if self.fields.get("name"):
            return self.fields["name"]
        parts = (self.fields.get("first_name"), self.fields.get("last_name"))
        return " ".join(_CIVILITY.sub("", p).strip() for p in parts if p).strip()


@dataclass
class AttendanceFile:
    path: Path
    layout: str
    header_line: int
    mapping: dict[str, str]  # field -> header as found
    rows: list[SourceRow]


# ------------------------------------------------------------------ reading


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _sniff(lines: list[str]) -> str:
    """The separator used by most cells of the first lines (outside quotes)."""
    best, best_count = ",", 0
    for sep in (",", ";", "\t"):
        count = 0
        for line in lines:
            quoted, n = False, 0
            for char in line:
                if char == '"':
                    quoted = not quoted
                elif char == sep and not quoted:
                    n += 1
            count = max(count, n)
        if count > best_count:
            best, best_count = sep, count
    return best


def read_grid(path: Path) -> list[tuple[int, list[str]]]:
    """Every non-empty-or-empty row of a CSV file or of the first sheets of a
    workbook, with its line number (1-based)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(message("err.no_file", path=path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".xls", ".ods"):
        raise InputError(message("err.format", path=path))
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from exc
    text = text.lstrip("\ufeff")
    sep = _sniff(text.splitlines()[:40])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for record in reader:
        rows.append((start, [c.strip() for c in record]))
        start = reader.line_num + 1
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(message("err.workbook", path=path, error=exc)) from exc
    try:
        grids = []
        for sheet in book.worksheets:
            grid = [
                (number, [_cell(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            grids.append(grid)
    finally:
        book.close()
    # the first sheet with a recognisable header, else the first sheet
    for grid in grids:
        if _find_header(grid, None) is not None:
            return grid
    return grids[0] if grids else []


# ------------------------------------------------------------------ headers


def parse_columns_option(value: str | None) -> dict[str, str]:
    """``name=Participant,organisation=Structure`` as a field -> header map.

    >>> parse_columns_option("name=Participant, email = Mail")
    {'name': 'Participant', 'email': 'Mail'}
    """
    if not value:
        return {}
    out = {}
    for part in value.split(","):
        if not part.strip():
            continue
        key, sep, header = part.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in FIELDS or not header.strip():
            raise InputError(message("err.columns_option", part=part.strip(), fields=FIELDS))
        out[key] = header.strip()
    return out


def _field_of(header: str) -> str | None:
    key = normalise_header(header)
    for prefix in ("votre_", "vos_", "your_", "ton_", "ta_"):
        key = key.removeprefix(prefix)
    if key in _ALIASES:
        return _ALIASES[key]
    if key == "nom":
        return "last_name"  # turned into "name" below when there is no first name
    if len(key.split("_")) >= 2:
        for word, target in _KEYWORDS:
            if word in key:
                return target
    return None


def map_header(header: list[str], columns: dict[str, str] | None = None) -> dict[str, int]:
    """Field -> column index for one header row.

    >>> map_header(["Nom", "Prénom", "Structure", "Courriel"])
    {'last_name': 0, 'first_name': 1, 'organisation': 2, 'email': 3}
    >>> sorted(map_header(["Nom", "Structure"]).items())
    [('name', 0), ('organisation', 1)]
    """
    mapping: dict[str, int] = {}
    if columns:
        wanted = {normalise_header(h): f for f, h in columns.items()}
        for index, cell in enumerate(header):
            target = wanted.get(normalise_header(cell))
            if target and target not in mapping:
                mapping[target] = index
        return mapping
    for index, cell in enumerate(header):
        if not cell:
            continue
        target = _field_of(cell)
        if target and target not in mapping:
            mapping[target] = index
    if "last_name" in mapping and "first_name" not in mapping and "name" not in mapping:
        mapping["name"] = mapping.pop("last_name")
    return mapping


def _usable(mapping: dict[str, int]) -> bool:
    return "name" in mapping or "last_name" in mapping


def _find_header(
    grid: list[tuple[int, list[str]]], columns: dict[str, str] | None
) -> tuple[int, dict[str, int]] | None:
    for position, (_line, cells) in enumerate(grid[:60]):
        mapping = map_header(cells, columns)
        if columns:
            if set(columns) <= set(mapping) and _usable(mapping):
                return position, mapping
        elif _usable(mapping) and len(mapping) >= 2:
            return position, mapping
        elif _usable(mapping) and _layout_of(cells) in ("zoom", "teams"):
            return position, mapping
    return None


def _layout_of(header: Iterable[str]) -> str:
    keys = {normalise_header(h) for h in header if h}
    for layout in ("teams", "zoom", "form"):
        if keys & _MARKERS[layout]:
            return layout
    return "sign-in"


_SECTION = re.compile(r"^\d+\.\s+\S")


def split_display_name(value: str) -> tuple[str, str | None]:
    """A videoconference display name and the organisation people often add.

    >>> split_display_name("Marie Dupont (Ville de Rennes)")
    ('Marie Dupont', 'Ville de Rennes')
    >>> split_display_name("DUPONT Marie - Mairie de Rennes")
    ('DUPONT Marie', 'Mairie de Rennes')
    >>> split_display_name("Jean Martin (Invité)")
    ('Jean Martin', None)
    """
    value = _GUEST.sub("", value).strip()
    for pattern in (_PAREN_ORG, _DASH_ORG):
        found = pattern.match(value)
        if found:
            return found["name"].strip(), found["org"].strip()
    return value, None


def read_attendance_file(path: Path | str, columns: dict[str, str] | None = None) -> AttendanceFile:
    """Recognise and read one attendance file.

    Raises ``InputError`` listing the headers found when no layout fits.
    """
    path = Path(path)
    grid = read_grid(path)
    found = _find_header(grid, columns)
    if found is None:
        headers = next((cells for _, cells in grid if any(cells)), [])
        raise InputError(
            message(
                "err.layout",
                path=path,
                headers=", ".join(f"« {h} »" for h in headers if h) or "-",
            )
        )
    position, mapping = found
    header_line, header = grid[position]
    layout = "columns" if columns else _layout_of(header)
    rows: list[SourceRow] = []
    for line, cells in grid[position + 1 :]:
        if not any(cells):
            if layout in ("teams", "zoom") and rows:
                break  # end of the participants section
            continue
        if _SECTION.match(cells[0]) and not any(cells[1:]):
            break
        fields = {
            f: cells[i].strip() for f, i in mapping.items() if i < len(cells) and cells[i].strip()
        }
        if not (fields.get("name") or fields.get("last_name")):
            continue
        if layout in ("zoom", "teams") and "name" in fields and "organisation" not in fields:
            name, org = split_display_name(fields["name"])
            fields["name"] = name
            if org:
                fields["organisation"] = org
        elif "name" in fields:
            fields["name"] = _GUEST.sub("", fields["name"]).strip()
        rows.append(SourceRow(path.name, line, fields))
    return AttendanceFile(
        path, layout, header_line, {f: header[i] for f, i in mapping.items()}, rows
    )
