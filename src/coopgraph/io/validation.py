"""Validation of raw tables with pandera: every problem located by file, line
and column, all of them reported at once.

The rules of each table are plain data (:class:`Schema`); a table is first
checked against them by :func:`passes`, a quick pass over the distinct
values of each column, and only a table that may have a problem goes
through pandera, which locates and words every problem. Valid data (the
usual case) never imports pandera (a third of a second).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from coopgraph import geo
from coopgraph.errors import Problem
from coopgraph.i18n import current_lang, translator, validation_messages
from coopgraph.io.reader import RawTable
from coopgraph.model import (
    INSTITUTION_KINDS,
    MEETING_FORMATS,
    MEETING_SCALES,
    SUPPORT_KINDS,
    TROIKA_ROLES,
)

if TYPE_CHECKING:
    import pandera.pandas as pa

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]+)?$")


def parse_date(value: str) -> date:
    """An ISO 8601 date (a date-time keeps its date part), or a French one
    (``JJ/MM/AAAA``, see :func:`parse_french_date`).

    >>> parse_date("2020-05-14")
    datetime.date(2020, 5, 14)
    >>> parse_date("2020-05-14T10:00")
    datetime.date(2020, 5, 14)
    >>> parse_date("24/11/2020")
    datetime.date(2020, 11, 24)
    """
    if _FRENCH_DATE.match(value):
        return parse_french_date(value)
    if not _ISO_DATE.match(value):
        raise ValueError(value)
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date()


# Day first, four-digit year (French Excel writes 24/11/2020, or 24/11/2020 14:30
# for a date-time); 24.11.2020 and 24-11-2020 are read the same. A two-digit
# year is refused: 24/11/20 could be 1920 or 2020.
_FRENCH_DATE = re.compile(
    r"^(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2})?)?$"
)


def parse_french_date(value: str) -> date:
    """A day-first date as French spreadsheets write it: ``JJ/MM/AAAA``.

    >>> parse_french_date("24/11/2020"), parse_french_date("1.2.2021 09:30")
    (datetime.date(2020, 11, 24), datetime.date(2021, 2, 1))
    >>> parse_french_date("31/02/2021")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    match = _FRENCH_DATE.match(value.strip())
    if not match:
        raise ValueError(value)
    return date(int(match["y"]), int(match["m"]), int(match["d"]))


def split_list(value: str | None) -> tuple[str, ...]:
    """Items of a ``;``-separated cell, stripped, empties dropped.

    >>> split_list(" crpv-a ; crpv-b;")
    ('crpv-a', 'crpv-b')
    """
    if value is None:
        return ()
    return tuple(item.strip() for item in str(value).split(";") if item.strip())


