"""``coopgraph suggest``: who to introduce to whom."""

from __future__ import annotations

import click

from coopgraph.analysis import AnalysisOptions
from coopgraph.analysis.territory import resolve_territory
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
from coopgraph.reports.tabular import FORMATS, render

_COLUMNS = ["cite_name", "rank", "partner_name", "score", "reasons", "introducer", "notes"]


@cli.command(
    epilog=example(
        "coopgraph suggest data/sample --until 2020-05-13 --region Normandie --top 3",
        "coopgraph suggest data/sample --cite cite-001 --format json",
    )
)
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@pseudonymise_option
@format_option(FORMATS)
@csv_plain_option
@click.option("--cite")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
def suggest(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    fmt: str,
    csv_plain: bool,
    cite: str | None,
    top: int,
) -> None:
    """Partner cités to introduce to each isolated or weakly tied cité, with
    the reasons and who can make the introduction."""
    from coopgraph.suggest import Scope, model_summary, suggest_partners, suggestion_records

    ds, _ = source.read()
    territory = options.territory
    cite_ids = None if territory.everywhere else resolve_territory(ds, territory).cite_ids
    found = suggest_partners(
        ds,
        period=options.period,
        scales=options.scales,
        min_shared=options.min_shared,
        seed=options.seed,
        scope=Scope(cite=cite, cite_ids=cite_ids),
        top=top,
    )
    click.echo(model_summary(found.model, lang), err=True)
    records = suggestion_records(ds, found, lang, pseudonymise)
    if not records and fmt in ("table", "markdown"):
        click.echo(translator(lang)("suggest.none"))
        return
    text = render(records, fmt, None if fmt == "json" else _COLUMNS, lang=lang, csv_plain=csv_plain)
    click.echo(text, nl=fmt != "csv")
