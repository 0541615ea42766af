"""One output of a list of records in four forms: ``--format
table|json|csv|markdown`` (shared by every focused command)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

FORMATS = ("table", "json", "csv", "markdown")


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


def render(records: Iterable[dict[str, Any]], fmt: str = "table", columns: Sequence[str] | None = None) -> str:
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
    """
    records = list(records)
    if fmt == "json":
        return json.dumps([_jsonable(r) for r in records], ensure_ascii=False, indent=2)
    if columns is None:
        columns = list(records[0]) if records else []
    rows = [[_text(r.get(c)) for c in columns] for r in records]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "markdown":
        esc = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt == "table":
        if not columns:
            return ""
        cut = lambda s: s if len(s) <= 60 else s[:57] + "..."  # noqa: E731
        rows = [[cut(v) for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
        line = lambda cells: "  ".join(v.ljust(w) for v, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
        return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows])
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