def _is(fn: Callable[[str], object]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return True  # emptiness is checked by nullable=False
        try:
            fn(str(value))
        except (ValueError, KeyError, TypeError):
            return False
        return True

    return check


def _float_in(low: float, high: float) -> Callable[[str], None]:
    def check(value: str) -> None:
        number = float(value.replace(",", "."))  # French decimal comma
        if not low <= number <= high:
            raise ValueError(value)

    return check


def _year(value: str) -> None:
    if not re.fullmatch(r"(19|20)\d\d", value):
        raise ValueError(value)


def _each(fn: Callable[[str], object] | None) -> Callable[[str], None] | None:
    if fn is None:
        return None

    def check(value: str) -> None:
        for item in split_list(value):
            fn(item)

    return check


def _member(allowed: Iterable[str] | None) -> Callable[[str], None] | None:
    """Membership check; ``None`` when the table of ids is missing, so one
    missing file is reported once, not as thousands of unknown references."""
    if allowed is None:
        return None
    allowed = frozenset(allowed)

    def check(value: str) -> None:
        if value not in allowed:
            raise KeyError(value)

    check.allowed = allowed  # type: ignore[attr-defined]  # read by _check
    return check


def parse_float(value: str | None) -> float | None:
    return None if value is None else float(value.replace(",", "."))


def _messages() -> dict[str, str]:
    """Messages per check name in the run's language; ``{value}`` is the
    offending cell (``validation.*`` keys of the catalogues)."""
    return _validation_messages(current_lang())


_validation_messages = functools.cache(validation_messages)


@dataclass(frozen=True)
class Check:
    """An element-wise check of a column: ``fn`` raises on a bad cell
    (``ValueError``, ``KeyError`` or ``TypeError``); ``name`` keys its
    message (:data:`_MESSAGES`)."""

    name: str
    fn: Callable[[str], object]


@dataclass(frozen=True)
class Column:
    """The rules of one column: its checks, whether a cell is required and
    whether values must be unique."""

    checks: tuple[Check, ...] = ()
    required: bool = False
    unique: bool = False


@dataclass(frozen=True)
class Schema:
    """The rules of one table: its columns, and the columns whose
    combination must be unique."""

    columns: dict[str, Column]
    unique: list[str] | None = None


def _check(name: str, fn: Callable[[str], object] | None) -> Check | None:
    """An element-wise check; ``None`` (no check) when ``fn`` is ``None``."""
    return None if fn is None else Check(name, fn)


def _column(*checks: Check | None, required: bool = False, unique: bool = False) -> Column:
    return Column(tuple(c for c in checks if c is not None), required, unique)


def _pandera_check(check: Check) -> pa.Check:
    """The pandera check of ``check``. A membership check (:func:`_member`)
    runs vectorised (``Series.isin``): the same failures, without a Python
    call per cell of 200,000 rows."""
    import pandera.pandas as pa

    allowed = getattr(check.fn, "allowed", None)
    if allowed is not None:
        values = list(allowed)
        return pa.Check(lambda cells: cells.isin(values), name=check.name)
    return pa.Check(_is(check.fn), element_wise=True, name=check.name)


def _pandera_schema(schema: Schema) -> pa.DataFrameSchema:
    """The pandera schema of ``schema``."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            name: pa.Column(
                object,
                [_pandera_check(c) for c in column.checks],
                nullable=not column.required,
                unique=column.unique,
                report_duplicates="exclude_first",
                required=False,  # missing columns are reported before pandera runs
            )
            for name, column in schema.columns.items()
        },
        unique=schema.unique,
        report_duplicates="exclude_first",
    )


def passes(frame: pd.DataFrame, schema: Schema) -> bool:
    """Whether ``frame`` (the columns of ``schema`` it has) certainly meets
    ``schema``: every cell a string or empty (``None``), no empty required
    cell, no repeated unique value, every distinct value passing every check.
    ``False`` when in doubt: pandera then looks at the table and reports what
    it finds (:func:`table_problems`).

    >>> schema = Schema({"id": _column(_check("year", _year), required=True, unique=True)})
    >>> passes(pd.DataFrame({"id": ["2020", "2021"]}, dtype=object), schema)
    True
    >>> [passes(pd.DataFrame({"id": cells}, dtype=object), schema)
    ...  for cells in (["2020", "2020"], ["2020", None], ["2020", "1820"], ["2020", 2021])]
    [False, False, False, False]
    """
    try:
        for name, column in schema.columns.items():
            if name not in frame:
                continue
            series = frame[name]
            if series.dtype != object:
                return False
            cells = series.tolist()
            if not set(map(type, cells)) <= {str, type(None)}:
                return False
            distinct = set(cells)
            empty = None in distinct
            if empty and (column.required or column.unique):
                return False
            if column.unique and len(distinct) != len(cells):
                return False
            distinct.discard(None)
            for check in column.checks:
                allowed = getattr(check.fn, "allowed", None)
                if allowed is not None:
                    if not distinct <= allowed:
                        return False
                elif not all(map(_is(check.fn), distinct)):
                    return False
        unique = [c for c in (schema.unique or []) if c in frame]
        if unique:
            columns = [frame[c].tolist() for c in unique]
            if any(None in cells for cells in columns):
                return False
            if frame.duplicated(subset=unique).any():
                return False
    except Exception:  # a check that fails in an unforeseen way: pandera words it
        return False
    return True


def _ids(
    table: RawTable | None, column: str, where: Callable[[pd.DataFrame], pd.Series] | None = None
) -> set[str] | None:
    if table is None or column not in table.frame:
        return None
    frame = table.frame if where is None else table.frame[where(table.frame)]
    return set(frame[column].dropna())


def build_schemas(tables: dict[str, RawTable]) -> dict[str, Schema]:
    """One schema per table; reference checks use the ids of the other tables."""
    cites = _ids(tables.get("cites"), "cite_id")
    institutions = _ids(tables.get("institutions"), "institution_id")
    crpvs = _ids(
        tables.get("institutions"),
        "institution_id",
        lambda f: f["kind"] == "crpv" if "kind" in f else pd.Series(False, index=f.index),
    )
    actors = _ids(tables.get("actors"), "actor_id")
    meetings = _ids(tables.get("meetings"), "meeting_id")
    region = _check("region", _each(geo.resolve_region))
    departement = _check("departement", _each(geo.resolve_departement))
    lat = _check("latitude", _float_in(-90, 90))
    lon = _check("longitude", _float_in(-180, 180))
    return {
        "cites": Schema(
            {
                "cite_id": _column(required=True, unique=True),
                "name": _column(required=True),
                "region": _column(_check("region", geo.resolve_region), required=True),
                "departement": _column(_check("departement", geo.resolve_departement)),
                "wave": _column(_check("year", _year)),
                "lat": _column(lat),
                "lon": _column(lon),
            }
        ),
        "institutions": Schema(
            {
                "institution_id": _column(required=True, unique=True),
                "name": _column(required=True),
                "kind": _column(
                    _check("institution_kind", _member(INSTITUTION_KINDS)), required=True
                ),
                "region": _column(region),
                "departement": _column(departement),
                "lat": _column(lat),
                "lon": _column(lon),
            }
        ),
        "actors": Schema(
            {
                "actor_id": _column(required=True, unique=True),
                "name": _column(required=True),
                "institution_id": _column(
                    _check("known_institution", _member(institutions)), required=True
                ),
                "cite_id": _column(_check("known_cite", _member(cites))),
            }
        ),
        "meetings": Schema(
            {
                "meeting_id": _column(required=True, unique=True),
                "date": _column(_check("iso_date", parse_date), required=True),
                "title": _column(required=True),
                "format": _column(_check("meeting_format", _member(MEETING_FORMATS))),
                "scale": _column(_check("meeting_scale", _member(MEETING_SCALES))),
                "organiser_ids": _column(
                    _check("known_institutions", _each(_member(institutions)))
                ),
            }
        ),
        "attendance": Schema(
            {
                "meeting_id": _column(_check("known_meeting", _member(meetings)), required=True),
                "actor_id": _column(_check("known_actor", _member(actors)), required=True),
            },
            unique=["meeting_id", "actor_id"],
        ),
        "governance": Schema(
            {
                "cite_id": _column(_check("known_cite", _member(cites)), required=True),
                "institution_id": _column(
                    _check("known_institution", _member(institutions)), required=True
                ),
                "role": _column(_check("troika_role", _member(TROIKA_ROLES)), required=True),
            }
        ),
        "support": Schema(
            {
                "crpv_id": _column(_check("known_crpv", _member(crpvs)), required=True),
                "cite_id": _column(_check("known_cite", _member(cites)), required=True),
                "since": _column(_check("iso_date", parse_date)),
                "kind": _column(_check("support_kind", _member(SUPPORT_KINDS))),
            }
        ),
    }


def table_problems(table: RawTable, schema: Schema) -> list[Problem]:
    """Every problem of one table: missing required columns, then cell checks."""
    problems = [
        Problem(
            table.source,
            table.header_line,
            None,
            column,
            translator(current_lang())("data.missing_column", column=column),
        )
        for column in table.spec.required
        if column not in table.positions
    ]
    present = Schema(
        {name: col for name, col in schema.columns.items() if name in table.frame},
        [c for c in (schema.unique or []) if c in table.frame] or None,
    )
    if passes(table.frame, present):
        return problems
    import pandera.pandas as pa

    try:
        _pandera_schema(present).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems.extend(dict.fromkeys(_located(table, exc.failure_cases)))
    return problems


def _located(table: RawTable, cases: pd.DataFrame) -> Iterable[Problem]:
    messages = _messages()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        template = messages.get(check, check)
        value = "" if case.failure_case is None else str(case.failure_case)
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        if check == "multiple_fields_uniqueness":
            column = None
        if column == table.spec.name or column not in table.positions:
            column = None
        yield table.locate(row, column, template.format(value=value))


# ---------------------------------------------------------------- warnings
# What does not make the data invalid but changes what the analyses say, so
# it must be said (``coopgraph validate``) and can be refused (``--strict``).


def table_warnings(table: RawTable) -> list[Problem]:
    """Warnings of one table: today, the cités whose labelling year (``wave``)
    is empty (the rule is :mod:`coopgraph.labelling`)."""
    if table.spec.name != "cites":
        return []
    if "wave" not in table.positions:
        return [
            Problem(
                table.source,
                1,
                None,
                "wave",
                translator(current_lang())("data.no_wave_column", n=len(table.frame)),
            )
        ]
    unknown_wave = translator(current_lang())("data.unknown_wave")
    return [
        table.locate(int(row), "wave", unknown_wave)
        for row in table.frame.index[table.frame["wave"].isna()]
    ]
