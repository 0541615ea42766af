"""The network report: the main job of coopgraph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coopgraph import __version__, geo
from coopgraph.graph.projections import Period
from coopgraph.io.output import write_atomically
from coopgraph.model import Dataset
from coopgraph.reports import network_sections
from coopgraph.reports.document import Document, Section, Table, to_html, to_markdown
from coopgraph.reports.i18n import region_label, translator


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers and how it speaks."""

    period: Period = Period()
    lang: str = "fr"
    source: str = ""
    scales: tuple[str, ...] | None = None
    min_shared: int = 1
    pseudonymise: bool = False


SectionBuilder = Callable[[Dataset, ReportOptions], Section | None]


def counts_section(ds: Dataset, opts: ReportOptions) -> Section:
    t = translator(opts.lang)
    rows = [[t(f"entity.{k}"), v] for k, v in ds.counts().items()]
    return Section(t("counts.title"), [Table([t("counts.entity"), t("counts.number")], rows)])


def regions_section(ds: Dataset, opts: ReportOptions) -> Section:
    t = translator(opts.lang)
    region_of = {c.id: c.region for c in ds.cites}
    cites = Counter(c.region for c in ds.cites)
    actors = Counter(region_of[a.cite_id] for a in ds.actors if a.cite_id)
    actor_region = {a.id: region_of[a.cite_id] for a in ds.actors if a.cite_id}
    in_period = {m.id for m in ds.meetings if m.date in opts.period}
    meeting_regions = {
        (x.meeting_id, actor_region[x.actor_id])
        for x in ds.attendance
        if x.actor_id in actor_region and x.meeting_id in in_period
    }
    meetings = Counter(region for _, region in meeting_regions)
    crpv = Counter(r for i in ds.crpvs for r in i.regions)
    rows = [
        [region_label(r), cites[r], actors[r], meetings[r], crpv[r]]
        for r in sorted(cites, key=lambda r: geo.normalise_name(region_label(r)))
    ]
    columns = [t("col.region"), t("col.cites"), t("col.actors"), t("col.meetings"), t("col.crpv")]
    return Section(t("regions.title"), [Table(columns, rows)])


# The report's sections, in order.
SECTIONS: list[SectionBuilder] = [
    counts_section,
    regions_section,
    network_sections.density_section,
    network_sections.isolated_section,
    network_sections.bridges_section,
    network_sections.brokers_section,
    network_sections.communities_section,
]


def build_report(ds: Dataset, opts: ReportOptions = ReportOptions()) -> Document:
    """The whole report as a document, ready to render."""
    t = translator(opts.lang)
    doc = Document(
        t("report.title"),
        opts.lang,
        t(
            "report.source",
            source=opts.source or "-",
            period=opts.period.label()
            if opts.period.since or opts.period.until
            else t("period.all"),
            version=__version__,
        ),
    )
    for builder in SECTIONS:
        section = builder(ds, opts)
        if section is not None:
            doc.sections.append(section)
    return doc


def write_report(doc: Document, out_dir: Path, stem: str = "report") -> list[Path]:
    """Write the report as Markdown and HTML into ``out_dir``; returns the paths."""
    rendered = {out_dir / f"{stem}.md": to_markdown(doc), out_dir / f"{stem}.html": to_html(doc)}
    for path, text in rendered.items():
        write_atomically(path, text)
    return list(rendered)
