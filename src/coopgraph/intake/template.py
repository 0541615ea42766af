"""``coopgraph template``: the workbook a CRPV officer fills in.

One sheet per data file with French sheet names and headers (which
``coopgraph validate`` and every command read like the CSV directory), an
"Aide" sheet explaining every column with an example, drop-down lists where
the values are closed, and the cités of the territory pre-filled.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from coopgraph import geo
from coopgraph.analysis.territory import Territory
from coopgraph.errors import InputError
from coopgraph.i18n import translator
from coopgraph.intake.messages import message
from coopgraph.io.reader import read_csv_table
from coopgraph.io.tables import TABLES
from coopgraph.model import (
    INSTITUTION_KINDS,
    MEETING_FORMATS,
    MEETING_SCALES,
    SUPPORT_KINDS,
    TROIKA_ROLES,
    Institution,
)

#: The workbook's sheets; their names are the catalogue's
#: ``intake.sheet.KEY`` in the workbook's language.
SHEETS = ("cites", "institutions", "actors", "meetings", "attendance", "governance", "support")

# French headers: each is an alias that coopgraph.io.tables maps to its column.
HEADERS_FR = {
    "cite_id": "Id cité",
    "name": "Nom",
    "region": "Région",
    "commune": "Commune",
    "insee_commune": "Code INSEE",
    "departement": "Département",
    "wave": "Vague",
    "lat": "Latitude",
    "lon": "Longitude",
    "institution_id": "Id institution",
    "kind": "Type",
    "actor_id": "Id acteur",
    "role": "Fonction",
    "meeting_id": "Id rencontre",
    "date": "Date",
    "title": "Titre",
    "format": "Modalité",
    "scale": "Échelle",
    "organiser_ids": "Organisateurs",
    "themes": "Thématiques",
    "crpv_id": "Id CRPV",
    "since": "Depuis",
}
_SPECIAL_FR = {
    ("governance", "role"): "Rôle dans la troïka",
    ("support", "kind"): "Type d'accompagnement",
}

# (explanation fr, explanation en, example) per (table, column)
HELP: dict[tuple[str, str], tuple[str, str, str]] = {
    ("cites", "cite_id"): ("Identifiant ANCT de la cité", "ANCT id of the cité", "cite-062"),
    ("cites", "name"): ("Nom officiel de la cité", "Official name", "Rennes"),
    ("cites", "region"): ("Région (code INSEE ou nom)", "Région (INSEE code or name)", "53"),
    ("cites", "commune"): ("Commune(s), séparées par ;", "Commune(s), ;-separated", "Rennes"),
    ("cites", "insee_commune"): ("Code(s) INSEE des communes", "INSEE code(s)", "35238"),
    ("cites", "departement"): ("Département (code ou nom)", "Département (code or name)", "35"),
    ("cites", "wave"): ("Année de labellisation", "Year of labelling", "2019"),
    ("cites", "lat"): ("Latitude (facultatif)", "Latitude (optional)", "48.11"),
    ("cites", "lon"): ("Longitude (facultatif)", "Longitude (optional)", "-1.68"),
    ("institutions", "institution_id"): (
        "Identifiant que vous choisissez, commençant par inst- (crpv- pour un CRPV)",
        "An id you choose, starting with inst- (crpv- for a CRPV)",
        "inst-ville-rennes",
    ),
    ("institutions", "name"): ("Nom de l'institution", "Name", "Ville de Rennes"),
    ("institutions", "kind"): ("Type (liste)", "Kind (list)", "collectivite"),
    ("institutions", "region"): ("Région(s), séparées par ;", "Région(s), ;-separated", "53"),
    ("institutions", "departement"): ("Département(s)", "Département(s)", "35"),
    ("institutions", "lat"): ("Latitude (facultatif)", "Latitude (optional)", ""),
    ("institutions", "lon"): ("Longitude (facultatif)", "Longitude (optional)", ""),
    ("actors", "actor_id"): ("Identifiant act-NNNN", "Id act-NNNN", "act-0001"),
    ("actors", "name"): ("Prénom et nom", "First and last name", "Marie Dupont"),
    ("actors", "institution_id"): (
        "Institution employeuse (liste)",
        "Employing institution (list)",
        "inst-ville-rennes",
    ),
    ("actors", "role"): ("Fonction, en minuscules", "Role, lower case", "chef de projet"),
    ("actors", "cite_id"): (
        "Cité pour laquelle la personne travaille (vide pour CRPV, préfecture...)",
        "Cité the person works for (empty for CRPV, préfecture...)",
        "cite-062",
    ),
    ("meetings", "meeting_id"): ("Identifiant mtg-AAAA-NNN", "Id mtg-YYYY-NNN", "mtg-2023-001"),
    ("meetings", "date"): ("Date AAAA-MM-JJ", "Date YYYY-MM-DD", "2023-03-14"),
    ("meetings", "title"): ("Titre de la rencontre", "Title", "Club des coordonnateurs"),
    ("meetings", "format"): ("Modalité (liste)", "Format (list)", "visio"),
    ("meetings", "scale"): ("Échelle (liste)", "Scale (list)", "regional"),
    ("meetings", "organiser_ids"): (
        "Institutions organisatrices, séparées par ;",
        "Organising institutions, ;-separated",
        "crpv-resovilles",
    ),
    ("meetings", "themes"): (
        "Thèmes en minuscules sans accents, séparés par ;",
        "Themes, lower case, no accents, ;-separated",
        "gouvernance;evaluation",
    ),
    ("attendance", "meeting_id"): ("Rencontre (liste)", "Meeting (list)", "mtg-2023-001"),
    ("attendance", "actor_id"): ("Participant (liste)", "Participant (list)", "act-0001"),
    ("governance", "cite_id"): ("Cité (liste)", "Cité (list)", "cite-062"),
    ("governance", "institution_id"): (
        "Institution (liste)",
        "Institution (list)",
        "inst-ville-rennes",
    ),
    ("governance", "role"): ("Rôle dans la troïka (liste)", "Troïka leg (list)", "collectivite"),
    ("support", "crpv_id"): (
        "CRPV (institution de type crpv)",
        "CRPV (kind crpv)",
        "crpv-resovilles",
    ),
    ("support", "cite_id"): ("Cité accompagnée (liste)", "Cité supported (list)", "cite-062"),
    ("support", "since"): ("Début, AAAA-MM-JJ", "Start, YYYY-MM-DD", "2020-01-15"),
    ("support", "kind"): ("Type d'accompagnement (liste)", "Kind of support (list)", "gouvernance"),
}

_ROWS = 2000  # rows covered by drop-downs


def header_of(table: str, column: str, lang: str) -> str:
    if lang != "fr":
        return column
    return _SPECIAL_FR.get((table, column)) or HEADERS_FR[column]


def read_cites_source(
    path: Path,
) -> tuple[list[dict[str, str]], list[Institution]]:
    """Cités rows of a cites.csv (or of a data directory), and the
    institutions beside it (for --crpv)."""
    directory = path if path.is_dir() else path.parent
    cites_file = path / "cites.csv" if path.is_dir() else path
    table = read_csv_table(cites_file, TABLES["cites"])
    rows = [
        {c: (v or "") for c, v in record.items()}
        for record in table.frame.to_dict(orient="records")
    ]
    institutions: list[Institution] = []
    inst_file = directory / "institutions.csv"
    if inst_file.is_file():
        frame = read_csv_table(inst_file, TABLES["institutions"]).frame
        for r in frame.to_dict(orient="records"):
            regions = tuple(x for x in (r.get("region") or "").split(";") if x)
            deps = tuple(x for x in (r.get("departement") or "").split(";") if x)
            institutions.append(
                Institution(
                    r["institution_id"], r.get("name") or "", r.get("kind") or "", regions, deps
                )
            )
    return rows, institutions


def _cite_place(row: dict[str, str]) -> tuple[str | None, str | None]:
    try:
        region = geo.resolve_region(row.get("region") or "")
    except (KeyError, ValueError, TypeError):
        region = None
    dep = row.get("departement") or None
    try:
        if dep:
            dep = geo.resolve_departement(dep)
        elif row.get("insee_commune"):
            dep = geo.departement_of_commune(row["insee_commune"].split(";")[0])
    except (KeyError, ValueError, TypeError):
        dep = None
    return region, dep


def territory_cites(
    rows: list[dict[str, str]],
    institutions: list[Institution],
    territory: Territory | None = None,
    *,
    source: Path | None = None,
) -> tuple[list[dict[str, str]], list[Institution]]:
    """The cités of ``territory`` (all when none is given: the rule of
    :mod:`coopgraph.analysis.territory`, values adding up), and its CRPVs."""
    if territory is None or territory.everywhere:
        return rows, []
    centres = []
    for value in territory.crpvs:
        key = geo.normalise_name(value)
        centre = next(
            (i for i in institutions if i.id == value or geo.normalise_name(i.name) == key), None
        )
        if centre is None:
            raise InputError(message("err.crpv", crpv=value, path=source))
        centres.append(centre)
    keep = []
    for r in rows:
        region, dep = _cite_place(r)
        if (
            region in territory.regions
            or dep in territory.departements
            or any(c.covers(region, dep) for c in centres)
        ):
            keep.append(r)
    return keep, centres


def build_template(
    cites: list[dict[str, str]],
    centres: Sequence[Institution] = (),
    lang: str = "fr",
) -> bytes:
    """The template workbook as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    t = translator(lang)
    names = {key: t(f"intake.sheet.{key}") for key in (*SHEETS, "help", "lists")}
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = names["help"]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    # hidden sheet with the closed lists
    lists = book.create_sheet(names["lists"])
    closed = {
        "kind": INSTITUTION_KINDS,
        "format": MEETING_FORMATS,
        "scale": MEETING_SCALES,
        "troika": TROIKA_ROLES,
        "support": SUPPORT_KINDS,
        "region": tuple(geo.region_name(c) for c in geo.REGIONS),
        "departement": tuple(geo.departement_name(c) for c in geo.DEPARTEMENTS),
    }
    ranges: dict[str, str] = {}
    for index, (key, values) in enumerate(closed.items(), start=1):
        letter = lists.cell(row=1, column=index).column_letter
        lists.cell(row=1, column=index, value=key).font = bold
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[key] = f"'{names['lists']}'!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"

    def ids(table: str) -> str:
        return f"'{names[table]}'!$A$2:$A${_ROWS}"

    drop_downs = {
        ("institutions", "kind"): ranges["kind"],
        ("institutions", "region"): ranges["region"],
        ("institutions", "departement"): ranges["departement"],
        ("cites", "region"): ranges["region"],
        ("cites", "departement"): ranges["departement"],
        ("meetings", "format"): ranges["format"],
        ("meetings", "scale"): ranges["scale"],
        ("actors", "institution_id"): ids("institutions"),
        ("actors", "cite_id"): ids("cites"),
        ("attendance", "meeting_id"): ids("meetings"),
        ("attendance", "actor_id"): ids("actors"),
        ("governance", "cite_id"): ids("cites"),
        ("governance", "institution_id"): ids("institutions"),
        ("governance", "role"): ranges["troika"],
        ("support", "crpv_id"): ids("institutions"),
        ("support", "cite_id"): ids("cites"),
        ("support", "kind"): ranges["support"],
    }
    prefill: dict[str, list[dict[str, str]]] = {"cites": cites}
    if centres:
        prefill["institutions"] = [
            {
                "institution_id": centre.id,
                "name": centre.name,
                "kind": centre.kind,
                "region": ";".join(centre.regions),
                "departement": ";".join(centre.departements),
            }
            for centre in centres
        ]
    for table, spec in TABLES.items():
        sheet = book.create_sheet(names[table])
        for col, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=col, value=header_of(table, column, lang))
            cell.font = bold
            cell.fill = fill
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = 34 if column in ("name", "title") else 18
            # codes stay text: "01" must not become 1
            for row in range(2, 200):
                sheet.cell(row=row, column=col).number_format = "@"
            formula = drop_downs.get((table, column))
            if formula:
                validation = DataValidation(
                    type="list",
                    formula1=f"={formula}",
                    allow_blank=True,
                    showErrorMessage=column not in ("region", "departement"),
                )
                validation.add(f"{letter}2:{letter}{_ROWS}")
                sheet.add_data_validation(validation)
        for r, record in enumerate(prefill.get(table, []), start=2):
            for col, column in enumerate(spec.columns, start=1):
                cell_value = record.get(column) or None
                sheet.cell(row=r, column=col, value=cell_value)
        sheet.freeze_panes = "A2"

    # the help sheet
    intro = {
        "fr": "Remplissez une feuille par fichier. Une ligne par enregistrement ; les listes "
        "déroulantes donnent les valeurs permises. Vérifiez le classeur avec "
        "« coopgraph validate classeur.xlsx ». Les listes de présence (émargement, Zoom, "
        "Teams, formulaires) s'importent avec « coopgraph import-attendance ».",
        "en": "Fill in one sheet per file, one row per record; drop-down lists give the "
        "allowed values. Check the workbook with 'coopgraph validate book.xlsx'. Attendance "
        "lists (sign-in sheets, Zoom, Teams, forms) are imported with "
        "'coopgraph import-attendance'.",
    }
    columns_title = {
        "fr": ("Feuille", "Colonne", "Obligatoire", "Explication", "Exemple"),
        "en": ("Sheet", "Column", "Required", "Explanation", "Example"),
    }
    lang_key = "en" if lang == "en" else "fr"
    help_sheet["A1"] = intro[lang_key]
    help_sheet["A1"].alignment = Alignment(wrap_text=True)
    help_sheet.merge_cells("A1:E1")
    help_sheet.row_dimensions[1].height = 60
    for col, title in enumerate(columns_title[lang_key], start=1):
        help_sheet.cell(row=3, column=col, value=title).font = bold
    row = 4
    yes, no = ("oui", "non") if lang_key == "fr" else ("yes", "no")
    for table, spec in TABLES.items():
        for column in spec.columns:
            fr, en, example = HELP[(table, column)]
            values = (
                names[table],
                header_of(table, column, lang),
                yes if column in spec.required else no,
                fr if lang_key == "fr" else en,
                example,
            )
            for col, value in enumerate(values, start=1):
                help_sheet.cell(row=row, column=col, value=value)
            row += 1
    for letter, width in zip("ABCDE", (18, 24, 12, 70, 26), strict=True):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(
    out: Path,
    cites_source: Path | None = None,
    *,
    territory: Territory | None = None,
    force: bool = False,
    lang: str = "fr",
) -> int:
    """Write the template to ``out``; returns the number of cités pre-filled."""
    from coopgraph.intake.datadir import commit_files

    out = Path(out)
    if out.exists() and not force:
        raise InputError(message("err.output_exists", path=out))
    cites: list[dict[str, str]] = []
    centres: list[Institution] = []
    if cites_source is not None:
        rows, institutions = read_cites_source(Path(cites_source))
        cites, centres = territory_cites(rows, institutions, territory, source=Path(cites_source))
        if not cites:
            raise InputError(message("err.cites", path=cites_source))
    commit_files({out: build_template(cites, centres, lang)})
    return len(cites)
