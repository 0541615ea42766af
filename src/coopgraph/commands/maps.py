"""``coopgraph map`` (interactive HTML maps) and ``coopgraph export``
(GraphML, GEXF, JSON for Gephi and other tools)."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.cli import cli
from coopgraph.commands.options import (
    Source,
    analysis_options,
    example,
    format_option,
    lang_option,
    pseudonymise_option,
    source_options,
    suggestions_option,
)
from coopgraph.errors import InputError
from coopgraph.export import FORMATS, VIEWS, format_of, graph_text, labelled_view
from coopgraph.i18n import translator
from coopgraph.labels import Labeller, scales_text
from coopgraph.viz.maps import COLOR_BY, LAYOUTS, MAX_EDGES, MAX_NODES, SIZE_METRICS


def _view_options(fn):
    for decorator in reversed(
        [
            click.option("--view", type=click.Choice(VIEWS), default="cites", show_default=True),
        ]
    ):
        fn = decorator(fn)
    return fn


@cli.command(
    "map",
    epilog=example(
        "coopgraph map data/sample --departement 93",
        "coopgraph map data/sample --view actors --pseudonymise --out acteurs.html",
    ),
)
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@pseudonymise_option
@_view_options
@click.option("--layout", type=click.Choice(LAYOUTS), default="geo", show_default=True)
@click.option("--color-by", type=click.Choice(COLOR_BY), default="region", show_default=True)
@click.option(
    "--size-by",
    type=click.Choice(SIZE_METRICS),
    default="betweenness",
    show_default=True,
)
@click.option(
    "--aggregate",
    type=click.Choice(("auto", "none", *COLOR_BY)),
    default="auto",
    show_default=True,
)
@click.option("--max-nodes", type=click.IntRange(min=1), default=MAX_NODES, show_default=True)
@click.option("--max-edges", type=click.IntRange(min=1), default=MAX_EDGES, show_default=True)
@suggestions_option
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None)
def map_(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    view: str,
    layout: str,
    color_by: str,
    size_by: str,
    aggregate: str,
    max_nodes: int,
    max_edges: int,
    suggestions: bool,
    out: Path | None,
) -> None:
    """Write an interactive map (one self-contained HTML file, works offline)."""
    from dataclasses import replace

    from coopgraph import __version__
    from coopgraph.viz.maps import MapOptions, map_payload, needs_grouping, render_map, write_map

    ds, label = source.read()
    labels = Labeller(ds, lang, pseudonymise)
    an = Analysis(ds, options)
    if suggestions and view != "cites":
        raise InputError(labels.t("map.error.suggestions_view", view=view))
    G = labelled_view(
        an,
        view,
        labels,
        betweenness=size_by == "betweenness",
        max_actors=None if aggregate == "none" else max_nodes,
    )
    subtitle = (
        labels.t(
            "report.source", source=label or "-", period=options.period.label(), version=__version__
        )
        + " "
        + scales_text(options.scales, lang)
    )
    notices: tuple[str, ...] = ()
    if G.graph.get("territory"):
        notices = (labels.t("map.notice.filtered", territory=G.graph["territory"]),)
    opts = MapOptions(
        view=view,
        layout=layout,
        lang=lang,
        color_by=color_by,
        size_by=size_by,
        aggregate=aggregate,
        max_nodes=max_nodes,
        max_edges=max_edges,
    )
    opts = replace(opts, subtitle=subtitle, notices=notices)
    if needs_grouping(G, opts):
        t = translator(lang)
        click.echo(t("cli.grouped", nodes=G.number_of_nodes(), edges=G.number_of_edges()), err=True)
    path = write_map(
        out or Path("visualisations") / f"map-{view}.html",
        render_map(
            map_payload(
                G, opts, meetings=ds.meeting_by_id, suggested=_suggested(an, labels, suggestions)
            )
        ),
    )
    click.echo(translator(lang)("cli.wrote", path=path))


def _suggested(an: Analysis, labels: Labeller, wanted: bool) -> list[dict]:
    """The suggestion records a map draws (none unless ``wanted``)."""
    if not wanted:
        return []
    from coopgraph.reports.network_sections import SUGGESTIONS_TOP
    from coopgraph.suggest import model_summary, suggestion_records

    found = an.suggestions(SUGGESTIONS_TOP)
    click.echo(model_summary(found.model, labels.lang), err=True)
    return suggestion_records(an.ds, found, labels.lang, labels.pseudonymise, person=labels.person)


@cli.command(
    "export",
    epilog=example(
        "coopgraph export data/sample --out reseau.gexf",
        "coopgraph export data/sample --view institutions --out institutions.graphml",
    ),
)
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@pseudonymise_option
@_view_options
@format_option(FORMATS, None)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
def export(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    view: str,
    fmt: str | None,
    out: Path,
) -> None:
    """Export a network with all attributes and metrics (GraphML, GEXF for Gephi, JSON)."""
    from coopgraph.io.output import write_atomically

    fmt = format_of(out, fmt)
    ds, _ = source.read()
    G = labelled_view(Analysis(ds, options), view, Labeller(ds, lang, pseudonymise))
    write_atomically(out, graph_text(G, fmt))
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    click.echo(translator(lang)("cli.wrote.graph", path=out, nodes=nodes, edges=edges, fmt=fmt))
