"""``coopgraph load`` (files into the shared Neo4j graph) and ``coopgraph query``
(named or ad-hoc read queries against it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coopgraph.cli import cli
from coopgraph.commands.options import (
    Neo4jSettings,
    example,
    format_option,
    lang_option,
    neo4j_options,
)
from coopgraph.errors import InputError
from coopgraph.i18n import current_lang, translator


def open_neo4j(neo4j: Neo4jSettings):
    from coopgraph.store import open_store

    return open_store(
        None,
        "neo4j",
        uri=neo4j.uri,
        user=neo4j.user,
        password=neo4j.password,
        database=neo4j.database,
    )


@cli.command(epilog=example("coopgraph load data/sample", "coopgraph load data/sample --replace"))
@click.argument("data", type=click.Path(path_type=Path))
@neo4j_options
@click.option("--replace", is_flag=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=10_000, show_default=True)
def load(data: Path, neo4j: Neo4jSettings, replace: bool, batch_size: int) -> None:
    """Load a data directory (or workbook) into the Neo4j graph.

    The data is validated first (invalid data: nothing is written), then
    merged in batches: loading the same data twice changes nothing, and a
    directory with new meetings adds only those.
    """
    from tqdm import tqdm

    from coopgraph.io import read_dataset
    from coopgraph.store.neo4j import load_plan

    ds = read_dataset(data)
    store = open_neo4j(neo4j)
    try:
        store.ensure_schema()  # a wrong database fails here, before the progress bar
        total = sum(len(step.rows) for step in load_plan(ds))
        t = translator(current_lang())
        desc, unit = t("cli.load.progress"), t("cli.load.unit")
        with tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False) as bar:
            report = store.load(ds, replace=replace, batch_size=batch_size, progress=bar.update)
        where = store.describe()
    finally:
        store.close()
    t = translator(current_lang())
    click.echo(t("cli.loaded", data=data, where=where))
    if replace:
        click.echo(t("cli.wiped", n=report.wiped))
    width = max(len(w) for w in report.rows)
    kind, rows_, created, there = (
        t("cli.load.kind"), t("cli.load.rows"), t("cli.load.created"), t("cli.load.already")
    )  # fmt: skip
    click.echo(f"{'':{width}}  {kind:<13} {rows_:>8} {created:>8} {there:>14}")
    for what, rows in report.rows.items():
        sort = t(f"cli.load.{report.kinds[what]}")  # nodes or relationships
        click.echo(
            f"{what:{width}}  {sort:<13} {rows:>8} {report.created[what]:>8} "
            f"{report.already_there(what):>14}"
        )
    already = sum(report.already_there(w) for w in report.rows)
    click.echo(t("cli.load.total", created=report.total_created, already=already))


@cli.command(
    epilog=example(
        "coopgraph query --list",
        "coopgraph query isolated_cites --param since=2020-01-01 --format csv",
    )
)
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True)
@click.option("--param", "params_", multiple=True, metavar="KEY=VALUE")
@click.option("--cypher")
@format_option(["table", "json", "csv"])
@click.option("--raw", is_flag=True)
@neo4j_options
@lang_option
def query(
    name: str | None,
    list_: bool,
    params_: tuple[str, ...],
    cypher: str | None,
    fmt: str,
    raw: bool,
    neo4j: Neo4jSettings,
    lang: str,
) -> None:
    """Run a named read query of cypher/read/ (or ad-hoc Cypher) on the graph."""
    from coopgraph.store import queries

    if list_:
        click.echo(_query_list(queries.read_queries(), lang), nl=False)
        return
    if bool(name) == bool(cypher):
        raise InputError.of("query.err.need_name")
    named = None
    if name:
        try:
            named = queries.query(f"read/{name}")
        except KeyError:
            raise InputError.of("query.err.unknown", name=name) from None
        named.parameters(queries.parse_params(params_, named))  # fail before connecting
    values = queries.parse_params(params_, named)
    store = open_neo4j(neo4j)
    try:
        keys, records = store.run_named(name, values) if name else store.run_cypher(cypher, values)
    finally:
        store.close()
    rows = [[plain(record[k]) for k in keys] for record in records]
    click.echo(format_rows(list(keys), rows, fmt, raw=raw or None, lang=lang), nl=False)


def _query_list(found, lang: str) -> str:
    """The named read queries and their parameters, in words: the titles and
    texts of the workspace's query page (``web.q_*``), the file's own
    English comment for a query without them."""
    t = translator(lang)

    def words(key: str, fallback: str) -> str:
        text = t(key)
        return fallback if text == key else text

    lines = []
    for q in found:
        title = words(f"web.q_{q.short_name}", q.short_name)
        text = words(f"web.q_{q.short_name}_text", q.description)
        lines.append(t("query.entry", name=q.short_name, title=title, text=text))
        for p in q.params:
            opt = f", {t('web.param_optional')}" if p.optional else ""
            said = words(f"query.param.{p.name}", p.description)
            lines.append(f"    --param {p.name}=...  ({p.type}{opt}) {said}")
    return "".join(f"{line}\n" for line in lines)


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


def format_rows(
    keys: list[str], rows: list[list], format_: str, raw: bool | None = None, lang: str = "en"
) -> str:
    """Query results as an aligned text table, JSON (a list of objects) or CSV
    (:mod:`coopgraph.reports.tabular`, the one output path for tables; CSV
    cells a spreadsheet would run as formulas neutralised, unless ``raw``).

    >>> print(format_rows(["id", "n"], [["a", 1], ["bb", None]], "table"), end="")
    id  n
    --  -
    a   1
    bb
    >>> format_rows(["id"], [["a"]], "json")
    '[\\n  {\\n    "id": "a"\\n  }\\n]\\n'
    """
    from coopgraph.reports.tabular import aligned_table, csv_table, json_text

    if format_ == "json":
        return json_text([dict(zip(keys, row, strict=True)) for row in rows]) + "\n"
    cells = [[_cell(v) for v in row] for row in rows]
    if format_ == "csv":
        return csv_table(keys, cells, raw=raw)
    none = "" if rows else translator(lang)("query.no_rows") + "\n"
    return aligned_table(keys, cells) + "\n" + none


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
