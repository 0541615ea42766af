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

from coopgraph.io.output import csv_row, md_text, terminal_text
from coopgraph.reports import network_sections  # noqa: F401 (registers the type.* and leg.* labels)
from coopgraph.reports.i18n import register_messages, translator

FORMATS = ("table", "json", "csv", "markdown")
#: Forms read by people: headers and coded values in the chosen language.
#: JSON and CSV keep the raw keys and codes (machine formats).
HUMAN_FORMATS = ("table", "markdown")

register_messages(
    {
        "fr": {
            "field.level": "Niveau",
            "field.key": "Code",
            "field.name": "Nom",
            "field.cites": "Cités",
            "field.ties": "Liens",
            "field.density": "Densité",
            "field.ties_out": "Liens sortants",
            "field.cite_id": "Identifiant",
            "field.region": "Région",
            "field.degree": "Liens",
            "field.ego_density": "Densité de l'ego-réseau",
            "field.troika_legs": "Piliers présents",
            "field.troika_missing": "Piliers manquants",
            "field.troika_pairs_met": "Piliers qui se rencontrent",
            "field.troika_all_met": "Troïka réunie",
            "field.troika_complete": "Troïka complète",
            "field.troika_score": "Score troïka",
            "field.rank": "Rang",
            "field.region_name": "Région",
            "field.type": "Type",
            "field.explanation": "Explication",
            "field.via": "Par",
            "field.last_contact": "Dernier contact inter-cités",
            "field.source": "Cité A (id)",
            "field.target": "Cité B (id)",
            "field.source_name": "Cité A",
            "field.target_name": "Cité B",
            "field.source_region": "Région A",
            "field.target_region": "Région B",
            "field.weight": "Rencontres partagées",
            "field.meetings": "Rencontres",
            "field.first": "Première",
            "field.last": "Dernière",
            "field.region_a": "Région A",
            "field.region_b": "Région B",
            "field.name_a": "Nom A",
            "field.name_b": "Nom B",
            "field.cites_a": "Cités A",
            "field.cites_b": "Cités B",
            "field.node": "Nœud",
            "field.kind": "Type",
            "field.coordinator": "Coordinateur",
            "field.itinerant": "Itinérant",
            "field.gatekeeper": "Gardien",
            "field.representative": "Représentant",
            "field.liaison": "Agent de liaison",
            "field.interregional": "Courtage interrégional",
            "field.betweenness": "Intermédiarité",
            "field.external": "Liens externes",
            "field.internal": "Liens internes",
            "field.ei": "E–I",
            "field.ei_institutions": "E–I (institutions)",
            "field.community": "Communauté",
            "field.size": "Taille",
            "field.main_region": "Région principale",
            "field.main_region_name": "Région principale",
            "field.share": "Part",
            "field.spans": "Régions couvertes",
            "field.regions": "Régions",
            "value.level.national": "national",
            "value.level.region": "région",
            "value.level.departement": "département",
            "value.level.crpv": "CRPV",
        },
        "en": {
            "field.level": "Level",
            "field.key": "Code",
            "field.name": "Name",
            "field.cites": "Cités",
            "field.ties": "Ties",
            "field.density": "Density",
            "field.ties_out": "Outgoing ties",
            "field.cite_id": "Id",
            "field.region": "Région",
            "field.degree": "Ties",
            "field.ego_density": "Ego-network density",
            "field.troika_legs": "Legs present",
            "field.troika_missing": "Missing legs",
            "field.troika_pairs_met": "Legs that meet",
            "field.troika_all_met": "Troïka met together",
            "field.troika_complete": "Troïka complete",
            "field.troika_score": "Troïka score",
            "field.rank": "Rank",
            "field.region_name": "Région",
            "field.type": "Type",
            "field.explanation": "Explanation",
            "field.via": "Via",
            "field.last_contact": "Last inter-cité contact",
            "field.source": "Cité A (id)",
            "field.target": "Cité B (id)",
            "field.source_name": "Cité A",
            "field.target_name": "Cité B",
            "field.source_region": "Région A",
            "field.target_region": "Région B",
            "field.weight": "Shared meetings",
            "field.meetings": "Meetings",
            "field.first": "First",
            "field.last": "Last",
            "field.region_a": "Région A",
            "field.region_b": "Région B",
            "field.name_a": "Name A",
            "field.name_b": "Name B",
            "field.cites_a": "Cités A",
            "field.cites_b": "Cités B",
            "field.node": "Node",
            "field.kind": "Kind",
            "field.coordinator": "Coordinator",
            "field.itinerant": "Itinerant",
            "field.gatekeeper": "Gatekeeper",
            "field.representative": "Representative",
            "field.liaison": "Liaison",
            "field.interregional": "Interregional brokerage",
            "field.betweenness": "Betweenness",
            "field.external": "External ties",
            "field.internal": "Internal ties",
            "field.ei": "E–I",
            "field.ei_institutions": "E–I (institutions)",
            "field.community": "Community",
            "field.size": "Size",
            "field.main_region": "Main région",
            "field.main_region_name": "Main région",
            "field.share": "Share",
            "field.spans": "Régions spanned",
            "field.regions": "Régions",
            "value.level.national": "national",
            "value.level.region": "région",
            "value.level.departement": "département",
            "value.level.crpv": "CRPV",
        },
    }
)

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
            elif c == "level" and isinstance(v, str):
                v = _label(t, f"value.level.{v}", v)
            elif c in _LEG_LISTS and isinstance(v, (list, tuple)):
                v = [
                    " + ".join(_label(t, f"leg.{x}", x) for x in str(code).split("+")) for code in v
                ]
            row[h] = v
        out.append(row)
    return headers, out


def render(
    records: Iterable[dict[str, Any]],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    lang: str | None = None,
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

    With ``lang``, the table and Markdown forms speak it (:func:`localised`);
    JSON and CSV keep raw keys and codes:

    >>> print(render(rows, "markdown", lang="fr"))
    | Identifiant | Rencontres partagées | Rencontres |
    |---|---|---|
    | c1 | 2 | m1;m2 |
    """
    records = list(records)
    if fmt == "json":
        return json.dumps([_jsonable(r) for r in records], ensure_ascii=False, indent=2)
    if columns is None:
        columns = list(records[0]) if records else []
    if lang is not None and fmt in HUMAN_FORMATS:
        columns, records = localised(records, columns, lang)
    rows = [[_text(r.get(c)) for c in columns] for r in records]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(csv_row(columns))
        writer.writerows(csv_row(row) for row in rows)
        return buf.getvalue()
    rows = [[terminal_text(v) for v in row] for row in rows]  # escape sequences shown, not run
    if fmt == "markdown":
        esc = lambda s: md_text(s).replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt == "table":
        if not columns:
            return ""
        cut = lambda s: s if len(s) <= 60 else s[:57] + "..."  # noqa: E731
        rows = [[cut(v) for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]

        def line(cells: list[str]) -> str:
            return "  ".join(v.ljust(w) for v, w in zip(cells, widths, strict=True)).rstrip()

        return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows])
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
