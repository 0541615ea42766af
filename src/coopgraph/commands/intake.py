"""``coopgraph template``, ``import-attendance`` and ``dedupe``: getting real
data in. Thin shells over ``coopgraph.intake``."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.cli import cli
from coopgraph.model import MEETING_FORMATS, MEETING_SCALES
from coopgraph.reports.i18n import LANGS

_lang = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="fr",
    show_default=True,
    help="Language of messages and files.",
)
_pseudonymise = click.option(
    "--pseudonymise", is_flag=True, help="Replace person names by pseudonyms in review files."
)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--cites",
    "cites",
    type=click.Path(exists=True, path_type=Path),
    help="cites.csv (or a data directory) whose cités are pre-filled.",
)
@click.option("--region", help="Keep the cités of this région (code or name).")
@click.option("--departement", help="Keep the cités of this département (code or name).")
@click.option("--crpv", help="Keep the cités of this CRPV's territory (id in institutions.csv).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@_lang
def template(
    out: Path,
    cites: Path | None,
    region: str | None,
    departement: str | None,
    crpv: str | None,
    force: bool,
    lang: str,
) -> None:
    """Write an .xlsx workbook to fill in: one sheet per data file, an Aide sheet,
    drop-down lists, the cités of the territory pre-filled."""
    from coopgraph.intake.messages import message, use_lang
    from coopgraph.intake.template import write_template

    use_lang(lang)
    n = write_template(
        out, cites, region=region, departement=departement, crpv=crpv, force=force, lang=lang
    )
    click.echo(message("done.template", path=out, cites=n))


@cli.command("import-attendance")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Data directory to import into.",
)
@click.option("--meeting", "meeting_id", help="Id of an existing meeting (meetings.csv).")
@click.option("--title", help="Title of the meeting to create (with --date --scale --organiser).")
@click.option("--date", "day", help="Date of the meeting to create (YYYY-MM-DD).")
@click.option("--scale", type=click.Choice(MEETING_SCALES), help="Scale of the meeting to create.")
@click.option("--format", "fmt", type=click.Choice(MEETING_FORMATS), help="Format of the meeting.")
@click.option(
    "--organiser",
    "organisers",
    multiple=True,
    help="Organising institution id (repeat, or ;-separated).",
)
@click.option("--theme", "themes", multiple=True, help="Theme of the meeting (repeat).")
@click.option(
    "--columns",
    help="Columns of an unrecognised layout: name=...,first_name=...,last_name=...,"
    "organisation=...,role=...,commune=...,email=...,postcode=...",
)
@click.option(
    "--decisions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Filled-in review file (CSV or xlsx) to apply.",
)
@click.option(
    "--keep-emails", is_flag=True, help="Store e-mail addresses in clear (default: keyed hash)."
)
@click.option("--dry-run", is_flag=True, help="Show the decisions; write nothing.")
@_pseudonymise
@_lang
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


@cli.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Filled-in dedupe review file: merge the accepted pairs.",
)
@_pseudonymise
@_lang
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
