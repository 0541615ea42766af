"""``coopgraph note``: the one-page note of a territory (PDF or HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.cli import cli
from coopgraph.commands.options import (
    Source,
    analysis_options,
    example,
    lang_option,
    pseudonymise_option,
    source_options,
    suggestions_switch,
)
from coopgraph.i18n import translator


@cli.command(
    epilog=example(
        "coopgraph note data/sample --departement 93 --out note-93.pdf",
        "coopgraph note data/sample --crpv crpv-resovilles --out note.html --lang en",
    )
)
@source_options
@analysis_options(territory=True)
@lang_option
@pseudonymise_option
@suggestions_switch
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("note.pdf"),
    show_default=True,
)
def note(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    pseudonymise: bool,
    suggestions: bool,
    out: Path,
) -> None:
    """One-page note of a territory: figures, isolated cités, ties, map (A4, PDF or HTML)."""
    from coopgraph.reports.note import build_note, write_note

    ds, label = source.read()
    content = build_note(
        Analysis(ds, options), label, suggestions=suggestions, pseudonymise=pseudonymise
    )
    path = write_note(content, out, lang)
    click.echo(translator(lang)("cli.wrote", path=path))
