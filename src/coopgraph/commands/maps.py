"""``coopgraph map`` (interactive HTML maps) and ``coopgraph export``
(GraphML, GEXF, JSON for Gephi and other tools)."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.cli import analysis_of, analysis_options, cli, load_data, period_of, source_options
from coopgraph.export import FORMATS, VIEWS, format_of, graph_text, labelled_view
from coopgraph.labels import Labeller
from coopgraph.viz.maps import COLOR_BY, LAYOUTS, MAX_EDGES, MAX_NODES, SIZE_METRICS


def _view_options(fn):
    for decorator in reversed(
        [
            click.option(
                "--view",
                type=click.Choice(VIEWS),
                default="cites",
                show_default=True,
                help="What the nodes are.",
            ),
            click.option(
                "--region",
                "regions",
                multiple=True,
                help="Keep only the nodes of this région (code or name; repeat).",
            ),
            click.option(
                "--seed",
                type=int,
                default=0,
                show_default=True,
                help="Seed of the community detection and sampled metrics.",
            ),
        ]
    ):
        fn = decorator(fn)
    return fn


def _analysed(params: dict, *, betweenness: bool = True, max_actors: int | None = None):
    ds, label = load_data(params)
    G = labelled_view(
        analysis_of(ds, params),
        params["view"],
        Labeller(ds, params["lang"], params["pseudonymise"]),
        regions=params["regions"],
        betweenness=betweenness,
        max_actors=max_actors,
    )
    return ds, label, G


@cli.command("map")
@source_options
@analysis_options
@_view_options
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="geo",
    show_default=True,
    help="Place nodes by longitude/latitude, or by a force layout.",
)
@click.option(
    "--color-by",
    type=click.Choice(COLOR_BY),
    default="region",
    show_default=True,
    help="Node colour.",
)
@click.option(
    "--size-by",
    type=click.Choice(SIZE_METRICS),
    default="betweenness",
    show_default=True,
    help="Node size.",
)
@click.option(
    "--aggregate",
    type=click.Choice(("auto", "none", *COLOR_BY)),
    default="auto",
    show_default=True,
    help="Group nodes ('auto': above --max-nodes; above --max-edges only the strongest ties are drawn; 'none': draw everything).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=MAX_NODES,
    show_default=True,
    help="Largest network drawn node by node.",
)
@click.option(
    "--max-edges",
    type=click.IntRange(min=1),
    default=MAX_EDGES,
    show_default=True,
    help="Most ties drawn; above, the strongest are kept.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Output file [default: visualisations/map-VIEW.html].",
)
def map_(out: Path | None, **params) -> None:
    """Write an interactive map (one self-contained HTML file, works offline)."""
    from coopgraph.viz.maps import MapOptions, map_payload, needs_grouping, render_map, write_map

    opts = MapOptions(
        view=params["view"],
        layout=params["layout"],
        lang=params["lang"],
        color_by=params["color_by"],
        size_by=params["size_by"],
        aggregate=params["aggregate"],
        max_nodes=params["max_nodes"],
        max_edges=params["max_edges"],
    )
    ds, label, G = _analysed(
        params,
        betweenness=params["size_by"] == "betweenness",
        max_actors=None if params["aggregate"] == "none" else params["max_nodes"],
    )
    opts = _with_subtitle(opts, label, params, G)
    if needs_grouping(G, opts):
        click.echo(
            f"{G.number_of_nodes()} nodes, {G.number_of_edges()} ties: grouped for display",
            err=True,
        )
    path = write_map(
        out or Path("visualisations") / f"map-{params['view']}.html",
        render_map(map_payload(G, opts, meetings=ds.meeting_by_id)),
    )
    click.echo(f"wrote {path}")


def _with_subtitle(opts, label: str, params: dict, G):
    from dataclasses import replace

    from coopgraph.i18n import translator

    t = translator(params["lang"])
    subtitle = t(
        "report.source", source=label or "-", period=period_of(params).label(), version=_version()
    )
    notices = ()
    if G.graph.get("regions"):
        notices = (t("map.notice.filtered", regions=", ".join(G.graph["regions"])),)
    return replace(opts, subtitle=subtitle, notices=notices)


def _version() -> str:
    from coopgraph import __version__

    return __version__


@cli.command("export")
@source_options
@analysis_options
@_view_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="File format [default: from the file extension].",
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="Output file."
)
def export(out: Path, fmt: str | None, **params) -> None:
    """Export a network with all attributes and metrics (GraphML, GEXF for Gephi, JSON)."""
    from coopgraph.io.output import write_atomically

    fmt = format_of(out, fmt)
    _, _, G = _analysed(params)
    write_atomically(out, graph_text(G, fmt))
    click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties ({fmt})")
