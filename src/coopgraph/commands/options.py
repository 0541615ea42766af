"""The command-line options, each defined once (shared decorators, as
sqlite-utils does) and handed to commands as typed values.

A command stacks the decorators of the options it honours and names what
they give in its signature:

* :func:`source_options`: ``DATA``, ``--source`` and the Neo4j options, as
  one ``source: Source``;
* :func:`neo4j_options`: the Neo4j options alone, as ``neo4j: Neo4jSettings``;
* :func:`analysis_options`: ``--since/--until`` (when the command honours a
  period), ``--scale``, ``--min-shared``, and on request ``--region`` and
  ``--seed``, as one ``options: AnalysisOptions``;
* :func:`lang_option`, :func:`pseudonymise_option`, :func:`format_option`,
  :func:`seed_option`: one value each (``lang``, ``pseudonymise``, ``fmt``,
  ``seed``).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from coopgraph.analysis import AnalysisOptions, Territory, parse_territory
from coopgraph.graph.projections import Period
from coopgraph.i18n import LANGS, current_lang, translator
from coopgraph.model import MEETING_SCALES, Dataset
from coopgraph.tuning import GC_YOUNG

F = TypeVar("F", bound=Callable[..., Any])


def _stack(fn: Callable, decorators: Sequence[Callable]) -> Callable:
    return functools.reduce(lambda f, d: d(f), reversed(decorators), fn)


def parse_cli_date(value: str) -> date:
    """A date typed on the command line: ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``;
    anything else is a usage error in the run's language."""
    from coopgraph.io.validation import parse_date

    try:
        return parse_date(value.strip())
    except ValueError:
        t = translator(current_lang())
        raise click.BadParameter(t("cli.bad_date", value=value)) from None


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else parse_cli_date(value)


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is (``--neo4j-*`` options or environment)."""

    uri: str | None = None
    user: str | None = "neo4j"
    password: str | None = None
    database: str | None = "neo4j"


@dataclass(frozen=True)
class Source:
    """Where a command reads its dataset: ``data`` (a directory or a
    workbook), ``kind`` (``auto``, ``files`` or ``neo4j``) and the server."""

    data: Path | None
    kind: str = "auto"
    neo4j: Neo4jSettings = Neo4jSettings()

    def read(self) -> tuple[Dataset, str]:
        """The dataset, and a label of where it came from for reports."""
        from coopgraph.store import open_store

        store = open_store(
            self.data,
            self.kind,
            uri=self.neo4j.uri,
            user=self.neo4j.user,
            password=self.neo4j.password,
            database=self.neo4j.database,
        )
        # The dataset lives as long as the command: no garbage collection
        # while its ~250,000 objects are made, then they leave the
        # collector's generations (gc.freeze), so that the collections the
        # analysis triggers do not walk them again and again (~10% of the
        # national report's CPU time).
        gc.disable()
        try:
            return store.read_dataset(), store.describe()
        finally:
            gc.enable()
            store.close()
            gc.collect()
            gc.freeze()
            # The analysis then makes hundreds of thousands of containers
            # (graph attributes, records) that live until the end: with the
            # default threshold (700) the collector ran ~1,600 times over a
            # national report and rescanned them each time (~1 s of ~8 s of
            # CPU); collecting the young generation every 100,000 new objects
            # costs a third of that for the same peak memory (measured).
            gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


_NEO4J = [
    click.option("--neo4j-uri", envvar="NEO4J_URI", show_envvar=True),
    click.option(
        "--neo4j-user",
        envvar="NEO4J_USERNAME",
        show_envvar=True,
        default="neo4j",
        show_default=True,
    ),
    click.option("--neo4j-password", envvar="NEO4J_PASSWORD", show_envvar=True),
    click.option(
        "--neo4j-database",
        envvar="NEO4J_DATABASE",
        show_envvar=True,
        default="neo4j",
        show_default=True,
    ),
]


def _pop_neo4j(kw: dict[str, Any]) -> Neo4jSettings:
    return Neo4jSettings(
        kw.pop("neo4j_uri"),
        kw.pop("neo4j_user"),
        kw.pop("neo4j_password"),
        kw.pop("neo4j_database"),
    )


def neo4j_options(fn: F) -> F:
    """``--neo4j-uri/-user/-password/-database`` as ``neo4j: Neo4jSettings``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        return fn(*args, neo4j=_pop_neo4j(kw), **kw)

    return _stack(wrapper, _NEO4J)  # type: ignore[return-value]


def source_options(fn: F) -> F:
    """``DATA``, ``--source`` and the Neo4j options as ``source: Source``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        neo4j = _pop_neo4j(kw)
        return fn(*args, source=Source(kw.pop("data"), kw.pop("source_kind"), neo4j), **kw)

    decorators = [
        click.argument("data", required=False, type=click.Path(path_type=Path)),
        click.option(
            "--source",
            "source_kind",
            type=click.Choice(["auto", "files", "neo4j"]),
            default="auto",
            show_default=True,
        ),
        *_NEO4J,
    ]
    return _stack(wrapper, decorators)  # type: ignore[return-value]


# ---------------------------------------------------------------- analysis


def period_of(since: date | None, until: date | None) -> Period:
    """The period of ``--since``/``--until``; a reversed one is a usage error."""
    if since and until and since > until:
        t = translator(current_lang())
        raise click.BadParameter(
            t("cli.reversed_period", since=since, until=until), param_hint="--since"
        )
    return Period(since, until)


def seed_option(fn: F) -> F:
    """``--seed`` (an integer, 0 by default) as ``seed``; its help text is
    the command's own (``help.opt.COMMAND.seed``) or the shared one."""
    return click.option("--seed", type=int, default=0, show_default=True)(fn)


