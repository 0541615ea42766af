"""Raw reading of CSV files and xlsx workbooks into string tables that keep,
for every row, the line it came from, and for every column its position."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopgraph.errors import InputError, Problem
from coopgraph.io.tables import TABLES, TableSpec, canonical_column, table_of_sheet

_SEPARATORS = ",;\t"


@dataclass
class RawTable:
    """A table as read: every cell a stripped string or None."""

    spec: TableSpec
    source: str  # how problems name the file: a path, or "book.xlsx[sheet]"
    frame: pd.DataFrame  # canonical column names, object dtype, None for empty
    lines: list[int]  # physical line (CSV) or row number (xlsx) of each row
    positions: dict[str, int]  # canonical column name -> 1-based column number
    problems: list[Problem]  # structural problems found while reading

    def locate(self, row: int | None, column: str | None, message: str) -> Problem:
        line = self.lines[row] if row is not None else None
        return Problem(
            self.source,
            line,
            self.positions.get(column) if column else None,
            column,
            message,
        )


def decode(data: bytes, source: str = "<data>") -> str:
    r"""Text of a file exported by Excel: UTF-16 with a BOM ("Unicode text"),
    UTF-8 with or without BOM, else Windows-1252. A byte that none of them
    can decode is an ``InputError`` naming its line and column.

    >>> decode("Région".encode("cp1252"))
    'Région'
    >>> decode(b"a,b\n1,\x81")
    Traceback (most recent call last):
    ...
    coopgraph.errors.InputError: <data>:2:3: byte 0x81 is neither UTF-8 nor Windows-1252 text; save the file as CSV UTF-8
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif data.startswith(b"\xef\xbb\xbf"):
        data, encodings = data[3:], ["utf-8"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    start = error.start
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    raise InputError(
        f"{source}:{line}:{column}: byte 0x{data[start]:02x} is neither "
        f"{' nor '.join(e.upper().replace('CP', 'Windows-') for e in encodings)} text; "
        "save the file as CSV UTF-8"
    )


def sniff_separator(header_line: str) -> str:
    """The separator of a CSV file, judged on its header line, outside quotes.

    >>> sniff_separator('cite_id;name;"région, code"')
    ';'
    >>> sniff_separator("a,b,c")
    ','
    """
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def read_csv_table(path: Path, spec: TableSpec, source: str | None = None) -> RawTable:
    """Read one CSV file of the input format."""
    try:
        text = decode(path.read_bytes(), str(source or path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror})") from exc
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(first_line))
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    previous = 0  # physical lines read before the current record
    for record in reader:
        # the record starts on the line after the previous one ended (what
        # record_span computes, without counting the newlines of every cell)
        start, previous = previous + 1, reader.line_num
        if header is None:
            header = record
            continue
        if not "".join(record).strip():
            continue  # blank lines, frequent at the end of Excel exports
        rows.append(record)
        lines.append(start)
    return _table(spec, source or str(path), header or [], rows, lines)


def record_span(record: list[str]) -> int:
    """Extra physical lines a record took (quoted newlines), so that the line
    reported is the one where the record starts."""
    return sum(cell.count("\n") for cell in record)


def read_xlsx_tables(path: Path) -> dict[str, RawTable]:
    """Read a workbook with one sheet per file name (``cites`` or ``cites.csv``)."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(f"{path}: cannot read workbook ({exc})") from exc
    tables: dict[str, RawTable] = {}
    sheet_of: dict[str, str] = {}
    for sheet_name, frame in sheets.items():
        key = table_of_sheet(str(sheet_name))
        if key is None:
            continue
        if key in sheet_of:
            raise InputError(
                f"{path}: two sheets for the same table: '{sheet_of[key]}' and '{sheet_name}'; "
                "keep one"
            )
        sheet_of[key] = str(sheet_name)
        values = frame.where(frame.notna(), "").astype(str).values.tolist()
        header, body = (values[0], values[1:]) if values else ([], [])
        kept = [(i + 2, row) for i, row in enumerate(body) if any(c.strip() for c in row)]
        tables[key] = _table(
            TABLES[key],
            f"{path}[{sheet_name}]",
            header,
            [row for _, row in kept],
            [line for line, _ in kept],
        )
    return tables


def _table(
    spec: TableSpec, source: str, header: list[str], rows: list[list[str]], lines: list[int]
) -> RawTable:
    names = [canonical_column(h, spec) for h in header]
    positions: dict[str, int] = {}
    problems = []
    for number, name in enumerate(names, start=1):
        if not name:
            continue
        if name in positions:
            problems.append(
                Problem(source, 1, number, name, f"column '{name}' appears twice in the header")
            )
        positions.setdefault(name, number)
    width = len(names)
    for row, line in zip(rows, lines, strict=True):
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append(
                Problem(
                    source,
                    line,
                    width + 1,
                    None,
                    f"row has {len(row)} cells but the header has {width}",
                )
            )
    # _clean on every cell, padded with None to the header's width
    cells = [
        [c.strip() or None for c in row[:width]] + [None] * (width - len(row))
        if len(row) < width
        else [c.strip() or None for c in row[:width]]
        for row in rows
    ]
    frame = pd.DataFrame(cells, columns=[n or f"_{i}" for i, n in enumerate(names)], dtype=object)
    frame = frame[[n for n in positions]] if positions else frame
    frame.index = pd.RangeIndex(len(frame))
    return RawTable(spec, source, frame, lines, positions, problems)


def _clean(cell: str) -> str | None:
    text = cell.strip()
    return text or None
