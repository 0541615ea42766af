"""``coopgraph serve`` (the web workspace) and ``coopgraph users`` (its
accounts). Secrets never come from the command line: the Neo4j password
from ``NEO4J_PASSWORD`` or a file, account passwords from a prompt or
standard input, Django's secret key from the environment or the state
directory."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from coopgraph.cli import cli
from coopgraph.commands.options import Source, example, source_options
from coopgraph.errors import InputError
from coopgraph.i18n import current_lang, translator

DEFAULT_STATE = Path(".coopgraph")


def _require_web() -> None:
    """The web extra is installed, or one clear error saying how to get it."""
    try:
        import axes  # noqa: F401
        import django  # noqa: F401
        import waitress  # noqa: F401
    except ImportError as exc:
        from coopgraph.errors import MissingDependencyError

        raise MissingDependencyError(
            f"the web workspace needs {exc.name}: pip install 'coopgraph[web]'"
        ) from None


def _neo4j_password(password_file: Path) -> str:
    try:
        return password_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError.of("cli.password_file", path=password_file, reason=exc.strerror) from None


@cli.command(
    epilog=example(
        "coopgraph serve data/sample",
        "coopgraph serve --state /var/lib/coopgraph --allowed-host coopgraph.example.fr",
    )
)
@source_options
@click.option(
    "--neo4j-password-file",
    envvar="NEO4J_PASSWORD_FILE",
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--state",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STATE,
    show_default=True,
)
@click.option("--allowed-host", "allowed_hosts", multiple=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve(
    source: Source,
    neo4j_password_file: Path | None,
    host: str,
    port: int,
    state: Path,
    allowed_hosts: tuple[str, ...],
    threads: int,
) -> None:
    """Start the web workspace (French, English switch) on the data files or on Neo4j."""
    ctx = click.get_current_context()
    if ctx.get_parameter_source("neo4j_password") is ParameterSource.COMMANDLINE:
        raise click.UsageError(
            "the Neo4j password is not read from the command line: "
            "set NEO4J_PASSWORD or NEO4J_PASSWORD_FILE"
        )
    _require_web()
    from coopgraph.web import server

    neo4j = source.neo4j
    password = _neo4j_password(neo4j_password_file) if neo4j_password_file else neo4j.password
    server.run(
        source.data,
        source.kind,
        uri=neo4j.uri,
        user=neo4j.user,
        password=password,
        database=neo4j.database,
        host=host,
        port=port,
        state=state,
        allowed_hosts=allowed_hosts,
        threads=threads,
        secure_cookies=bool(allowed_hosts),
    )


@cli.group(
    epilog=example(
        "coopgraph users add moi --role national",
        "coopgraph users add normanvilles --role crpv --territory crpv-normanvilles",
        "coopgraph users list",
    )
)
@click.option(
    "--state",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STATE,
    show_default=True,
)
def users(state: Path) -> None:
    """Accounts of the web workspace: add, list, remove, passwd."""
    # the sub-command opens the accounts: `users add --help` has no effect
    click.get_current_context().obj = state


def _open_accounts() -> None:
    """Open the accounts of the ``--state`` given to ``users`` (Django set
    up, its tables made)."""
    _require_web()
    from coopgraph.web.settings import configure, migrate

    configure(click.get_current_context().obj)
    migrate()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        label = translator(current_lang())("cli.password_prompt")
        password = click.prompt(label, hide_input=True, confirmation_prompt=True)
    if not password:
        raise InputError.of("cli.password_empty")
    return password


_STDIN = click.option(
    "--password-stdin",
    is_flag=True,
)


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["national", "crpv", "readonly"]), required=True)
@click.option("--territory", default="")
@_STDIN
def users_add(username: str, role: str, territory: str, password_stdin: bool) -> None:
    """Create an account (password from a prompt or --password-stdin)."""
    _open_accounts()
    from coopgraph.web.accounts import add_account

    add_account(username, _read_password(password_stdin), role, territory)
    role_text = f"{role}, {territory}" if territory else role
    click.echo(translator(current_lang())("cli.account_added", user=username, role=role_text))


@users.command("list")
def users_list() -> None:
    """List the accounts with their role and territory."""
    _open_accounts()
    from coopgraph.reports.tabular import render
    from coopgraph.web.accounts import list_accounts

    rows = [
        {
            "username": a.username,
            "role": a.role,
            "territory": a.territory,
            "last_login": a.last_login,
        }
        for a in list_accounts()
    ]
    t = translator(current_lang())
    click.echo(render(rows, "table") if rows else t("cli.no_account"))


@users.command("remove")
@click.argument("username")
def users_remove(username: str) -> None:
    """Delete an account."""
    _open_accounts()
    from coopgraph.web.accounts import remove_account

    remove_account(username)
    click.echo(translator(current_lang())("cli.account_removed", user=username))


@users.command("passwd")
@click.argument("username")
@_STDIN
def users_passwd(username: str, password_stdin: bool) -> None:
    """Change an account's password (from a prompt or --password-stdin)."""
    _open_accounts()
    from coopgraph.web.accounts import set_password

    set_password(username, _read_password(password_stdin))
    click.echo(translator(current_lang())("cli.password_changed", user=username))
