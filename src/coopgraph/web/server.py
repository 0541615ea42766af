"""Start the workspace: configure Django, read the data, serve it with
waitress (a production WSGI server in pure Python)."""

from __future__ import annotations

import logging
from pathlib import Path

from coopgraph.web.workspace import Workspace, install, open_workspace

LOCAL = ("127.0.0.1", "localhost", "[::1]")


def application(
    state: Path, workspace: Workspace, *, allowed_hosts=(), secure_cookies=False, fast_hashing=False
):
    """The WSGI application serving ``workspace`` (Django set up and its
    database migrated under ``state``)."""
    from coopgraph.web.settings import configure, migrate

    configure(
        state,
        allowed_hosts=(*LOCAL, *allowed_hosts),
        secure_cookies=secure_cookies,
        fast_hashing=fast_hashing,
    )
    migrate()
    if workspace.state_dir is None:
        workspace.state_dir = Path(state)
    install(workspace)
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def run(
    data: Path | None,
    source: str,
    *,
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    host: str,
    port: int,
    state: Path,
    allowed_hosts: tuple[str, ...] = (),
    threads: int = 8,
    secure_cookies: bool = False,
) -> None:
    import click
    import waitress

    ws = open_workspace(data, source, uri=uri, user=user, password=password, database=database)
    app = application(
        state, ws, allowed_hosts=(host, *allowed_hosts), secure_cookies=secure_cookies
    )
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.exists():
        click.echo(
            f"no account yet: create one with  coopgraph users --state {state} add NAME --role national",
            err=True,
        )
    import threading

    # the first pages' analyses, computed while the server starts answering
    threading.Thread(target=ws.warm, name="coopgraph-warm", daemon=True).start()
    click.echo(f"coopgraph workspace on {ws.source}: http://{host}:{port}/  (Ctrl+C to stop)")
    # waitress logs paths only at debug level; its "task queue depth"
    # warning comes once per queued request under load: noise, not news
    logging.getLogger("waitress").setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    waitress.serve(app, host=host, port=port, threads=threads, ident="coopgraph")
