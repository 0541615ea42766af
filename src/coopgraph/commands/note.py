"""``coopgraph note``: the one-page note of a territory (PDF or HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.cli import analysis_options, cli, load_data, period_of, source_options


@cli.command()
@source_options
@analysis_options
@click.option("--region", "regions", multiple=True, help="Région, code or name (repeat).")
@click.option(
    "--departement", "departements", multiple=True, help="Département, code or name (repeat)."
)
@click.option("--crpv", "crpvs", multiple=True, help="CRPV id or name: its territory (repeat).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("note.pdf"),
    show_default=True,
    help="Output file, .pdf or .html.",
)
def note(regions, departements, crpvs, out: Path, **params) -> None:
    """One-page note of a territory: figures, isolated cités, ties, map (A4, PDF or HTML)."""
    from coopgraph.reports.note import build_note, select_territory, write_note

    period = period_of(params)
    ds, label = load_data(params)
    territory = select_territory(ds, regions, departements, crpvs)
    note = build_note(
        ds,
        territory,
        period,
        scales=tuple(params["scales"]) or None,
        min_shared=params["min_shared"],
        source=label,
    )
    click.echo(f"wrote {write_note(note, out, params['lang'])}")
