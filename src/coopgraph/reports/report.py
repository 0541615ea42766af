"""The network report: the main job of coopgraph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from coopgraph import __version__, geo
from coopgraph.analysis import Analysis
from coopgraph.analysis.core import SPARSE_BELOW
from coopgraph.io.output import write_atomically
from coopgraph.labels import Labeller, region_label, scales_text
from coopgraph.reports import network_sections
from coopgraph.reports.document import Document, Section, Table, to_html, to_markdown


@dataclass(frozen=True)
class ReportOptions:
    """How the report speaks (what it covers is the
    :class:`~coopgraph.analysis.Analysis`' options): language, privacy,
    the name of the data source for its header, and whether the isolated
    cités' section lists the partners to introduce to each
    (``suggestions``, :func:`~coopgraph.reports.network_sections.suggestion_blocks`)."""

    lang: str = "fr"
    source: str = ""
    pseudonymise: bool = False
    suggestions: bool = False

    def labeller(self, an: Analysis) -> Labeller:
        return Labeller(an.ds, self.lang, self.pseudonymise)


SectionBuilder = Callable[[Analysis, Labeller], Section | None]


def counts_section(an: Analysis, labels: Labeller) -> Section:
    t = labels.t
    rows = [[t(f"entity.{k}"), v] for k, v in an.ds.counts().items()]
    return Section(
        t("counts.title"),
        [coverage_text(an, t), Table([t("counts.entity"), t("counts.number")], rows)],
    )


def coverage_text(an: Analysis, t) -> str:
    """The share of cités with data, said before any conclusion."""
    covered, total = an.coverage
    share = round(100 * covered / total) if total else 0
    return t(
        "coverage.summary",
        covered=covered,
        total=total,
        share=share,
        observed=len(an.cites_with_status("observed")),
        sparse=len(an.cites_with_status("sparse")),
        no_data=len(an.cites_with_status("no_data")),
        threshold=SPARSE_BELOW,
    )


def regions_section(an: Analysis, labels: Labeller) -> Section:
    t, ds = labels.t, an.ds
    region_of = {c.id: c.region for c in ds.cites}
    cites = Counter(c.region for c in ds.cites if an.territory.covers_cite(c.id))
    actors = Counter(region_of[a.cite_id] for a in ds.actors if a.cite_id)
    actor_region = {a.id: region_of[a.cite_id] for a in ds.actors if a.cite_id}
    in_period = {m.id for m in ds.meetings if m.date in an.period}
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
    alone = [ds.cite_by_id[i].name for i in an.cites_without_crpv]
    note = t("regions.no_crpv", n=len(alone), names=", ".join(sorted(alone)) or t("none"))
    return Section(t("regions.title"), [Table(columns, rows), note])


def report_subtitle(an: Analysis, opts: ReportOptions) -> str:
    """The header line of the report and of its map: source, period, version."""
    t = opts.labeller(an).t
    period = an.period
    return (
        t(
            "report.source",
            source=opts.source or "-",
            period=period.label() if period.since or period.until else t("period.all"),
            version=__version__,
        )
        + " "
        + scales_text(an.scales, opts.lang)
    )


def key_figures(an: Analysis) -> dict[str, float | int | None]:
    """The report's key figures for one analysis (of the territory)."""
    G = an.cites
    shown = set(an.reported)
    crossing = [b for b in an.interregional_bridges if b.source in shown or b.target in shown]
    ties = sum(1 for u, v in G.edges if u in shown or v in shown)
    types = [c.type for c in an.isolated if c.cite_id in shown]
    return {
        "tied": sum(1 for n in shown if n in G and G.degree(n)),
        "ties": ties,
        "interregional": len(crossing),
        "isolated": types.count("isolated"),
        "fragile": len(types) - types.count("isolated"),
    }


def scales_section(an: Analysis, labels: Labeller) -> Section | None:
    """The key figures with and without the national meetings (when they
    are counted): national events can hide the isolation of a cité."""
    t = labels.t
    other = an.without_national
    if other is an:
        return Section(t("scales.title"), [scales_text(an.scales, labels.lang)])
    both, without = key_figures(an), key_figures(other)
    rows = [[t(f"scales.fig.{k}"), both[k], without[k]] for k in both]
    only = sum(1 for c in an.isolated if c.type == "national_only" and c.cite_id in an.reported)
    return Section(
        t("scales.title"),
        [
            scales_text(an.scales, labels.lang),
            Table([t("scales.figure"), t("scales.with"), t("scales.without")], rows),
            t("scales.national_only", n=only),
        ],
    )


# The report's sections, in order.
SECTIONS: list[SectionBuilder] = [
    counts_section,
    scales_section,
    regions_section,
    network_sections.density_section,
    network_sections.isolated_section,
    network_sections.waves_section,
    network_sections.bridges_section,
    network_sections.brokers_section,
    network_sections.communities_section,
]


def build_report(an: Analysis, opts: ReportOptions = ReportOptions()) -> Document:  # noqa: B008
    """The whole report of an analysis as a document, ready to render."""
    labels = opts.labeller(an)
    doc = Document(labels.t("report.title"), opts.lang, report_subtitle(an, opts))
    for builder in SECTIONS:
        if builder is network_sections.isolated_section and opts.suggestions:
            builder = partial(network_sections.isolated_section, suggestions=True)
        section = builder(an, labels)
        if section is not None:
            doc.sections.append(section)
    return doc


def write_report(doc: Document, out_dir: Path, stem: str = "report") -> list[Path]:
    """Write the report as Markdown and HTML into ``out_dir``; returns the paths."""
    rendered = {out_dir / f"{stem}.md": to_markdown(doc), out_dir / f"{stem}.html": to_html(doc)}
    for path, text in rendered.items():
        write_atomically(path, text)
    return list(rendered)
