"""The input format: which files, which columns, and the header aliases that
French spreadsheets bring. This is the users' contract (see data/README.md)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    id_column: str | None = None
    mandatory_file: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "cites",
            ("cite_id", "name", "region"),
            ("commune", "insee_commune", "departement", "wave", "lat", "lon"),
            id_column="cite_id",
        ),
        TableSpec(
            "institutions",
            ("institution_id", "name", "kind"),
            ("region", "departement", "lat", "lon"),
            id_column="institution_id",
        ),
        TableSpec(
            "actors",
            ("actor_id", "name", "institution_id"),
            ("role", "cite_id"),
            id_column="actor_id",
        ),
        TableSpec(
            "meetings",
            ("meeting_id", "date", "title"),
            ("format", "scale", "organiser_ids", "themes"),
            id_column="meeting_id",
        ),
        TableSpec("attendance", ("meeting_id", "actor_id")),
        TableSpec("governance", ("cite_id", "institution_id", "role"), mandatory_file=False),
        TableSpec("support", ("crpv_id", "cite_id"), ("since", "kind"), mandatory_file=False),
    )
}

# Natural French (and English) headers, after normalise_header(), mapped to the
# canonical column names. Only unambiguous aliases: "nom" is a name whatever
# the file, but "id" alone would not say which id.
_ALIASES: dict[str, str] = {
    "nom": "name",
    "libelle": "name",
    "nom_de_la_cite": "name",
    "nom_cite": "name",
    "nom_acteur": "name",
    "nom_institution": "name",
    "nom_commune": "commune",
    "communes": "commune",
    "codes_insee": "insee_commune",
    "intitule": "title",
    "titre": "title",
    "region": "region",
    "code_region": "region",
    "insee_reg": "region",
    "departement": "departement",
    "department": "departement",
    "code_departement": "departement",
    "insee_dep": "departement",
    "vague": "wave",
    "annee_de_labellisation": "wave",
    "vague_de_labellisation": "wave",
    "latitude": "lat",
    "longitude": "lon",
    "lng": "lon",
    "code_insee": "insee_commune",
    "code_commune": "insee_commune",
    "insee_com": "insee_commune",
    "type": "kind",
    "nature": "kind",
    "type_d_institution": "kind",
    "date_de_la_rencontre": "date",
    "date_rencontre": "date",
    "date_de_debut": "date",
    "echelle": "scale",
    "echelon": "scale",
    "modalite": "format",
    "organisateurs": "organiser_ids",
    "organisateur": "organiser_ids",
    "organizer_ids": "organiser_ids",
    "thematiques": "themes",
    "themes": "themes",
    "fonction": "role",
    "role_dans_la_troika": "role",
    "depuis": "since",
    "type_d_accompagnement": "kind",
    "id_cite": "cite_id",
    "identifiant_cite": "cite_id",
    "cite": "cite_id",
    "id_institution": "institution_id",
    "identifiant_institution": "institution_id",
    "institution": "institution_id",
    "id_acteur": "actor_id",
    "identifiant_acteur": "actor_id",
    "acteur": "actor_id",
    "id_rencontre": "meeting_id",
    "identifiant_rencontre": "meeting_id",
    "rencontre": "meeting_id",
    "id_crpv": "crpv_id",
    "crpv": "crpv_id",
}


def normalise_header(header: str) -> str:
    """Lower-case ASCII snake_case form of a column header.

    >>> normalise_header(" Date de la rencontre ")
    'date_de_la_rencontre'
    >>> normalise_header("Région")
    'region'
    """
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def canonical_column(header: str, spec: TableSpec) -> str:
    """The canonical name of ``header`` in table ``spec`` (or its normalised
    form when it is an extra column, which is kept as it is)."""
    key = normalise_header(header)
    if key in spec.columns:
        return key
    alias = _ALIASES.get(key)
    if alias in spec.columns:
        return alias
    return key


# Sheet names of a workbook, after normalise_header(), mapped to the tables:
# the file names (``cites`` or ``cites.csv``) and their French names.
_SHEETS: dict[str, str] = {
    **{name: name for name in TABLES},
    "acteurs": "actors",
    "rencontres": "meetings",
    "reunions": "meetings",
    "participations": "attendance",
    "presences": "attendance",
    "gouvernance": "governance",
    "troikas": "governance",
    "troika": "governance",
    "accompagnement": "support",
    "accompagnements": "support",
}

#: The French sheet name of each table, for messages.
FRENCH_SHEET_NAMES: dict[str, str] = {
    "cites": "cités",
    "institutions": "institutions",
    "actors": "acteurs",
    "meetings": "rencontres",
    "attendance": "participations",
    "governance": "gouvernance",
    "support": "accompagnement",
}


def table_of_sheet(sheet_name: str) -> str | None:
    """The table a workbook sheet holds, by its name in English (the file
    name, with or without ``.csv``) or in French, whatever the case and
    accents; ``None`` for another sheet.

    >>> table_of_sheet("Cités"), table_of_sheet("acteurs.csv"), table_of_sheet("RENCONTRES")
    ('cites', 'actors', 'meetings')
    >>> table_of_sheet("Participations"), table_of_sheet("Accompagnement"), table_of_sheet("Feuil1")
    ('attendance', 'support', None)
    """
    text = sheet_name.strip()
    if text.lower().endswith(".csv"):
        text = text[:-4]
    return _SHEETS.get(normalise_header(text))
