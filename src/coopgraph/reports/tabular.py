"""The one output path for tables: aligned text for terminals, CSV, Markdown
and JSON, used by the focused commands (:func:`render`), ``coopgraph query``,
the planning commands and the report's Markdown form.

Every cell passes through one function per form before it is written:
:func:`csv_cell` for CSV and :func:`terminal_cell` for aligned text, the
places where a CSV formula is neutralised and a terminal escape stripped.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from coopgraph.i18n import translator
from coopgraph.io.output import csv_cell as spreadsheet_safe
from coopgraph.io.output import md_text, terminal_text

FORMATS = ("table", "json", "csv", "markdown")
#: Forms read by people: headers and coded values in the chosen language.
#: JSON and CSV keep the raw keys and codes (machine formats).
HUMAN_FORMATS = ("table", "markdown")


_LEG_LISTS = ("troika_legs", "troika_missing", "troika_pairs_met")


def as_record(item: Any) -> dict[str, Any]:
    """A plain dict of a dataclass (properties listed in ``__record_extra__``
    included) or a mapping."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    return dict(item)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:
        return None
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _label(t, key: str, fallback: str) -> str:
    text = t(key)
    return fallback if text == key else text


def localised(
    records: Iterable[dict[str, Any]], columns: Sequence[str], lang: str
) -> tuple[list[str], list[dict[str, Any]]]:
    """Headers and records for people reading ``lang``: column names become
    labels, coded values their labels (isolation ``type``, institution
    ``kind``, density ``level``, troïka legs), booleans yes/no, and an empty
    ``last_contact`` "never". Unknown keys and codes stay as they are.

    >>> localised([{"type": "regional_only", "last_contact": None, "troika_complete": False}],
    ...           ["type", "last_contact", "troika_complete"], "fr")
    (['Type', 'Dernier contact inter-cités', 'Troïka complète'], [{'Type': 'régionale', 'Dernier contact inter-cités': 'jamais', 'Troïka complète': 'non'}])
    """
    t = translator(lang)
    headers = [_label(t, f"field.{c}", c) for c in columns]
    out = []
    for r in records:
        row = {}
        for c, h in zip(columns, headers, strict=True):
            v = r.get(c)
            if isinstance(v, bool):
                v = t("yes") if v else t("no")
            elif c == "last_contact" and v is None:
                v = t("never")
            elif c == "type" and isinstance(v, str):
                v = _label(t, f"type.{v}", v)
            elif c == "kind" and isinstance(v, str):
                v = _label(t, f"kind.{v}", v)
            elif c == "data_status" and isinstance(v, str):
                v = _label(t, f"status.{v}", v)
            elif c == "wave" and v is None:
                v = t("waves.unknown")
            elif c == "level" and isinstance(v, str):
                v = _label(t, f"value.level.{v}", v)
            elif c in _LEG_LISTS and isinstance(v, (list, tuple)):
                v = [
                    " + ".join(_label(t, f"leg.{x}", x) for x in str(code).split("+")) for code in v
                ]
            row[h] = v
        out.append(row)
    return headers, out


# ---------------------------------------------------------------- cells


def csv_cell(text: str, *, raw: bool | None = None) -> str:
    """A cell of a CSV file, as written (the one place CSV cells pass): a
    cell a spreadsheet would run as a formula is neutralised unless ``raw``
    (:func:`coopgraph.io.output.csv_cell`)."""
    return spreadsheet_safe(text, raw=raw)


def terminal_cell(text: str) -> str:
    """A cell of an aligned table for a terminal, as written (the one place
    terminal cells pass): escape sequences are shown, not run."""
    return terminal_text(text)


def markdown_cell(text: str) -> str:
    """A cell of a Markdown table: ``|`` escaped, line breaks as spaces.

    >>> markdown_cell("a|b\\nc")
    'a\\\\|b c'
    """
    return md_text(text).replace("|", "\\|").replace("\n", " ")


# ---------------------------------------------------------------- tables


