"""Raw reading of CSV files and xlsx workbooks into string tables that keep,
for every row, the line it came from, and for every column its position.

Reading is strict: a file is decoded as a whole in one encoding (never
re-decoded in another because one line is off), quotes that swallow lines
are reported where they opened, and anything that is not a regular file
(a FIFO, a device, a broken link) is refused before it is opened.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopgraph.errors import InputError, Problem
from coopgraph.io.messages import say
from coopgraph.io.output import uncsv_cell
from coopgraph.io.tables import TABLES, TableSpec, canonical_column, table_of_sheet

_SEPARATORS = ",;\t"

#: A valid multi-byte UTF-8 sequence: its presence in a file that is not
#: valid UTF-8 means two encodings are mixed.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: Control characters refused in cells (tab, newline and CR are legitimate).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Excel's "sep=;" first line, which names the separator.
_SEP_LINE = re.compile(r"^sep=(.)[ \t]*\r?$")


@dataclass
class RawTable:
    """A table as read: every cell a stripped string or None."""

    spec: TableSpec
    source: str  # how problems name the file: a path, or "book.xlsx[sheet]"
    frame: pd.DataFrame  # canonical column names, object dtype, None for empty
    lines: list[int]  # physical line (CSV) or row number (xlsx) of each row
    positions: dict[str, int]  # canonical column name -> 1-based column number
    problems: list[Problem]  # structural problems found while reading
    header_line: int = 1  # 2 after Excel's "sep=;" line
    garbled: bool = False  # a quote swallowed lines: its rows are not what the file meant

    def locate(self, row: int | None, column: str | None, message: str) -> Problem:
        line = self.lines[row] if row is not None else None
        return Problem(
            self.source,
            line,
            self.positions.get(column) if column else None,
            column,
            message,
        )


def check_regular_file(path: Path, source: str | None = None) -> None:
    """Refuse, with the cause named, anything at ``path`` that is not a
    regular file: missing, a broken or looping symbolic link, a directory, a
    FIFO or a device (never opened, so a FIFO cannot block the reader)."""
    where = str(source or path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{where}: {say('symlink_loop')}") from None
        if exc.errno == errno.ENOENT:
            if os.path.islink(path):
                target = os.readlink(path)
                raise InputError(f"{where}: {say('dangling_symlink', target=target)}") from None
            raise InputError(f"{where}: {say('not_found')}") from None
        raise InputError(f"{where}: {say('unreadable', reason=exc.strerror or exc)}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{where}: {say('is_directory')}")
    if not stat.S_ISREG(mode):
        kind = (
            "FIFO"
            if stat.S_ISFIFO(mode)
            else "socket"
            if stat.S_ISSOCK(mode)
            else "device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "special"
        )
        raise InputError(f"{where}: {say('not_regular', kind=kind)}")


def read_bytes(path: Path, source: str | None = None) -> bytes:
    """The bytes of a regular file (see :func:`check_regular_file`)."""
    check_regular_file(path, source)
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc
        raise InputError(f"{source or path}: {say('unreadable', reason=reason)}") from None


def _position(data: bytes, start: int) -> tuple[int, int]:
    """1-based line and character column of byte offset ``start``."""
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    return line, column


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` looks like UTF-16 text
    saved without a BOM (every other byte NUL in mostly ASCII text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, source: str = "<data>") -> str:
    r"""Text of a file exported by Excel: UTF-16 (with a BOM, or without one
    when unmistakable), UTF-8 with or without BOM, else Windows-1252: one
    encoding for the whole file. A byte that the file's encoding cannot
    decode is an ``InputError`` naming its line and column, and so is a
    UTF-8 file with one line in another encoding (never re-decoded whole).

    >>> decode("Région".encode("cp1252"))
    'Région'
    >>> decode(b"a,b\n1,\x81")
    Traceback (most recent call last):
    ...
    coopgraph.errors.InputError: <data>:2:3: octet 0x81 invalide en UTF-8 ni en Windows-1252 ; enregistrez le fichier au format « CSV UTF-8 »
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_strict(data, ["utf-16"], source)
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_strict(data[3:], ["utf-8"], source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_strict(data, [utf16], source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            line, column = _position(data, exc.start)
            raise InputError(
                f"{source}:{line}:{column}: " + say("mixed_encoding", byte=f"{data[exc.start]:02x}")
            ) from None
    return _decode_strict(data, ["cp1252"], source, named=["utf-8", "cp1252"])


def _decode_strict(
    data: bytes, encodings: list[str], source: str, *, named: list[str] | None = None
) -> str:
    encoding = encodings[0]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start
    if encoding.startswith("utf-16"):
        line, column = data[:start].decode(encoding, errors="replace").count("\n") + 1, None
    else:
        line, column = _position(data, start)  # a BOM is no column in an editor
    label = say("or").join(_encoding_name(e) for e in (named or encodings))
    where = f"{source}:{line}" + (f":{column}" if column else "")
    raise InputError(f"{where}: " + say("bad_byte", byte=f"{data[start]:02x}", encodings=label))


def _encoding_name(encoding: str) -> str:
    return {"cp1252": "Windows-1252", "utf-8": "UTF-8"}.get(encoding, "UTF-16")


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


def read_text(path: Path, source: str | None = None) -> str:
    """The decoded text of a CSV file, refused with its cause when it is not
    a regular file, is empty or holds only a BOM."""
    where = str(source or path)
    data = read_bytes(path, where)
    if not data:
        raise InputError(f"{where}: {say('empty_file')}")
    if data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{where}: {say('bom_only')}")
    text = decode(data, where)
    if not text.strip():
        raise InputError(f"{where}: {say('blank_file')}")
    return text


def read_csv_table(path: Path, spec: TableSpec, source: str | None = None) -> RawTable:
    """Read one CSV file of the input format."""
    where = str(source or path)
    text = read_text(path, where)
    problems: list[Problem] = []
    first_line, _, rest = text.partition("\n")
    skipped = 0
    sep_line = _SEP_LINE.match(first_line)
    if sep_line:  # Excel's "sep=;" line names the separator; the header follows
        delimiter, text, skipped = sep_line.group(1), rest, 1
        first_line = text.partition("\n")[0]
    else:
        delimiter = sniff_separator(first_line)
    problems.extend(_control_characters(text, where, skipped))
    plain = _plain_records(text, delimiter)
    if plain is not None:
        kept = [(i, r) for i, r in enumerate(plain) if i and "".join(r).strip()]
        table = _table(
            spec,
            where,
            plain[0] if plain else [],
            [r for _, r in kept],
            [i + 1 + skipped for i, _ in kept],
            header_line=1 + skipped,
        )
        table.problems[:0] = problems
        return table
    # The whole file is in memory already: a field can be as long as the file
    # without costing more, and a quote that swallows lines is reported below.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    physical = text.split("\n")
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    previous_end = 0
    start = 1
    garbled = False
    for record in reader:
        # Every physical line belongs to a record (a blank line is an empty
        # record), so a record starts right after the previous one ended.
        start, previous_end = previous_end + 1, reader.line_num
        if reader.line_num > start:
            problem = _swallowing_quote(
                record, start, reader.line_num, physical, delimiter, where, skipped
            )
            if problem:
                problems.append(problem)
                garbled = True
        if header is None:
            header = record
            continue
        if not "".join(record).strip():
            continue  # blank lines, frequent at the end of Excel exports
        rows.append(record)
        lines.append(start + skipped)
    if previous_end == start and not any(p.line == start + skipped for p in problems):
        # the last record, on one line, may hold a quote still open at the end
        column = _opening_quote(physical[start - 1].rstrip("\r"), delimiter)
        if column is not None:
            garbled = True
            problems.append(
                Problem(
                    where,
                    start + skipped,
                    column,
                    None,
                    say("unclosed_quote_eof", end=start + skipped),
                )
            )
    table = _table(spec, where, header or [], rows, lines, header_line=1 + skipped)
    table.problems[:0] = problems
    table.garbled = garbled
    return table


def _plain_records(text: str, delimiter: str) -> list[list[str]] | None:
    r"""The records of a CSV text without any quote, NUL or lone carriage
    return (most exports, and every large one: attendance lists), one per
    physical line, split on ``delimiter``: what :mod:`csv` reads from such a
    text, several times faster; ``None`` for any other text.

    >>> _plain_records("a,b\r\n\r\n1,2\n", ",")
    [['a', 'b'], [], ['1', '2']]
    >>> _plain_records('a,b\n"1",2', ",") is None
    True
    """
    if '"' in text or "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the line break that ends the last record
    return [line.split(delimiter) if line else [] for line in lines]


def record_span(record: list[str]) -> int:
    """Extra physical lines a record took (quoted newlines), so that the line
    reported is the one where the record starts."""
    return sum(cell.count("\n") for cell in record)


def _control_characters(text: str, source: str, skipped: int) -> list[Problem]:
    """A NUL or other control character is refused where it stands (the first
    one of each line)."""
    problems = []
    seen: set[int] = set()
    for match in _CONTROL.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        if line in seen:
            continue
        seen.add(line)
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group()
        message = say("nul_char") if char == "\x00" else say("control_char", code=ord(char))
        problems.append(Problem(source, line + skipped, column, None, message))
    return problems


def _opening_quote(line: str, delimiter: str) -> int | None:
    """1-based column of the quote left open at the end of ``line`` (csv
    rules: a quote opens a field only at its start; ``""`` is a quote)."""
    quoted, opened, field_start, i = False, None, True, 0
    while i < len(line):
        char = line[i]
        if quoted:
            if char == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif char == '"' and field_start:
            quoted, opened = True, i + 1
        field_start = char == delimiter and not quoted
        i += 1
    return opened if quoted else None


def _swallowing_quote(
    record: list[str],
    start: int,
    end: int,
    physical: list[str],
    delimiter: str,
    source: str,
    skipped: int,
) -> Problem | None:
    """A record spanning lines is legitimate when a quoted cell holds a line
    break; it is a stray quote when it ends at the end of the file still
    open, or when a swallowed line looks like a row (it holds separators)."""
    column = _opening_quote(physical[start - 1].rstrip("\r"), delimiter)
    if column is None:
        return None
    tail = "\n".join(physical[start - 1 :])
    at_eof = end >= len(physical) - (1 if physical[-1] == "" else 0) and _ends_open(tail, delimiter)
    if at_eof:
        message = say("unclosed_quote_eof", end=end + skipped)
    elif any(delimiter in line for cell in record for line in cell.split("\n")[1:]):
        message = say("unclosed_quote", swallowed=end - start, end=end + skipped)
    else:
        return None
    return Problem(source, start + skipped, column, None, message)


def _ends_open(text: str, delimiter: str) -> bool:
    """Whether a quote is still open at the end of ``text``."""
    return _opening_quote(text.replace("\r", ""), delimiter) is not None


def read_xlsx_tables(path: Path) -> dict[str, RawTable]:
    """Read a workbook with one sheet per file name (``cites`` or ``cites.csv``)."""
    data_start = read_bytes(path)[:8]
    if not data_start.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(path):
        hint = (
            say("hint_xls")
            if data_start.startswith(b"\xd0\xcf\x11\xe0")
            else say("hint_csv")
            if data_start and b"\x00" not in data_start
            else ""
        )
        raise InputError(f"{path}: {say('not_xlsx', hint=hint)}")
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a broken file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: {say('bad_workbook', reason=reason)}") from None
    tables: dict[str, RawTable] = {}
    sheet_of: dict[str, str] = {}
    for sheet_name, frame in sheets.items():
        key = table_of_sheet(str(sheet_name))
        if key is None:
            continue
        if key in sheet_of:
            raise InputError(f"{path}: {say('two_sheets', first=sheet_of[key], second=sheet_name)}")
        sheet_of[key] = str(sheet_name)
        values = frame.where(frame.notna(), "").astype(str).values.tolist()
        header, body = (values[0], values[1:]) if values else ([], [])
        kept = [(i + 2, row) for i, row in enumerate(body) if any(c.strip() for c in row)]
        source = f"{path}[{sheet_name}]"
        table = _table(
            TABLES[key],
            source,
            header,
            [row for _, row in kept],
            [line for line, _ in kept],
        )
        for line, row in kept:
            for number, cell in enumerate(row, start=1):
                match = _CONTROL.search(cell)
                if match:
                    char = match.group()
                    message = (
                        say("nul_char") if char == "\x00" else say("control_char", code=ord(char))
                    )
                    table.problems.append(Problem(source, line, number, None, message))
                    break
        tables[key] = table
    return tables


def _table(
    spec: TableSpec,
    source: str,
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    header_line: int = 1,
) -> RawTable:
    names = [canonical_column(h, spec) for h in header]
    positions: dict[str, int] = {}
    problems = []
    for number, name in enumerate(names, start=1):
        if not name:
            continue
        if name in positions:
            problems.append(
                Problem(source, header_line, number, name, say("duplicate_header", name=name))
            )
        positions.setdefault(name, number)
    width = len(names)
    for row, line in zip(rows, lines, strict=True):
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append(
                Problem(
                    source, line, width + 1, None, say("extra_cells", cells=len(row), width=width)
                )
            )
    if rows and len(positions) == width and all(len(row) == width for row in rows):
        # the usual file (every row as wide as the header, no duplicate or
        # empty column name): the same cells, cleaned column by column
        frame = pd.DataFrame(
            {
                name: _clean_column(cells)
                for name, cells in zip(names, zip(*rows, strict=True), strict=True)
            },
            dtype=object,
        )
    else:
        # _clean on every cell, padded with None to the header's width
        cells = [[_clean(c) for c in row[:width]] + [None] * (width - len(row)) for row in rows]
        frame = pd.DataFrame(
            cells, columns=[n or f"_{i}" for i, n in enumerate(names)], dtype=object
        )
        frame = frame[[n for n in positions]] if positions else frame
    frame.index = pd.RangeIndex(len(frame))
    return RawTable(spec, source, frame, lines, positions, problems, header_line)


def _clean(cell: str) -> str | None:
    text = uncsv_cell(cell.strip())
    return text or None


def _clean_column(cells: tuple[str, ...]) -> list[str | None]:
    """:func:`_clean` on every cell of a column; the quote that
    :func:`uncsv_cell` looks for is searched once in the whole column."""
    stripped = [c.strip() or None for c in cells]
    if "'" in "".join(cells):
        return [None if c is None else uncsv_cell(c) for c in stripped]
    return stripped
