"""``coopgraph suggest``: who to introduce to whom."""

from __future__ import annotations

import click

from coopgraph.cli import analysis_options, cli, load_data, period_of, source_options
from coopgraph.reports.tabular import FORMATS, render

_COLUMNS = ["cite_name", "rank", "partner_name", "score", "reasons", "introducer", "notes"]


@cli.command()
@source_options
@analysis_options
@click.option("--cite", "cite", help="Only this cité (id), whatever its ties.")
@click.option("--region", "regions", multiple=True, help="Only cités of this région (repeat).")
@click.option(
    "--departement", "departements", multiple=True, help="Only cités of this département (repeat)."
)
@click.option("--crpv", help="Only cités of this CRPV's territory or supported by it (id).")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Partners per cité.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the model's learning."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def suggest(cite, regions, departements, crpv, top, seed, fmt, **params) -> None:
    """Partner cités to introduce to each isolated or weakly tied cité, with
    the reasons and who can make the introduction."""
    from coopgraph.suggest import (
        Scope,
        model_summary,
        suggest_partners,
        suggestion_records,
    )

    ds, _ = load_data(params)
    found = suggest_partners(
        ds,
        period=period_of(params),
        scales=tuple(params["scales"]) or None,
        min_shared=params["min_shared"],
        seed=seed,
        scope=Scope(cite, tuple(regions), tuple(departements), crpv),
        top=top,
    )
    lang = params["lang"]
    click.echo(model_summary(found.model, lang), err=True)
    records = suggestion_records(ds, found, lang, params["pseudonymise"])
    if not records and fmt in ("table", "markdown"):
        from coopgraph.reports.i18n import translator

        click.echo(translator(lang)("suggest.none"))
        return
    click.echo(render(records, fmt, None if fmt == "json" else _COLUMNS, lang=lang))
