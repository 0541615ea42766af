"""Which named queries (``cypher/read/``) an account may run, with which
parameters, and which rows it gets back. Default: refused.

* national accounts run every read query;
* a read-only national observer runs the queries that return no person's
  name (:data:`NAMELESS`);
* a territorial account (CRPV, or read-only bound to a territory) runs only
  the queries of :data:`TERRITORIAL`: a cité parameter must name one of its
  cités, a CRPV parameter its own CRPV, and row-filtered queries keep only
  the rows of its cités.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from coopgraph.i18n import translator
from coopgraph.model import Dataset
from coopgraph.store.queries import Query
from coopgraph.store.queries import read_queries as _read_queries
from coopgraph.web.i18n import Text
from coopgraph.web.scope import Scope

#: read queries whose results hold no person's name
NAMELESS = frozenset(
    {
        "attendance",
        "cite_partners",
        "cites",
        "crpv_cites",
        "governance",
        "institutions",
        "isolated_cites",
        "meetings",
        "region_links",
        "support",
    }
)

#: queries a territorial account may run: how each is bound to the territory
TERRITORIAL: dict[str, tuple[str, str]] = {
    "cite_partners": ("cite_id", "cite"),
    "crpv_cites": ("crpv_id", "crpv"),
    "isolated_cites": ("cite_id", "rows"),
}


def read_queries() -> list[Query]:
    return sorted(_read_queries(), key=lambda q: q.short_name)


def find(name: str) -> Query | None:
    return next((q for q in read_queries() if q.short_name == name), None)


def allowed(name: str, scope: Scope) -> bool:
    """Whether an account of ``scope`` may run the query at all."""
    if scope.everywhere:
        return scope.names_everywhere or name in NAMELESS
    return name in TERRITORIAL


def parameters_in_scope(
    name: str, params: dict[str, Any], scope: Scope, territory: str, ds: Dataset
) -> bool:
    """Whether the parameter values stay in the account's territory."""
    if scope.everywhere:
        return True
    param, kind = TERRITORIAL[name]
    if kind == "cite":
        return scope.covers_cite(ds.cite_by_id.get(str(params.get(param, ""))))
    if kind == "crpv":
        return params.get(param) == territory
    return True


#: parameters offered as a list of the territory's values, and what they name
CHOICE_PARAMS = {"cite_id": "cite", "crpv_id": "crpv"}


def parameter_choices(
    params: Any, scope: Scope, territory: str, ds: Dataset, blank: str = "—"
) -> dict[str, list[tuple[str, str]]]:
    """The values the account may give each cité or CRPV parameter: the
    cités of its territory by name (a name twice gets its id), its own CRPV
    (every CRPV for an account that sees all of France). Ids are the values.
    An optional parameter starts with ``blank`` (any) for accounts that see
    all of France only: a territorial account must name its own.

    >>> from coopgraph.model import Cite, Institution
    >>> from coopgraph.store.queries import Param
    >>> ds = Dataset(
    ...     cites=(Cite("a", "Nord", "28"), Cite("b", "Sud", "28"), Cite("c", "Nord", "53")),
    ...     institutions=(Institution("k", "Normanvilles", "crpv", regions=("28",)),),
    ... )
    >>> params = [Param("cite_id", "string", False, ""), Param("crpv_id", "string", True, "")]
    >>> parameter_choices(params, Scope("28", regions=frozenset({"28"})), "k", ds)
    {'cite_id': [('a', 'Nord'), ('b', 'Sud')], 'crpv_id': [('k', 'Normanvilles')]}
    >>> parameter_choices(params, Scope("France"), "", ds)["cite_id"]
    [('a', 'Nord (a)'), ('c', 'Nord (c)'), ('b', 'Sud')]
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for p in params:
        kind = CHOICE_PARAMS.get(p.name)
        if kind == "cite":
            cites = [c for c in ds.cites if scope.covers_cite(c)]
            seen = Counter(c.name for c in cites)
            values = [
                (c.id, c.name if seen[c.name] == 1 else f"{c.name} ({c.id})")
                for c in sorted(cites, key=lambda c: (c.name.casefold(), c.id))
            ]
        elif kind == "crpv":
            crpvs = sorted(ds.crpvs, key=lambda k: (k.name.casefold(), k.id))
            values = [(k.id, k.name) for k in crpvs if scope.everywhere or k.id == territory]
        else:
            continue
        if p.optional and scope.everywhere:
            values.insert(0, ("", blank))
        out[p.name] = values
    return out


def run(ws: Any, name: str, params: dict[str, Any], scope: Scope) -> tuple[list[str], list[list]]:
    """Run the query on the workspace's Neo4j store; rows as plain values,
    filtered to the territory when the query is row-filtered."""
    from coopgraph.commands.store import plain

    keys, records = ws.neo4j.run_named(name, params)
    keys = list(keys)
    rows = [[plain(v) for v in r.values()] for r in records]
    if not scope.everywhere and TERRITORIAL[name][1] == "rows":
        column = keys.index(TERRITORIAL[name][0])
        rows = [r for r in rows if scope.covers_cite(ws.ds.cite_by_id.get(r[column]))]
    return keys, rows


# ---------------------------------------------------------------- words

#: result columns whose values are keys, and the catalogue prefix naming
#: them (by query, then for every query)
VALUE_LABELS: dict[tuple[str, str], str] = {
    ("crpv_cites", "kind"): "support.kind",
    ("support", "kind"): "support.kind",
    ("institutions", "kind"): "kind",
    ("*", "role"): "leg",
    ("*", "scale"): "meeting.scale",
}


def title(name: str, T: Text) -> str:
    """A query's name in words (its file name when the page has none)."""
    return T.get(f"q_{name}", name)


def description(name: str, fallback: str, T: Text) -> str:
    """What a query does, in the page's language (the file's own comment,
    in English, when the page has no text for it)."""
    return T.get(f"q_{name}_text", fallback)


def column_label(key: str, T: Text) -> str:
    """A result column in words: the page's text, else the reports' field
    names (``field.*``), else the key."""
    t = translator(T.lang)
    found = t(f"field.{key}")
    return T.get(f"colq_{key}", found if found != f"field.{key}" else key)


def cell_label(name: str, key: str, value: Any, T: Text) -> Any:
    """A result cell for the page: keys in words, booleans as yes/no; the
    CSV download keeps the values as they are."""
    t = translator(T.lang)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    prefix = VALUE_LABELS.get((name, key)) or VALUE_LABELS.get(("*", key))
    if prefix and isinstance(value, str) and value:
        found = t(f"{prefix}.{value}")
        return value if found == f"{prefix}.{value}" else found
    return value
