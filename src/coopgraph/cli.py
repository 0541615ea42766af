"""The ``coopgraph`` command: a thin shell over the library.

Options are defined once, in :mod:`coopgraph.commands.options`; errors are
turned into messages and exit codes in one place (:class:`CoopgraphGroup`,
codes in the README's table and :mod:`coopgraph.errors`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import coopgraph.tuning  # noqa: F401  (first: before numpy and pandas load)
from coopgraph import __version__
from coopgraph.commands.helptext import (
    HelpGroup,
    help_lang,
    install_click_messages,
    remember_help_lang,
)
from coopgraph.commands.options import (
    Source,
    analysis_options,
    example,
    lang_option,
    pseudonymise_option,
    source_options,
    suggestions_option,
)
from coopgraph.errors import CoopgraphError, DataValidationError, InputError, MemoryBudgetError
from coopgraph.i18n import translator

__all__ = ["analysis_options", "cli", "main", "source_options"]

# ---------------------------------------------------------------- commands


class CoopgraphGroup(HelpGroup):
    """Turns library errors into one clear message and an exit code, in one
    place, for the real command and for click's test runner alike; its
    commands' ``--help`` speaks the language of the command line (see
    :mod:`coopgraph.commands.helptext`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from coopgraph.i18n import reset_lang

        try:
            return super().main(*args, **kwargs)
        finally:
            reset_lang()  # the next run (or library call) decides anew

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from coopgraph.i18n import use_lang

        if ctx.parent is None:
            # the whole command line: the language of the help and of the
            # usage errors printed while parsing it
            remember_help_lang(ctx, args)
            use_lang(help_lang(ctx))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from coopgraph.i18n import current_lang, translator, use_lang

        # French unless --lang (read from the command line: errors can come
        # before it is parsed) or COOPGRAPH_LANG says otherwise
        use_lang(help_lang(ctx))
        try:
            return super().invoke(ctx)
        except DataValidationError as exc:
            t = translator(current_lang())
            for line in exc.report_lines():  # capped: a million errors must not flood
                click.echo(line, err=True)
            click.echo(t("cli.error", message=t("cli.invalid", n=len(exc.problems))), err=True)
            ctx.exit(exc.exit_code)
        except MemoryBudgetError as exc:
            t = translator(current_lang())
            click.echo(t("cli.error", message=exc.message(current_lang())), err=True)
            ctx.exit(exc.exit_code)
        except CoopgraphError as exc:
            t = translator(current_lang())
            text = t(exc.key, **exc.values) if exc.key else str(exc)
            click.echo(t("cli.error", message=text), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=CoopgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
def cli() -> None:
    """coopgraph: partnership-network analyser for the cités éducatives."""


@cli.command(epilog=example("coopgraph validate data/sample"))
@click.argument("data", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True)
@lang_option
def validate(data: Path, strict: bool, lang: str) -> None:
    """Check a data directory (or .xlsx workbook) and list every problem."""
    from coopgraph.i18n import current_lang, translator
    from coopgraph.io.dataset import check_directory

    problems, warnings = check_directory(data)
    if problems or (strict and warnings):
        raise DataValidationError(problems + warnings if strict else problems)
    t = translator(current_lang())
    for warning in warnings:
        click.echo(t("cli.warning", message=warning), err=True)
    click.echo(
        t("cli.valid", path=data, n=len(warnings)) if warnings else t("cli.valid.clean", path=data)
    )


@cli.command(
    epilog=example(
        "coopgraph report data/sample --out visualisations/",
        "coopgraph report data/sample --since 2020-05-14 --lang en --pseudonymise",
        "coopgraph report data/sample --departement 93 --crpv crpv-resovilles",
    )
)
@source_options
@analysis_options(territory=True)
@lang_option
@pseudonymise_option
@suggestions_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("visualisations"),
    show_default=True,
)
def report(
    source: Source, options, lang: str, pseudonymise: bool, suggestions: bool, out: Path
) -> None:
    """Write the network report (Markdown and self-contained HTML) and its map."""
    from coopgraph.analysis import Analysis
    from coopgraph.io.output import output_set
    from coopgraph.reports.report import (
        ReportOptions,
        build_report,
        report_subtitle,
        write_report,
    )
    from coopgraph.viz.maps import write_report_map

    ds, label = source.read()
    an = Analysis(ds, options)
    opts = ReportOptions(
        lang=lang, source=label, pseudonymise=pseudonymise, suggestions=suggestions
    )
    doc = build_report(an, opts)
    with output_set():  # the report's files are written together or not at all
        map_path, map_section = write_report_map(
            an,
            opts.labeller(an),
            out,
            subtitle=report_subtitle(an, opts),
            suggestions=suggestions,
        )
        doc.sections.append(map_section)
        paths = [*write_report(doc, out), map_path]
    t = translator(lang)
    for path in paths:
        click.echo(t("cli.wrote", path=path))


@cli.command(
    "import-cites", epilog=example("coopgraph import-cites cites-educatives.geojson --out data/")
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--force", is_flag=True)
@click.option("--waves", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
def import_cites(path: Path, out: Path, force: bool, waves: Path | None, lang: str) -> None:
    """Import the official ANCT list of cités (GeoJSON layer or CSV) as cites.csv."""
    from coopgraph.io.anct import cites_csv, import_official_list
    from coopgraph.io.output import write_atomically

    target = out / "cites.csv"
    if target.exists() and not force:
        raise InputError.of("cli.exists", path=target)
    imported = import_official_list(path, waves)
    cites = imported.cites
    if not cites:
        raise InputError.of("cli.no_cite", path=path)
    write_atomically(target, cites_csv(cites))
    communes = {code for c in cites for code in c.insee}
    t = translator(lang)
    click.echo(t("cli.wrote.cites", path=target, cites=len(cites), communes=len(communes)))
    click.echo("\n".join(imported.summary(lang)))


def _register_commands() -> None:
    """Import every module of ``coopgraph.commands`` so its commands register."""
    import importlib
    import pkgutil

    from coopgraph import commands

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"coopgraph.commands.{module.name}")


_register_commands()
install_click_messages()

# ---------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (console script ``coopgraph``)."""
    cli.main(args=argv, prog_name="coopgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
