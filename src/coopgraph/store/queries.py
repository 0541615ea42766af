"""Named Cypher queries, read from the ``.cypher`` files of the ``cypher/`` folder.

Cypher is code: every query lives in its own file (``cypher/<group>/<name>.cypher``),
starting with ``//`` comment lines that say what it does and declare its
parameters, one per line::

    // The cités whose actors met the actors of one cité.
    // $cite_id (string): id of the cité
    // $since (date, optional): first day of the period

A query is named by its path without the suffix: ``read/cite_partners``.
The groups are ``schema`` (constraints, indexes), ``load`` (``UNWIND``
batches), ``intake`` (one web intake commit, in one transaction), ``read``
(what the store and ``coopgraph query`` read), ``admin`` and ``bench``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from coopgraph.errors import InLanguage, InputError
from coopgraph.i18n import translator

#: Types a parameter may declare, and how a ``--param key=value`` text becomes one.
PARAM_TYPES = ("string", "int", "float", "bool", "date", "list")

_PARAM_LINE = re.compile(r"^\$(\w+)\s*\((\w+)(,\s*optional)?\)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """A parameter declared in a query's header comment."""

    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class Query:
    """One named Cypher query: its text, what it does, its parameters."""

    name: str
    text: str
    description: str
    params: tuple[Param, ...] = field(default=())

    @property
    def group(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def short_name(self) -> str:
        return self.name.split("/", 1)[-1]

    def parameters(self, given: dict[str, object]) -> dict[str, object]:
        """The parameter map for a run: every declared parameter, optional ones
        ``None`` when not given; unknown or missing ones are an error.

        >>> q = parse_query("example/x", "// X.\\n// $a (int): a\\n// $b (date, optional): b\\nRETURN $a")
        >>> q.parameters({"a": 1})
        {'a': 1, 'b': None}
        """
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise InputError.of(
                "query.err.unknown_param",
                query=self.short_name,
                unknown=", ".join(unknown),
                declared=", ".join(declared) or InLanguage(lambda lang: translator(lang)("none")),
            )
        missing = [p.name for p in self.params if not p.optional and p.name not in given]
        if missing:
            raise InputError.of("query.err.missing_param", query=self.short_name, param=missing[0])
        return {name: given.get(name) for name in declared}


def parse_query(name: str, text: str) -> Query:
    """A query from the text of its file: the leading ``//`` lines are its
    description and parameter declarations.

    >>> q = parse_query("example/p", "// Partners of a cité.\\n// $cite_id (string): the cité\\nMATCH (c) RETURN c")
    >>> q.description, [(p.name, p.type, p.optional) for p in q.params]
    ('Partners of a cité.', [('cite_id', 'string', False)])
    """
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        comment = stripped[2:].strip()
        match = _PARAM_LINE.match(comment)
        if match:
            pname, ptype, optional, pdesc = match.groups()
            if ptype not in PARAM_TYPES:
                raise ValueError(f"{name}: parameter ${pname} has unknown type '{ptype}'")
            params.append(Param(pname, ptype, bool(optional), pdesc.strip()))
        elif comment and not comment.lower().startswith("parameters:"):
            description.append(comment)
    if not description:
        raise ValueError(f"{name}.cypher must start with a // comment saying what it does")
    return Query(name, text, " ".join(description), tuple(params))


def cypher_dir() -> Traversable:
    """Where the ``.cypher`` files are: inside the installed package (the wheel
    carries them as ``coopgraph/cypher``), else the repository's ``cypher/``
    folder (an editable checkout)."""
    packaged = resources.files("coopgraph") / "cypher"
    if packaged.is_dir():
        return packaged
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "cypher"
        if candidate.is_dir() and (candidate / "load").is_dir():
            return candidate
    raise FileNotFoundError("coopgraph's cypher/ folder is missing from this installation")


@cache
def all_queries() -> dict[str, Query]:
    """Every named query, by name (``group/name``)."""
    root = cypher_dir()
    queries = {}
    for group in sorted(root.iterdir(), key=lambda t: t.name):
        if not group.is_dir():
            continue
        for file in sorted(group.iterdir(), key=lambda t: t.name):
            if file.name.endswith(".cypher"):
                name = f"{group.name}/{file.name.removesuffix('.cypher')}"
                queries[name] = parse_query(name, file.read_text(encoding="utf-8"))
    return queries


def query(name: str) -> Query:
    """The named query (``load/cites``, ``read/cite_partners``, ...)."""
    try:
        return all_queries()[name]
    except KeyError:
        raise KeyError(f"no Cypher file for query '{name}'") from None


def read_queries() -> list[Query]:
    """The named read queries ``coopgraph query`` offers (group ``read``)."""
    return [q for q in all_queries().values() if q.group == "read"]


def convert_param(text: str, type_: str) -> object:
    """A ``--param`` value (text) as the declared type.

    >>> convert_param("2021-03-01", "date"), convert_param("3", "int")
    (datetime.date(2021, 3, 1), 3)
    >>> convert_param("28,53", "list")
    ['28', '53']
    """
    try:
        if type_ == "string":
            return text
        if type_ == "int":
            return int(text)
        if type_ == "float":
            return float(text)
        if type_ == "bool":
            lowered = text.lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            return lowered in ("true", "1", "yes")
        if type_ == "date":
            return date.fromisoformat(text)
        if type_ == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
    except ValueError:
        raise InputError.of("query.err.bad_value", text=text, type=type_) from None
    raise InputError.of("query.err.unknown_type", type=type_, types=", ".join(PARAM_TYPES))


def parse_params(
    items: tuple[str, ...] | list[str], query_: Query | None = None
) -> dict[str, object]:
    """``key=value`` (or ``key:type=value``) items as a parameter map, typed
    by the query's declarations; undeclared ones are strings unless typed.

    >>> parse_params(["cite_id=cite-001", "n:int=2"])
    {'cite_id': 'cite-001', 'n': 2}
    """
    declared = {p.name: p.type for p in query_.params} if query_ else {}
    params: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError.of("query.err.key_value", item=item)
        key, _, type_ = key.strip().partition(":")
        params[key] = convert_param(value, type_ or declared.get(key, "string"))
    return params
