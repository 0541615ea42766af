"""Review files: the rows (or pairs) the matcher could not decide, written
as CSV and xlsx for the officer to fill with accept / reject, and read back
with ``--decisions`` / ``--apply``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.intake.layouts import read_grid
from coopgraph.intake.messages import message
from coopgraph.io.tables import normalise_header

ACCEPT = frozenset({"accepter", "accepte", "accept", "accepted", "oui", "o", "yes", "y", "ok", "1"})
REJECT = frozenset({"refuser", "refuse", "reject", "rejected", "non", "n", "no", "0"})

IMPORT_COLUMNS = (
    "key",
    "kind",
    "file",
    "line",
    "name",
    "organisation",
    "commune",
    "candidate_id",
    "candidate_name",
    "candidate_organisation",
    "score",
    "reasons",
    "decision",
)
DEDUPE_COLUMNS = ("key", "kind", "id_a", "name_a", "id_b", "name_b", "score", "reasons", "decision")


@dataclass(frozen=True)
class Decision:
    key: str
    accept: bool
    kind: str | None
    candidate_id: str | None
    other_id: str | None = None  # dedupe: the record merged into candidate_id


def headers(columns: tuple[str, ...]) -> list[str]:
    return [message(f"col.{c}") for c in columns]


def review_csv(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers(columns))
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return out.getvalue()


def review_xlsx(columns: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    """The same table as a workbook, with a drop-down on the decision column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = message("review.sheet")
    sheet.append(headers(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if row.get(c) is None else row.get(c) for c in columns])
    choices = "accepter,refuser" if message("col.key") == "cle" else "accept,reject"
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    column = columns.index("decision") + 1
    letter = sheet.cell(row=1, column=column).column_letter
    validation.add(f"{letter}2:{letter}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        width = {"reasons": 60, "name": 28, "candidate_name": 28, "name_a": 28, "name_b": 28}
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width.get(
            name, 18
        )
    help_sheet = book.create_sheet(message("review.help_sheet"))
    help_sheet["A1"] = message("review.help")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_KEY_HEADERS = {"cle", "key"}
_DECISION_HEADERS = {"decision"}
_KIND_HEADERS = {"type", "kind"}
_CANDIDATE_HEADERS = {"candidat_id", "candidate_id", "id_a"}
_OTHER_HEADERS = {"id_b"}


def read_decisions(path: Path | str) -> dict[str, Decision]:
    """The filled-in decisions of a review file (CSV or xlsx), by key; rows
    left empty are skipped. An unreadable decision is an error naming its
    line."""
    path = Path(path)
    grid = read_grid(path)
    if not grid:
        raise InputError(message("err.decisions_header", path=path))
    _line, header = grid[0]
    names = [normalise_header(h) for h in header]

    def index(options: set[str]) -> int | None:
        return next((i for i, n in enumerate(names) if n in options), None)

    key_at, decision_at = index(_KEY_HEADERS), index(_DECISION_HEADERS)
    kind_at, candidate_at, other_at = (
        index(_KIND_HEADERS),
        index(_CANDIDATE_HEADERS),
        index(_OTHER_HEADERS),
    )
    if key_at is None or decision_at is None:
        raise InputError(message("err.decisions_header", path=path))

    def cell(cells: list[str], at: int | None) -> str | None:
        return cells[at].strip() or None if at is not None and at < len(cells) else None

    out: dict[str, Decision] = {}
    for line, cells in grid[1:]:
        key, value = cell(cells, key_at), cell(cells, decision_at)
        if not key or not value:
            continue
        word = normalise_header(value)
        if word in ACCEPT:
            accept = True
        elif word in REJECT:
            accept = False
        else:
            raise InputError(message("err.decisions", path=path, line=line, value=value))
        kind = cell(cells, kind_at)
        if kind in (message("kind.actor"), "personne", "person"):
            kind = "actor"
        elif kind in (message("kind.institution"), "organisation"):
            kind = "institution"
        out[key] = Decision(key, accept, kind, cell(cells, candidate_at), cell(cells, other_at))
    return out
