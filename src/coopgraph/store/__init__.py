"""Where the data lives: files read in memory (the embedded default) or a
Neo4j server. Both give the same Dataset, so every analysis is the same."""

from __future__ import annotations

from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.store.memory import FileStore

__all__ = ["FileStore", "open_store"]


def open_store(
    data: Path | None,
    source: str = "auto",
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
):
    """The store a command reads from: ``files`` (DATA in memory) or ``neo4j``.

    With ``auto``, files when ``data`` is given, else Neo4j when ``uri`` is set.
    """
    if source == "auto":
        source = "files" if data is not None else "neo4j" if uri else ""
    if source == "files":
        if data is None:
            raise InputError.of("cli.no_data_dir")
        return FileStore(data)
    if source == "neo4j":
        if not uri:
            raise InputError.of("cli.no_neo4j")
        from coopgraph.store.neo4j import Neo4jStore, connect

        driver = connect(uri, user or "neo4j", password or "")
        return Neo4jStore(driver, database or "neo4j", owns_driver=True)
    raise InputError.of("cli.no_source")
