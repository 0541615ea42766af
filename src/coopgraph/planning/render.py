"""Table, Markdown and JSON forms of plans, simulations and period comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopgraph.i18n import translator
from coopgraph.labels import region_label
from coopgraph.model import Dataset
from coopgraph.reports.document import Document, Section, Table, _cell, to_markdown
from coopgraph.reports.tabular import aligned_table, json_text

FORMATS = ("table", "json", "markdown")


def _name(ds: Dataset | None, cite_id: str) -> str:
    c = ds.cite_by_id.get(cite_id) if ds is not None else None
    return f"{c.name} ({cite_id})" if c else cite_id


def _crpv(ds: Dataset | None, crpv_id: str) -> str:
    p = ds.institution_by_id.get(crpv_id) if ds is not None else None
    return p.name if p else crpv_id


def _status(t, status: str) -> str:
    """The solver's status in words (``OPTIMAL`` → "optimal"), the code
    itself when the catalogue has no words for it."""
    key = f"plan.status.{status.lower()}"
    text = t(key)
    return status if text == key else text


def plan_document(plan, ds: Dataset | None = None, lang: str = "fr") -> Document:
    """The plan as a document: one section per club, then the cités left out."""
    t = translator(lang)
    doc = Document(t("plan.title"), lang)
    doc.subtitle = t(
        "plan.summary",
        placed=plan.placed,
        clubs=len(plan.clubs),
        unplaced=len(plan.unplaced),
        status=_status(t, plan.status),
        seconds=plan.solve_seconds,
    )
    for club in plan.clubs:
        themes = ", ".join(f"{th} ({n})" for th, n in club.shared_themes) or t("none")
        rows: list[Sequence[Any]] = [
            [t("plan.regions"), ", ".join(region_label(g) for g in club.regions)],
            [t("plan.anchors"), ", ".join(_crpv(ds, p) for p in club.anchor_crpv)],
            [t("plan.themes"), themes],
            [t("plan.cites"), ", ".join(_name(ds, c) for c in club.cites)],
        ]
        if club.fillers:
            rows.append([t("plan.fillers"), ", ".join(_name(ds, c) for c in club.fillers)])
        blocks: list = [Table(["", ""], rows), t("plan.spread", max=club.max_km, mean=club.mean_km)]
        if club.effect:
            blocks.append(
                t(
                    "plan.effect",
                    freed=club.effect["no_longer_isolated"],
                    ties=club.effect["new_ties"],
                    inter=club.effect["new_interregional_ties"],
                )
            )
        # "interregional" only when the club spans two régions or more
        key = "plan.club" if len(set(club.regions)) >= 2 else "plan.club.one_region"
        doc.sections.append(Section(t(key, club_id=club.club_id), blocks))
    if plan.unplaced:
        doc.sections.append(
            Section(
                t("plan.unplaced"),
                [
                    Table(
                        [t("col.cite_id"), t("col.name"), t("col.reason")],
                        [[u.cite_id, _name(ds, u.cite_id), u.reason(lang)] for u in plan.unplaced],
                    )
                ],
            )
        )
    if plan.no_data:  # no data is not isolation: listed apart, not placed
        names = ", ".join(_name(ds, c) for c in plan.no_data)
        doc.sections.append(
            Section(t("plan.no_data"), [t("status.no_data.list", n=len(plan.no_data), names=names)])
        )
    return doc


_INDICATORS = (
    "cites",
    "ties",
    "isolated",
    "components",
    "largest_component",
    "interregional_ties",
    "mean_distance",
    "efficiency",
)


def simulation_document(sim, lang: str = "fr") -> Document:
    """Before/after table of :func:`~coopgraph.planning.simulate.simulate_clubs`."""
    t = translator(lang)
    doc = Document(t("sim.title"), lang)
    doc.subtitle = t(
        "sim.summary", clubs=len(sim.clubs), ties=sim.added_ties, inter=sim.added_interregional_ties
    )
    rows: list[Sequence[Any]] = [
        [t(f"ind.{k}"), getattr(sim.before, k), getattr(sim.after, k)] for k in _INDICATORS
    ]
    if sim.before.without_data:  # no data is not isolation: counted apart
        rows.insert(
            _INDICATORS.index("isolated") + 1,
            [t("cmp.without_data"), sim.before.without_data, sim.after.without_data],
        )
    doc.sections.append(
        Section(
            t("sim.title"), [Table([t("col.indicator"), t("col.before"), t("col.after")], rows)]
        )
    )
    return doc


def comparison_document(cmp, ds: Dataset | None = None, lang: str = "fr") -> Document:
    """Periods side by side, then what changed from each period to the next."""
    t = translator(lang)
    doc = Document(t("cmp.title"), lang)
    labels = [f"{p.since or '…'} – {p.until or '…'}" for p in cmp.periods]
    head = [t("col.indicator"), *labels]
    rows: list[Sequence[Any]] = [
        [t("ind.cites"), *[p.cites for p in cmp.periods]],
        [t("cmp.active"), *[p.active for p in cmp.periods]],
        [t("ind.ties"), *[p.ties for p in cmp.periods]],
        [t("ind.isolated"), *[p.isolated for p in cmp.periods]],
        [t("ind.interregional_ties"), *[p.interregional_ties for p in cmp.periods]],
    ]
    if any(p.without_data for p in cmp.periods):  # no data is not isolation
        rows.insert(4, [t("cmp.without_data"), *[p.without_data for p in cmp.periods]])
    regions = sorted({g for p in cmp.periods for g in p.density_by_region})
    for g in regions:
        if all(p.density_by_region.get(g) is None for p in cmp.periods):
            continue  # fewer than two cités in that région
        rows.append(
            [
                f"{t('cmp.density')} {region_label(g)}",
                *[p.density_by_region.get(g) for p in cmp.periods],
            ]
        )
    doc.sections.append(Section(t("cmp.period"), [Table(head, rows)]))
    for ch in cmp.changes:

        def names(ids):
            return ", ".join(_name(ds, c) for c in ids) or t("none")

        doc.sections.append(
            Section(
                t("cmp.change", a=labels[ch.earlier], b=labels[ch.later]),
                [
                    t(
                        "cmp.new_ties",
                        n=ch.new_ties,
                        e=ch.new_ties_with_entered,
                        p=ch.new_ties_among_present,
                        lost=ch.lost_ties,
                    ),
                    Table(
                        ["", ""],
                        [
                            [t("cmp.newly_labelled"), names(ch.newly_labelled)],
                            [t("cmp.entered"), names(ch.entered)],
                            [t("cmp.no_longer_isolated"), names(ch.no_longer_isolated)],
                            [t("cmp.became_isolated"), names(ch.became_isolated)],
                        ],
                    ),
                ],
            )
        )
    return doc


def to_text(doc: Document) -> str:
    """A plain-text form for terminals: titles, paragraphs and aligned tables."""
    out = [doc.title, "=" * len(doc.title)]
    if doc.subtitle:
        out.append(doc.subtitle)
    for section in doc.sections:
        out += ["", section.title, "-" * len(section.title)]
        for block in section.blocks:
            if isinstance(block, Table):
                header = [str(c) for c in block.columns]
                cells = [[_cell(v, doc.lang) for v in row] for row in block.rows]
                text = aligned_table(header, cells, header=any(header))
                if text:
                    out += text.split("\n")
            elif isinstance(block, str):
                out.append(block)
    return "\n".join(out) + "\n"


def render(doc: Document, data: dict[str, Any], fmt: str) -> str:
    """``doc`` as ``table`` or ``markdown``, or ``data`` as JSON."""
    if fmt == "json":
        return json_text(data) + "\n"
    if fmt == "markdown":
        return to_markdown(doc)
    return to_text(doc)
