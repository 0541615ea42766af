"""Focused network metrics: ``coopgraph density | isolated | bridges |
brokers | communities``. Each prints a list of records as a table, JSON,
CSV or Markdown (``--format``)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from coopgraph.cli import analysis_of, analysis_options, cli, load_data, source_options
from coopgraph.i18n import translator
from coopgraph.labels import Labeller
from coopgraph.reports import records
from coopgraph.reports.tabular import FORMATS, render


def output_options(fn: Callable) -> Callable:
    """--format, --region and --seed, shared by the focused commands."""
    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="table",
            show_default=True,
            help="Output form.",
        ),
        click.option(
            "--region", help="Only this région (INSEE code or name, e.g. 28 or Normandie)."
        ),
        click.option(
            "--seed",
            type=int,
            default=0,
            show_default=True,
            help="Seed of sampled and random methods.",
        ),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), fn)


def _analyse(params: dict):
    """The Analysis the options describe, and the labeller of the output."""
    ds, _ = load_data(params)
    return analysis_of(ds, params), Labeller(ds, params["lang"], params["pseudonymise"])


def _print(records: list[dict], params: dict, columns: list[str] | None = None) -> None:
    t = translator(params["lang"])
    if params["fmt"] in ("table", "markdown") and not records:
        click.echo(t("metrics.none"))
        return
    # table and Markdown speak --lang; JSON and CSV keep raw keys and codes
    click.echo(
        render(
            records,
            params["fmt"],
            columns if params["fmt"] != "json" else None,
            lang=params["lang"],
        )
    )


@cli.command()
@source_options
@analysis_options
@output_options
@click.option(
    "--cites",
    "per_cite",
    is_flag=True,
    help="Per cité: ego-network density and troïka completeness.",
)
def density(per_cite: bool, **params) -> None:
    """Cooperation density per territory (or per cité with --cites)."""
    an, labels = _analyse(params)
    rows = records.cite_density_records(an) if per_cite else records.density_records(an)
    _print(rows, params)


@cli.command()
@source_options
@analysis_options
@output_options
def isolated(**params) -> None:
    """Isolated cités, ranked, with a type, an explanation and the last contact."""
    an, labels = _analyse(params)
    columns = ["rank", "cite_id", "name", "region_name", "type", "explanation", "last_contact"]
    _print(records.isolated_records(an, labels), params, columns)


@cli.command()
@source_options
@analysis_options
@output_options
@click.option(
    "--by-region", is_flag=True, help="Région-to-région connections instead of cité ties."
)
def bridges(by_region: bool, **params) -> None:
    """Interregional ties between cités, with the meetings that made them."""
    an, labels = _analyse(params)
    if by_region:
        _print(records.region_link_records(an), params)
        return
    columns = ["source_name", "target_name", "source_region", "target_region", "weight", "meetings"]
    _print(records.bridge_records(an), params, columns)


@cli.command()
@source_options
@analysis_options
@output_options
@click.option(
    "--level",
    type=click.Choice(["institution", "actor"]),
    default="institution",
    show_default=True,
    help="Brokers among institutions or among people.",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=30, show_default=True, help="How many brokers."
)
def brokers(level: str, top: int, **params) -> None:
    """Gould–Fernandez brokers between régions, and their betweenness."""
    an, labels = _analyse(params)
    _print(records.broker_records(an, labels, level, top), params)


@cli.command()
@source_options
@analysis_options
@output_options
def communities(**params) -> None:
    """Louvain communities of cités (seeded) and the régions they span."""
    an, labels = _analyse(params)
    columns = ["community", "size", "main_region_name", "share", "spans", "regions", "cites"]
    _print(records.community_records(an), params, columns)
