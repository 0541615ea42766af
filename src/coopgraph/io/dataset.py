"""From a data directory (or workbook) to a validated Dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from coopgraph import geo
from coopgraph.errors import DataValidationError, InputError, Problem
from coopgraph.i18n import current_lang, translator
from coopgraph.io.messages import say
from coopgraph.io.reader import RawTable, check_regular_file, read_csv_table, read_xlsx_tables
from coopgraph.io.tables import FRENCH_SHEET_NAMES, TABLES
from coopgraph.io.validation import (
    build_schemas,
    parse_date,
    parse_float,
    split_list,
    table_problems,
    table_warnings,
)
from coopgraph.model import (
    Actor,
    Attendance,
    Cite,
    Dataset,
    Governance,
    Institution,
    Meeting,
    Support,
)


def read_tables(path: Path | str) -> dict[str, RawTable]:
    """Raw tables of a data directory of CSV files or of one ``.xlsx`` workbook."""
    path = Path(path)
    if not os.path.lexists(path):
        raise InputError(f"{path}: {say('not_found')}")
    if not path.is_dir():
        check_regular_file(path)
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise InputError(f"{path}: {say('not_dir_or_book')}")
        return read_xlsx_tables(path)
    tables = {}
    for name, spec in TABLES.items():
        file = path / spec.filename
        if os.path.lexists(file):  # a broken link or a FIFO is named, not "missing"
            tables[name] = read_csv_table(file, spec)
    return tables


def validate_tables(source: Path | str, tables: dict[str, RawTable]) -> list[Problem]:
    """Every problem in the tables, in file order (empty when they are valid)."""
    problems = [
        _missing_table(Path(source), name)
        for name, spec in TABLES.items()
        if spec.mandatory_file and name not in tables
    ]
    cites = tables.get("cites")
    if cites is not None and cites.frame.empty:
        problems.append(Problem(cites.source, None, None, None, say("no_rows")))
    # A table whose quotes swallowed lines has lost rows: checking references
    # against it would bury its one located cause under thousands of
    # "unknown id" consequences in the other files.
    schemas = build_schemas({n: t for n, t in tables.items() if not t.garbled})
    for name, table in tables.items():
        problems.extend(table.problems)
        problems.extend(table_problems(table, schemas[name]))
    problems.extend(ids_across_files(tables))
    problems.extend(repeated_links(tables))
    return problems


def ids_across_files(tables: dict[str, RawTable]) -> list[Problem]:
    """An id of one file (cité, institution, actor, meeting) used again as the
    id of another: the graphs would merge the two into one node."""
    first: dict[str, tuple[RawTable, int]] = {}
    problems = []
    for table in tables.values():
        column = table.spec.id_column
        if column is None or column not in table.frame:
            continue
        seen_here: set[str] = set()
        for row, value in enumerate(table.frame[column]):
            if value is None or value in seen_here:
                continue  # duplicates within a file are reported by its schema
            seen_here.add(value)
            if value in first:
                other, other_row = first[value]
                problems.append(
                    table.locate(
                        row,
                        column,
                        say(
                            "id_across_files",
                            value=value,
                            other=other.source,
                            line=other.lines[other_row],
                        ),
                    )
                )
        for row, value in enumerate(table.frame[column]):
            if value is not None:
                first.setdefault(value, (table, row))
    return problems


def repeated_links(tables: dict[str, RawTable]) -> list[Problem]:
    """Links the graph would store once but the files count twice: an
    organiser or a theme repeated in a meeting's list, a governance or
    support row repeated (the report from files and from Neo4j would differ)."""
    problems = []
    meetings = tables.get("meetings")
    if meetings is not None:
        for column in ("organiser_ids", "themes"):
            if column not in meetings.frame:
                continue
            for row, value in enumerate(meetings.frame[column]):
                items = split_list(value)
                repeated = [i for n, i in enumerate(items) if i in items[:n]]
                if repeated:
                    problems.append(
                        meetings.locate(row, column, say("repeated_item", value=repeated[0]))
                    )
    for name, key in (
        ("governance", ("cite_id", "institution_id", "role")),
        ("support", ("crpv_id", "cite_id")),
    ):
        table = tables.get(name)
        if table is None or not all(c in table.frame for c in key):
            continue
        first: dict[tuple, int] = {}
        for row, values in enumerate(table.frame[list(key)].itertuples(index=False, name=None)):
            if any(v is None for v in values):
                continue
            if values in first:
                problems.append(
                    table.locate(row, None, say("duplicate_link", line=table.lines[first[values]]))
                )
            else:
                first[values] = row
    return problems


def _missing_table(source: Path, name: str) -> Problem:
    """A missing file, or in a workbook a missing sheet with the sheets found."""
    if not source.is_file():
        return Problem(str(source / TABLES[name].filename), None, None, None, say("missing_file"))
    t = translator(current_lang())
    found = ", ".join(f"'{s}'" for s in _workbook_sheets(source)) or t("data.no_sheet")
    message = t("data.missing_sheet", name=name, french=FRENCH_SHEET_NAMES[name], found=found)
    return Problem(str(source), None, None, None, message)


def _workbook_sheets(path: Path) -> list[str]:
    """The names of the sheets of a workbook, in order (for messages)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # the workbook was read before; this is only for a message
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def validate_directory(path: Path | str) -> list[Problem]:
    """Problems found in a data directory or workbook (empty when valid)."""
    try:
        return validate_tables(path, read_tables(path))
    except DataValidationError as exc:
        return exc.problems


