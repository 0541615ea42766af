"""``coopgraph load`` (files into the shared Neo4j graph) and ``coopgraph query``
(named or ad-hoc read queries against it)."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.io.output import csv_row, terminal_text


def neo4j_options(fn: Callable) -> Callable:
    """Where the Neo4j server is: the same options (and environment
    variables) as the analyses' ``--source neo4j``."""
    decorators = [
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


def open_neo4j(params: dict):
    from coopgraph.store import open_store

    return open_store(
        None,
        "neo4j",
        uri=params.get("neo4j_uri"),
        user=params.get("neo4j_user"),
        password=params.get("neo4j_password"),
        database=params.get("neo4j_database"),
    )


@cli.command()
@click.argument("data", type=click.Path(path_type=Path))
@neo4j_options
@click.option(
    "--replace",
    is_flag=True,
    help="Wipe the coopgraph graph first (other nodes in the database are kept).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows per write transaction.",
)
def load(data: Path, replace: bool, batch_size: int, **params) -> None:
    """Load a data directory (or workbook) into the Neo4j graph.

    The data is validated first (invalid data: nothing is written), then
    merged in batches: loading the same data twice changes nothing, and a
    directory with new meetings adds only those.
    """
    from tqdm import tqdm

    from coopgraph.io import read_dataset
    from coopgraph.store.neo4j import load_plan

    ds = read_dataset(data)
    store = open_neo4j(params)
    try:
        store.ensure_schema()  # a wrong database fails here, before the progress bar
        total = sum(len(step.rows) for step in load_plan(ds))
        with tqdm(total=total, unit="row", desc="loading", file=sys.stderr, leave=False) as bar:
            report = store.load(ds, replace=replace, batch_size=batch_size, progress=bar.update)
        where = store.describe()
    finally:
        store.close()
    click.echo(f"loaded {data} into {where}")
    if replace:
        click.echo(f"wiped first: {report.wiped} nodes")
    width = max(len(w) for w in report.rows)
    click.echo(f"{'':{width}}  {'kind':<13} {'rows':>8} {'created':>8} {'already there':>14}")
    for what, rows in report.rows.items():
        click.echo(
            f"{what:{width}}  {report.kinds[what]:<13} {rows:>8} {report.created[what]:>8} "
            f"{report.already_there(what):>14}"
        )
    already = sum(report.already_there(w) for w in report.rows)
    click.echo(f"total: {report.total_created} created, {already} already there")


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--list", "list_", is_flag=True, help="List the named read queries and their parameters."
)
@click.option(
    "--param",
    "params_",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (repeat); KEY:TYPE=VALUE to force a type (int, float, bool, date, list).",
)
@click.option(
    "--cypher", help="Run this ad-hoc Cypher instead (read transaction: writes are refused)."
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--raw",
    is_flag=True,
    help="CSV: keep cells as they are (by default a cell starting with =, +, -, @ gets a "
    "leading ' so that spreadsheets do not run it as a formula).",
)
@neo4j_options
def query(
    name: str | None,
    list_: bool,
    params_: tuple[str, ...],
    cypher: str | None,
    format_: str,
    raw: bool,
    **params,
) -> None:
    """Run a named read query of cypher/read/ (or ad-hoc Cypher) on the graph."""
    from coopgraph.store import queries

    if list_:
        for q in queries.read_queries():
            click.echo(f"{q.short_name}: {q.description}")
            for p in q.params:
                opt = ", optional" if p.optional else ""
                click.echo(f"    --param {p.name}=...  ({p.type}{opt}) {p.description}")
        return
    if bool(name) == bool(cypher):
        raise InputError(
            "give a query NAME or --cypher TEXT (coopgraph query --list shows the names)"
        )
    named = None
    if name:
        try:
            named = queries.query(f"read/{name}")
        except KeyError:
            raise InputError(
                f"no query named '{name}' (coopgraph query --list shows them)"
            ) from None
        named.parameters(queries.parse_params(params_, named))  # fail before connecting
    values = queries.parse_params(params_, named)
    store = open_neo4j(params)
    try:
        keys, records = store.run_named(name, values) if name else store.run_cypher(cypher, values)
    finally:
        store.close()
    rows = [[plain(record[k]) for k in keys] for record in records]
    click.echo(format_rows(list(keys), rows, format_, raw=raw or None), nl=False)


def plain(value):
    """A value from Neo4j as plain JSON-able Python: temporal values as ISO
    text, nodes and relationships as their properties (plus labels or type)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def format_rows(keys: list[str], rows: list[list], format_: str, raw: bool | None = None) -> str:
    """Query results as an aligned text table, JSON (a list of objects) or CSV
    (cells a spreadsheet would run as formulas neutralised, unless ``raw``).

    >>> print(format_rows(["id", "n"], [["a", 1], ["bb", None]], "table"), end="")
    id  n
    --  -
    a   1
    bb
    >>> format_rows(["id"], [["a"]], "json")
    '[\\n  {\\n    "id": "a"\\n  }\\n]\\n'
    """
    if format_ == "json":
        return (
            json.dumps(
                [dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False, indent=2
            )
            + "\n"
        )
    cells = [[_cell(v) for v in row] for row in rows]
    if format_ == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(csv_row(keys, raw=raw))
        writer.writerows(csv_row(row, raw=raw) for row in cells)
        return out.getvalue()
    cells = [[terminal_text(c) for c in row] for row in cells]  # escape sequences shown, not run
    widths = [max([len(k), *(len(r[i]) for r in cells)]) for i, k in enumerate(keys)]
    lines = [keys, ["-" * w for w in widths], *cells]
    text = "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )
    return text + "\n" + ("" if rows else "(no rows)\n")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
