"""``coopgraph template``, ``import-attendance`` and ``dedupe``: getting real
data in. Thin shells over ``coopgraph.intake``."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.analysis import Territory
from coopgraph.cli import cli
from coopgraph.commands.options import (
    example,
    format_option,
    lang_option,
    pseudonymise_option,
    territory_options,
)
from coopgraph.model import MEETING_FORMATS, MEETING_SCALES


@cli.command(
    epilog=example(
        "coopgraph template modele.xlsx",
        "coopgraph template modele-93.xlsx --cites data/ --departement 93",
    )
)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cites", "cites", type=click.Path(exists=True, path_type=Path))
@territory_options
@click.option("--force", is_flag=True)
@lang_option
def template(out: Path, cites: Path | None, territory: Territory, force: bool, lang: str) -> None:
    """Write an .xlsx workbook to fill in: one sheet per data file, an Aide sheet,
    drop-down lists, the cités of the territory pre-filled."""
    from coopgraph.intake.messages import message, use_lang
    from coopgraph.intake.template import write_template

    use_lang(lang)
    n = write_template(out, cites, territory=territory, force=force, lang=lang)
    click.echo(message("done.template", path=out, cites=n))


@cli.command(
    "import-attendance",
    epilog=example(
        "coopgraph import-attendance emargement.xlsx --into data/ --meeting m-2024-03",
        "coopgraph import-attendance zoom.csv --into data/ --title 'Club Nord' "
        "--date 2024-03-12 --scale interregional --organiser crpv-resovilles",
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--meeting", "meeting_id")
@click.option("--title")
@click.option("--date", "day")
@click.option("--scale", type=click.Choice(MEETING_SCALES))
@format_option(MEETING_FORMATS, default=None)
@click.option("--organiser", "organisers", multiple=True)
@click.option("--theme", "themes", multiple=True)
@click.option("--columns")
@click.option("--decisions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--keep-emails", is_flag=True)
@click.option("--dry-run", is_flag=True)
@pseudonymise_option
@lang_option
def import_attendance(
    files: tuple[Path, ...],
    into: Path,
    meeting_id: str | None,
    title: str | None,
    day: str | None,
    scale: str | None,
    fmt: str | None,
    organisers: tuple[str, ...],
    themes: tuple[str, ...],
    columns: str | None,
    decisions: Path | None,
    keep_emails: bool,
    dry_run: bool,
    pseudonymise: bool,
    lang: str,
) -> None:
    """Import attendance lists (sign-in sheets, Zoom or Teams reports, form
    exports) into a data directory, matching people and organisations."""
    from coopgraph.intake.importer import MeetingSpec
    from coopgraph.intake.importer import import_attendance as run
    from coopgraph.intake.layouts import parse_columns_option
    from coopgraph.intake.messages import use_lang

    use_lang(lang)
    spec = MeetingSpec(
        meeting_id,
        title,
        day,
        scale,
        tuple(o.strip() for value in organisers for o in value.split(";") if o.strip()),
        fmt,
        themes,
    )
    result = run(
        into,
        list(files),
        spec,
        columns=parse_columns_option(columns),
        decisions=decisions,
        keep_emails=keep_emails,
        pseudonymise=pseudonymise,
        dry_run=dry_run,
    )
    for line in result_lines(result, dry_run):
        click.echo(line)


def result_lines(result, dry_run: bool) -> list[str]:
    from coopgraph.intake.messages import message

    lines = [
        message(
            "done.import",
            file=s.path.name,
            rows=s.rows,
            layout=message(f"layout.{s.layout}"),
            **s.counts,
        )
        for s in result.files
    ]
    if not dry_run:
        if result.written:
            lines.append(message("done.written", files=", ".join(str(p) for p in result.written)))
        else:
            lines.append(message("done.nothing"))
    if result.review_files:
        csv_path, xlsx_path = result.review_files
        n = sum(o.decision == "review" for o in result.outcomes)
        lines.append(message("done.review", n=n, csv=csv_path, xlsx=xlsx_path))
    return lines


@cli.command(
    epilog=example(
        "coopgraph dedupe data/",
        "coopgraph dedupe data/ --apply data/doublons.csv",
    )
)
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@pseudonymise_option
@lang_option
def dedupe(data: Path, apply_file: Path | None, pseudonymise: bool, lang: str) -> None:
    """List probable duplicate actors and institutions (review file), or merge
    the accepted ones with --apply."""
    from coopgraph.intake.dedupe import apply_merges, find_duplicates
    from coopgraph.intake.messages import message, use_lang

    use_lang(lang)
    if apply_file is not None:
        actors, institutions = apply_merges(data, apply_file)
        click.echo(message("done.merged", actors=actors, institutions=institutions))
        return
    pairs, paths = find_duplicates(data, pseudonymise=pseudonymise)
    if not pairs:
        click.echo(message("done.dedupe_none"))
        return
    click.echo(message("done.dedupe", n=len(pairs), csv=paths[0], xlsx=paths[1], data=data))
