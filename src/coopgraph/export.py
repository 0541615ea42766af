"""Export of the graphs behind the maps to files other tools open (GraphML
and GEXF for Gephi, JSON node-link for scripts).

The graphs and their metrics come from the analysis layer
(:meth:`coopgraph.analysis.Analysis.view`); the reader's labels from a
:class:`~coopgraph.labels.Labeller` (:func:`labelled_view`). This module only
writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.analysis.views import (
    VIEWS,
    actor_region_graph,
    add_metrics,
    restrict_to_regions,
    restrict_to_scope,
)
from coopgraph.errors import InputError
from coopgraph.graph.projections import Period
from coopgraph.io.output import xml_text
from coopgraph.labels import Labeller
from coopgraph.model import Dataset

__all__ = [
    "FORMATS",
    "VIEWS",
    "actor_region_graph",
    "add_metrics",
    "analysed_view",
    "format_of",
    "graph_json",
    "graph_text",
    "labelled_view",
]

FORMATS = ("graphml", "gexf", "json")


# ---------------------------------------------------------------- export


def _plain(value):
    """A value GraphML/GEXF can store: str, int, float or bool."""
    if isinstance(value, str):
        return xml_text(value)  # control characters would make the file unreadable
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(_plain(v)) for v in value)
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def flat_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all scalars (lists joined by
    ``;``, dates in ISO form, dicts as JSON; ``None`` left out), as GraphML
    and GEXF require.

    >>> G = nx.Graph(since=None); G.add_edge("a", "b", meetings=["m1", "m2"], first=date(2020, 5, 14), note=None)
    >>> F = flat_graph(G)
    >>> F["a"]["b"], F.graph
    ({'meetings': 'm1;m2', 'first': '2020-05-14'}, {})
    """
    F = nx.Graph()
    F.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    for n, data in G.nodes(data=True):
        F.add_node(xml_text(str(n)), **{k: _plain(v) for k, v in data.items() if v is not None})
    for u, v, data in G.edges(data=True):
        F.add_edge(
            xml_text(str(u)),
            xml_text(str(v)),
            **{k: _plain(x) for k, x in data.items() if x is not None},
        )
    return F


def graph_json(G: nx.Graph) -> str:
    """The node-link JSON of ``G`` (networkx's format, edges under ``links``),
    dates in ISO form.

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2)
    >>> json.loads(graph_json(G))["links"]
    [{'weight': 2, 'source': 'a', 'target': 'b'}]
    """
    data = nx.node_link_data(G, edges="links")
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def graph_text(G: nx.Graph, fmt: str) -> str:
    """``G`` in ``fmt`` (one of :data:`FORMATS`) as text."""
    if fmt == "json":
        return graph_json(G)
    F = flat_graph(G)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(F, encoding="utf-8", prettyprint=True)) + "\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(F, encoding="utf-8", prettyprint=True)) + "\n"
    raise InputError.of("cli.unknown_format", fmt=fmt, formats=", ".join(FORMATS))


def format_of(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the file's extension.

    >>> format_of(Path("net.gexf")), format_of(Path("net.xml"), "graphml")
    ('gexf', 'graphml')
    """
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputError.of("cli.export_format", path=path, formats="|".join(FORMATS))
    return fmt


def labelled_view(
    an: Analysis,
    view: str,
    labeller: Labeller,
    *,
    regions: Iterable[str] = (),
    betweenness: bool = True,
    max_actors: int | None = None,
) -> nx.Graph:
    """The view graph of ``an`` (:meth:`~coopgraph.analysis.Analysis.view`),
    labelled for the reader by ``labeller``, then restricted to the nodes of
    ``regions`` (INSEE codes or names; all when empty) and to the analysis'
    territory (:func:`~coopgraph.analysis.views.restrict_to_scope`). Metrics are computed
    on the whole graph first, so a cité keeps its national betweenness and
    isolation type when the map shows only its région. With ``max_actors``,
    an actor view of more actors than that is grouped by région
    (:func:`~coopgraph.analysis.views.actor_region_graph`)."""
    # a view of its own (commands make one view per run), labelled in place
    G = an.view(view, betweenness=betweenness, max_actors=max_actors, keep=False)
    G = labeller.label_view(G, an.isolated if view == "cites" else (), copy=False)
    return restrict_to_scope(restrict_to_regions(G, regions), an.territory)


def analysed_view(
    ds: Dataset,
    view: str = "cites",
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    pseudonymise: bool = False,
    regions: Iterable[str] = (),
    seed: int = 0,
    lang: str = "fr",
    betweenness: bool = True,
    max_actors: int | None = None,
) -> nx.Graph:
    """:func:`labelled_view` of a dataset in one call (a script's shortcut:
    commands build their :class:`~coopgraph.analysis.Analysis` once and call
    :func:`labelled_view`).

    >>> from datetime import date
    >>> from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting
    >>> ds = Dataset(
    ...     cites=(Cite("a", "A", "28"), Cite("b", "B", "53"), Cite("c", "C", "53")),
    ...     actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "Club"),),
    ...     attendance=(Attendance("m1", "x"), Attendance("m1", "y")),
    ... )
    >>> G = analysed_view(ds, regions=["Bretagne"])
    >>> sorted(G.nodes(data="data_status")), G.graph["regions"]
    ([('b', 'sparse'), ('c', 'no_data')], ['53'])
    >>> sorted(G.nodes(data="isolation"))  # no isolation type without enough data
    [('b', ''), ('c', '')]
    >>> analysed_view(ds, "actors", pseudonymise=True).nodes["x"]["label"].startswith("Personne ")
    True
    """
    options = AnalysisOptions(
        period=period, scales=tuple(scales) if scales else None, min_shared=min_shared, seed=seed
    )
    return labelled_view(
        Analysis(ds, options),
        view,
        Labeller(ds, lang, pseudonymise),
        regions=regions,
        betweenness=betweenness,
        max_actors=max_actors,
    )