def check_directory(path: Path | str) -> tuple[list[Problem], list[Problem]]:
    """Problems (invalid data) and warnings (valid data whose answers depend on
    a default, e.g. a cité without labelling year) of a data directory or workbook."""
    try:
        tables = read_tables(path)
        problems = validate_tables(path, tables)
    except DataValidationError as exc:
        return exc.problems, []
    warnings = [w for table in tables.values() for w in table_warnings(table)]
    return problems, sorted(warnings)


def read_dataset(path: Path | str) -> Dataset:
    """Read and validate a data directory or workbook.

    Raises ``DataValidationError`` listing every problem when the data is
    invalid, so nothing downstream ever sees half-valid data.
    """
    tables = read_tables(path)
    problems = validate_tables(path, tables)
    if problems:
        raise DataValidationError(problems)
    return Dataset(
        cites=tuple(_cites(tables["cites"].frame)),
        institutions=tuple(_institutions(tables["institutions"].frame)),
        actors=tuple(_actors(tables["actors"].frame)),
        meetings=tuple(_meetings(tables["meetings"].frame)),
        attendance=tuple(
            map(
                Attendance,
                tables["attendance"].frame["meeting_id"].tolist(),
                tables["attendance"].frame["actor_id"].tolist(),
            )
        ),
        governance=tuple(_governance(tables.get("governance"))),
        support=tuple(_support(tables.get("support"))),
    )


def _rows(frame: pd.DataFrame, columns: tuple[str, ...]):
    """Records with every optional column present (None when absent)."""
    for column in columns:
        if column not in frame:
            frame = frame.assign(**{column: None})
    return frame[list(columns)].itertuples(index=False, name=None)


def _cites(frame: pd.DataFrame):
    columns = (
        "cite_id",
        "name",
        "region",
        "departement",
        "commune",
        "insee_commune",
        "wave",
        "lat",
        "lon",
    )
    for cid, name, region, dep, communes, insee, wave, lat, lon in _rows(frame, columns):
        insee_codes = split_list(insee)
        if dep is not None:
            dep = geo.resolve_departement(dep)
        elif insee_codes:
            dep = geo.departement_of_commune(insee_codes[0])
        yield Cite(
            id=cid,
            name=name,
            region=geo.resolve_region(region),
            departement=dep,
            communes=split_list(communes),
            insee_communes=insee_codes,
            wave=int(wave) if wave else None,
            lat=parse_float(lat),
            lon=parse_float(lon),
        )


def _institutions(frame: pd.DataFrame):
    columns = ("institution_id", "name", "kind", "region", "departement", "lat", "lon")
    for iid, name, kind, regions, deps, lat, lon in _rows(frame, columns):
        yield Institution(
            id=iid,
            name=name,
            kind=kind,
            regions=tuple(geo.resolve_region(r) for r in split_list(regions)),
            departements=tuple(geo.resolve_departement(d) for d in split_list(deps)),
            lat=parse_float(lat),
            lon=parse_float(lon),
        )


def _actors(frame: pd.DataFrame):
    for aid, name, inst, role, cite in _rows(
        frame, ("actor_id", "name", "institution_id", "role", "cite_id")
    ):
        yield Actor(aid, name, inst, role, cite)


def _meetings(frame: pd.DataFrame):
    columns = ("meeting_id", "date", "title", "format", "scale", "organiser_ids", "themes")
    for mid, day, title, fmt, scale, organisers, themes in _rows(frame, columns):
        yield Meeting(
            mid, parse_date(day), title, fmt, scale, split_list(organisers), split_list(themes)
        )


def _governance(table: RawTable | None):
    if table is not None:
        for cite, inst, role in _rows(table.frame, ("cite_id", "institution_id", "role")):
            yield Governance(cite, inst, role)


def _support(table: RawTable | None):
    if table is not None:
        for crpv, cite, since, kind in _rows(table.frame, ("crpv_id", "cite_id", "since", "kind")):
            yield Support(crpv, cite, parse_date(since) if since else None, kind)