def analysis_options(
    *,
    period: bool = True,
    territory: bool = False,
    seed: bool = False,
) -> Any:
    """The options of an :class:`~coopgraph.analysis.AnalysisOptions`, given
    to the command as ``options``: ``--since/--until`` when ``period``,
    ``--scale`` and ``--min-shared`` always, ``--region``, ``--departement``
    and ``--crpv`` when ``territory`` (the territory reported on, see
    :func:`territory_options`), ``--seed`` when ``seed``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            chosen = period_of(kw.pop("since"), kw.pop("until")) if period else Period()
            where = _pop_territory(kw) if territory else Territory()
            options = AnalysisOptions(
                period=chosen,
                scales=tuple(kw.pop("scales")) or None,
                min_shared=kw.pop("min_shared"),
                territory=where,
                seed=kw.pop("seed") if seed else 0,
                max_attendance=kw.pop("max_attendance"),
            )
            return fn(*args, options=options, **kw)

        decorators: list[Callable] = []
        if period:
            decorators += [
                click.option("--since", metavar="DATE", callback=_parse_date),
                click.option("--until", metavar="DATE", callback=_parse_date),
            ]
        decorators += [
            click.option("--scale", "scales", multiple=True, type=click.Choice(MEETING_SCALES)),
            click.option("--min-shared", type=click.IntRange(min=1), default=1, show_default=True),
            click.option("--max-attendance", type=click.IntRange(min=2), default=None),
        ]
        if territory:
            decorators += _TERRITORY
        if seed:
            decorators.append(seed_option)
        return _stack(wrapper, decorators)  # type: ignore[return-value]

    return decorate


_TERRITORY = [
    click.option("--region", "regions", multiple=True),
    click.option("--departement", "departements", multiple=True),
    click.option("--crpv", "crpvs", multiple=True),
]


def _pop_territory(kw: dict[str, Any]) -> Territory:
    return parse_territory(kw.pop("regions"), kw.pop("departements"), kw.pop("crpvs"))


def territory_options(fn: F) -> F:
    """``--region``, ``--departement`` and ``--crpv`` (each repeatable, codes
    or names, a département code never read as a région's) as ``territory:
    Territory``; an unknown value is an error listing close matches."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        return fn(*args, territory=_pop_territory(kw), **kw)

    return _stack(wrapper, _TERRITORY)  # type: ignore[return-value]


# ---------------------------------------------------------------- output


#: The language option, also read by the help before parsing (see
#: :mod:`coopgraph.commands.helptext`).
LANG_FLAG = "--lang"


def lang_option(fn: F) -> F:
    """``--lang fr|en`` as ``lang`` (``COOPGRAPH_LANG`` when not given,
    French by default)."""
    return click.option(
        LANG_FLAG,
        type=click.Choice(LANGS),
        default="fr",
        show_default=True,
        envvar="COOPGRAPH_LANG",
        show_envvar=True,
        is_eager=True,
        callback=_set_lang,
    )(fn)


def _set_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # the language of the run, read by the CLI's error messages
    from coopgraph.i18n import use_lang

    use_lang(value)
    return value


def suggestions_option(fn: F) -> F:
    """``--suggestions`` as ``suggestions``: partner suggestions for the
    isolated cités (:mod:`coopgraph.suggest`); its help, saying where they
    go, is the command's own (``help.opt.COMMAND.suggestions``)."""
    return click.option("--suggestions", is_flag=True)(fn)


def suggestions_switch(fn: F) -> F:
    """``--suggestions/--no-suggestions`` as ``suggestions``, on by default:
    for the outputs whose reader acts on them (the one-page note)."""
    return click.option("--suggestions/--no-suggestions", default=True, show_default=True)(fn)


def pseudonymise_option(fn: F) -> F:
    """``--pseudonymise`` as ``pseudonymise``."""
    return click.option(
        "--pseudonymise",
        is_flag=True,
    )(fn)


def format_option(choices: Sequence[str], default: str | None = "table") -> Callable[[F], F]:
    """``--format`` among ``choices`` as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
    )


def csv_plain_option(fn: F) -> F:
    """``--csv-plain`` as ``csv_plain``: keep CSV as UTF-8 with ``,`` and raw
    keys and codes even in French (French CSV otherwise has a BOM, ``;``,
    French headers and decimal commas, as French spreadsheets expect)."""
    return click.option(
        "--csv-plain",
        is_flag=True,
    )(fn)


def example(*lines: str) -> str:
    """The epilog of a command's ``--help``: its example(s), kept as typed.

    >>> print(example("coopgraph density data/sample"))
    \b
    Example:
      coopgraph density data/sample
    """
    label = "Example:" if len(lines) == 1 else "Examples:"
    return "\b\n" + "\n".join([label, *(f"  {line}" for line in lines)])