def aligned_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, header: bool = True
) -> str:
    """Columns padded to their widest cell, a dashed rule under the header
    (no trailing newline; ``header=False`` leaves both out).

    >>> print(aligned_table(["id", "n"], [["a", "1"], ["bb", ""]]))
    id  n
    --  -
    a   1
    bb
    """
    head = [terminal_cell(c) for c in columns]
    cells = [[terminal_cell(v) for v in row] for row in rows]
    grid = ([head] if header else []) + cells
    if not grid or not head:
        return ""
    widths = [max(len(r[i]) for r in grid) for i in range(len(head))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [line(r) for r in grid]
    if header:
        lines.insert(1, line(["-" * w for w in widths]))
    return "\n".join(lines)


def decimal_comma(text: str) -> str:
    """A decimal number with a comma, for French readers and spreadsheets;
    other text as is.

    >>> decimal_comma("0.25"), decimal_comma("v1.2"), decimal_comma("12")
    ('0,25', 'v1.2', '12')
    """
    head, dot, tail = text.partition(".")
    if dot and head.lstrip("-").isdigit() and tail.isdigit():
        return f"{head},{tail}"
    return text


def csv_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    delimiter: str = ",",
    *,
    raw: bool | None = None,
) -> str:
    """A CSV text (``\\n`` line ends) with a header row.

    >>> csv_table(["a", "b"], [["1", "x,y"]])
    'a,b\\n1,"x,y"\\n'
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", delimiter=delimiter)
    writer.writerow([csv_cell(c, raw=raw) for c in columns])
    writer.writerows([csv_cell(v, raw=raw) for v in row] for row in rows)
    return buf.getvalue()


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (no trailing newline).

    >>> print(markdown_table(["a", "b"], [["1", "x|y"]]))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    lines = ["| " + " | ".join(markdown_cell(c) for c in columns) + " |"]
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def json_text(value: Any) -> str:
    """JSON for people and scripts alike: UTF-8 kept, indented, dates as ISO
    text (no trailing newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_jsonable_default)


def _jsonable_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render(
    records: Iterable[dict[str, Any]],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    lang: str | None = None,
    csv_plain: bool = False,
) -> str:
    """Render ``records`` (dicts) as ``fmt``. JSON is a list of records
    (dates as ISO strings); the other forms show ``columns`` (default: the
    keys of the first record).

    >>> rows = [{"cite_id": "c1", "weight": 2, "meetings": ["m1", "m2"]}]
    >>> print(render(rows, "csv"))
    cite_id,weight,meetings
    c1,2,m1;m2
    <BLANKLINE>
    >>> print(render(rows, "markdown"))
    | cite_id | weight | meetings |
    |---|---|---|
    | c1 | 2 | m1;m2 |

    With ``lang``, the table and Markdown forms speak it (:func:`localised`),
    and so does CSV in French, written for French spreadsheets (a BOM, ``;``
    between cells, decimal commas) unless ``csv_plain`` (raw keys and codes,
    UTF-8, ``,``); JSON keeps raw keys and codes:

    >>> render([{"cite_id": "c1", "density": 0.5}], "csv", lang="fr")
    '\\ufeffIdentifiant;Densité\\nc1;0,5\\n'
    >>> render([{"cite_id": "c1", "density": 0.5}], "csv", lang="fr", csv_plain=True)
    'cite_id,density\\nc1,0.5\\n'


    >>> print(render(rows, "markdown", lang="fr"))
    | Identifiant | Rencontres partagées | Rencontres |
    |---|---|---|
    | c1 | 2 | m1;m2 |

    French tables and Markdown write decimal numbers with a comma too:

    >>> print(render([{"cite_id": "c1", "density": 0.5}], "table", lang="fr"))
    Identifiant  Densité
    -----------  -------
    c1           0,5
    """
    records = list(records)
    if fmt == "json":
        return json_text([_jsonable(r) for r in records])
    if columns is None:
        columns = list(records[0]) if records else []
    french_csv = fmt == "csv" and lang == "fr" and not csv_plain
    if lang is not None and (fmt in HUMAN_FORMATS or french_csv):
        columns, records = localised(records, columns, lang)
    rows = [[_text(r.get(c)) for c in columns] for r in records]
    if lang == "fr" and fmt in HUMAN_FORMATS:
        rows = [[decimal_comma(v) for v in row] for row in rows]
    if french_csv:
        # what French spreadsheets open as they are: a BOM, ';' between cells
        return "\ufeff" + csv_table(columns, [[decimal_comma(v) for v in row] for row in rows], ";")
    if fmt == "csv":
        return csv_table(columns, rows)
    if fmt == "markdown":
        return markdown_table(columns, rows)
    if fmt == "table":
        cut = lambda s: s if len(s) <= 60 else s[:57] + "..."  # noqa: E731
        return aligned_table(columns, [[cut(v) for v in row] for row in rows])
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
