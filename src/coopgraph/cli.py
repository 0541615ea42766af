"""The ``coopgraph`` command: a thin shell over the library.

Shared option decorators keep every command consistent; errors are turned
into messages and exit codes in one place (``main``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from coopgraph import __version__
from coopgraph.errors import CoopgraphError, DataValidationError, InputError
from coopgraph.graph.projections import Period
from coopgraph.model import MEETING_SCALES, Dataset
from coopgraph.reports.i18n import LANGS

# ---------------------------------------------------------------- options


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


def source_options(fn: Callable) -> Callable:
    """DIR (data directory or workbook) and where to read it from."""
    decorators = [
        click.argument("data", required=False, type=click.Path(path_type=Path)),
        click.option(
            "--source",
            type=click.Choice(["auto", "files", "neo4j"]),
            default="auto",
            show_default=True,
            help="Read the data files in memory, or the Neo4j graph. 'auto': files when "
            "DATA is given, else Neo4j when NEO4J_URI is set.",
        ),
        click.option("--neo4j-uri", envvar="NEO4J_URI", help="Bolt URI [env NEO4J_URI]."),
        click.option(
            "--neo4j-user",
            envvar="NEO4J_USERNAME",
            default="neo4j",
            show_default=True,
            help="[env NEO4J_USERNAME]",
        ),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", help="[env NEO4J_PASSWORD]"),
        click.option(
            "--neo4j-database",
            envvar="NEO4J_DATABASE",
            default="neo4j",
            show_default=True,
            help="[env NEO4J_DATABASE]",
        ),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), fn)


def analysis_options(fn: Callable) -> Callable:
    """Period, scales, tie threshold, language and privacy, shared by analyses."""
    decorators = [
        click.option("--since", callback=_parse_date, help="First day of the period (YYYY-MM-DD)."),
        click.option("--until", callback=_parse_date, help="Last day of the period (YYYY-MM-DD)."),
        click.option(
            "--scale",
            "scales",
            multiple=True,
            type=click.Choice(MEETING_SCALES),
            help="Meeting scales to count (repeat; default: all).",
        ),
        click.option(
            "--min-shared",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Shared meetings needed for a tie.",
        ),
        click.option(
            "--lang",
            type=click.Choice(LANGS),
            default="fr",
            show_default=True,
            help="Language of the output.",
        ),
        click.option(
            "--pseudonymise", is_flag=True, help="Replace person names by stable pseudonyms."
        ),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), fn)


def load_data(params: dict) -> tuple[Dataset, str]:
    """The Dataset named by the source options, and a label for reports."""
    from coopgraph.store import open_store

    store = open_store(
        params.get("data"),
        params.get("source", "auto"),
        uri=params.get("neo4j_uri"),
        user=params.get("neo4j_user"),
        password=params.get("neo4j_password"),
        database=params.get("neo4j_database"),
    )
    try:
        return store.read_dataset(), store.describe()
    finally:
        store.close()


def period_of(params: dict) -> Period:
    since, until = params.get("since"), params.get("until")
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    return Period(since, until)


# ---------------------------------------------------------------- commands


class CoopgraphGroup(click.Group):
    """Turns library errors into one clear message and an exit code, in one
    place, for the real command and for click's test runner alike."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataValidationError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"error: {exc}; nothing was written", err=True)
            ctx.exit(exc.exit_code)
        except CoopgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=CoopgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
def cli() -> None:
    """coopgraph: partnership-network analyser for the cités éducatives."""


@cli.command()
@click.argument("data", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse warnings too (e.g. unknown labelling year).")
def validate(data: Path, strict: bool) -> None:
    """Check a data directory (or .xlsx workbook) and list every problem."""
    from coopgraph.io.dataset import check_directory

    problems, warnings = check_directory(data)
    if problems or (strict and warnings):
        raise DataValidationError(problems + warnings if strict else problems)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{data}: valid" + (f" ({len(warnings)} warning(s))" if warnings else ""))


@cli.command()
@source_options
@analysis_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("visualisations"),
    show_default=True,
    help="Output directory.",
)
def report(out: Path, **params) -> None:
    """Write the network report (Markdown and self-contained HTML)."""
    from coopgraph.reports.report import ReportOptions, build_report, write_report

    period = period_of(params)
    ds, label = load_data(params)
    opts = ReportOptions(
        period=period,
        lang=params["lang"],
        source=label,
        scales=tuple(params["scales"]) or None,
        min_shared=params["min_shared"],
        pseudonymise=params["pseudonymise"],
    )
    doc = build_report(ds, opts)
    from coopgraph.viz.maps import write_report_map

    map_path, map_section = write_report_map(ds, opts, out)
    doc.sections.append(map_section)
    for path in [*write_report(doc, out), map_path]:
        click.echo(f"wrote {path}")


@cli.command("import-cites")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write cites.csv into.",
)
@click.option("--force", is_flag=True, help="Replace an existing cites.csv.")
@click.option(
    "--waves",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of labelling years to join on INSEE code + name (columns: see README).",
)
def import_cites(path: Path, out: Path, force: bool, waves: Path | None) -> None:
    """Import the official ANCT list of cités (GeoJSON layer or CSV) as cites.csv."""
    from coopgraph.io.anct import cites_csv, import_official_list
    from coopgraph.io.output import write_atomically

    target = out / "cites.csv"
    if target.exists() and not force:
        raise InputError(f"{target}: exists already (replace it with --force)")
    imported = import_official_list(path, waves)
    cites = imported.cites
    if not cites:
        raise InputError(f"{path}: no cité found")
    write_atomically(target, cites_csv(cites))
    communes = {code for c in cites for code in c.insee}
    click.echo(f"wrote {target}: {len(cites)} cités, {len(communes)} communes")
    click.echo("\n".join(imported.summary()))


def _register_commands() -> None:
    """Import every module of ``coopgraph.commands`` so its commands register."""
    import importlib
    import pkgutil

    from coopgraph import commands

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"coopgraph.commands.{module.name}")


_register_commands()

# ---------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (console script ``coopgraph``)."""
    cli.main(args=argv, prog_name="coopgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
