"""Focused network metrics: ``coopgraph density | isolated | bridges |
brokers | communities``. Each prints a list of records as a table, JSON,
CSV or Markdown (``--format``)."""

from __future__ import annotations

import click

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.cli import cli
from coopgraph.commands.options import (
    Source,
    analysis_options,
    csv_plain_option,
    example,
    format_option,
    lang_option,
    pseudonymise_option,
    source_options,
)
from coopgraph.i18n import translator
from coopgraph.labels import Labeller, scales_text
from coopgraph.reports import records
from coopgraph.reports.tabular import FORMATS, render


def _print(
    rows: list[dict],
    fmt: str,
    lang: str,
    columns: list[str] | None = None,
    an: Analysis | None = None,
    csv_plain: bool = False,
) -> None:
    # table and Markdown speak --lang and say the scales counted (and the
    # territory); JSON and CSV keep raw keys and codes
    human = fmt in ("table", "markdown")
    if human and not rows:
        click.echo(translator(lang)("metrics.none"))
    else:
        text = render(rows, fmt, columns if fmt != "json" else None, lang=lang, csv_plain=csv_plain)
        click.echo(text, nl=fmt != "csv")
    if human and an is not None:
        click.echo("\n" + scales_text(an.scales, lang))
        if not an.territory.everywhere:
            click.echo(translator(lang)("map.notice.filtered", territory=an.territory.label))


def _analysis(source: Source, options: AnalysisOptions) -> Analysis:
    ds, _ = source.read()
    return Analysis(ds, options)


@cli.command(
    epilog=example(
        "coopgraph density data/sample --region Bretagne",
        "coopgraph density data/sample --cites --format csv > densite.csv",
    )
)
@source_options
@analysis_options(territory=True)
@lang_option
@format_option(FORMATS)
@csv_plain_option
@click.option("--cites", "per_cite", is_flag=True)
def density(
    source: Source, options: AnalysisOptions, lang: str, fmt: str, csv_plain: bool, per_cite: bool
) -> None:
    """Cooperation density per territory (or per cité with --cites)."""
    an = _analysis(source, options)
    rows = records.cite_density_records(an) if per_cite else records.density_records(an)
    _print(rows, fmt, lang, an=an, csv_plain=csv_plain)


@cli.command(epilog=example("coopgraph isolated data/sample --until 2020-05-13 --format markdown"))
@source_options
@analysis_options(territory=True)
@lang_option
@pseudonymise_option
@format_option(FORMATS)
@csv_plain_option
def isolated(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    fmt: str,
    csv_plain: bool,
) -> None:
    """Isolated cités, ranked, with a type, an explanation and the last contact."""
    an = _analysis(source, options)
    columns = ["rank", "cite_id", "name", "region_name", "type", "explanation", "last_contact"]
    rows = records.isolated_records(an, Labeller(an.ds, lang, pseudonymise))
    apart = records.without_data_records(an)
    if fmt in ("table", "markdown"):
        _print(rows, fmt, lang, columns, an=an, csv_plain=csv_plain)
        t = translator(lang)
        for status in ("no_data", "sparse"):
            names = [r["name"] for r in apart if r["data_status"] == status]
            click.echo(
                "\n" + t(f"status.{status}.list", n=len(names), names=", ".join(names) or "-")
            )
        return
    # JSON and CSV: one list, the cités without (enough) data after the
    # ranked ones, their type saying so (never an isolation type)
    columns = [*columns, "data_status"]
    for r in rows:
        r["data_status"] = "observed"
    for r in apart:
        r.update(rank=None, type=r["data_status"], explanation="", last_contact=None)
    _print(rows + apart, fmt, lang, columns, an=an, csv_plain=csv_plain)


@cli.command(
    epilog=example(
        "coopgraph waves data/sample",
        "coopgraph waves data/sample --departement 93 --until 2021-12-31 --format csv",
    )
)
@source_options
@analysis_options(territory=True)
@lang_option
@format_option(FORMATS)
@csv_plain_option
def waves(source: Source, options: AnalysisOptions, lang: str, fmt: str, csv_plain: bool) -> None:
    """Cités by labelling wave (cohort): labelled, with data, observed, isolated, tied out."""
    from coopgraph.reports.network_sections import WAVE_COLUMNS

    an = _analysis(source, options)
    _print(records.wave_records(an), fmt, lang, WAVE_COLUMNS, an=an, csv_plain=csv_plain)


@cli.command(epilog=example("coopgraph bridges data/sample --by-region"))
@source_options
@analysis_options(territory=True)
@lang_option
@format_option(FORMATS)
@csv_plain_option
@click.option("--by-region", is_flag=True)
def bridges(
    source: Source, options: AnalysisOptions, lang: str, fmt: str, csv_plain: bool, by_region: bool
) -> None:
    """Interregional ties between cités, with the meetings that made them."""
    an = _analysis(source, options)
    if by_region:
        _print(records.region_link_records(an), fmt, lang, an=an, csv_plain=csv_plain)
        return
    columns = ["source_name", "target_name", "source_region", "target_region", "weight", "meetings"]
    _print(records.bridge_records(an), fmt, lang, columns, an=an, csv_plain=csv_plain)


@cli.command(epilog=example("coopgraph brokers data/sample --level actor --pseudonymise --top 10"))
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@pseudonymise_option
@format_option(FORMATS)
@csv_plain_option
@click.option(
    "--level",
    type=click.Choice(["institution", "actor"]),
    default="institution",
    show_default=True,
)
@click.option("--top", type=click.IntRange(min=1), default=30, show_default=True)
def brokers(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    fmt: str,
    csv_plain: bool,
    level: str,
    top: int,
) -> None:
    """Gould–Fernandez brokers between régions, and their betweenness."""
    an = _analysis(source, options)
    _print(
        records.broker_records(an, Labeller(an.ds, lang, pseudonymise), level, top),
        fmt,
        lang,
        an=an,
        csv_plain=csv_plain,
    )


@cli.command(epilog=example("coopgraph communities data/sample --seed 3 --format json"))
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@format_option(FORMATS)
@csv_plain_option
def communities(
    source: Source, options: AnalysisOptions, lang: str, fmt: str, csv_plain: bool
) -> None:
    """Louvain communities of cités (seeded) and the régions they span."""
    an = _analysis(source, options)
    columns = ["community", "size", "main_region_name", "share", "spans", "regions", "cites"]
    _print(records.community_records(an), fmt, lang, columns, an=an, csv_plain=csv_plain)
    if fmt in ("table", "markdown"):
        alone = records.singleton_cites(an)
        t = translator(lang)
        click.echo(t("communities.singletons", n=len(alone), names=", ".join(alone) or "-"))
