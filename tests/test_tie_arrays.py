"""The vectorised tie builder gives the graphs of the plain dict-of-lists
builder, edge for edge and in the same order (the oracle: the definition
written as loops, kept in graph.projections)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from coopgraph.graph import projections as P
from coopgraph.io import read_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def ds():
    return read_dataset(SAMPLE)


def _by_loops(ds, nodes, nodes_of, min_shared=1):
    kept = P.meetings_in(ds, P.Period())
    attendees = P.attendees_by_meeting(ds)
    G = nx.Graph()
    G.add_nodes_from(nodes)  # the same node order: edges iterate node by node
    groups = ((m, nodes_of(attendees.get(m.id, ()))) for m in kept)
    P._add_ties(G, P._ties_from_groups(groups), min_shared)
    return G


@pytest.mark.parametrize("min_shared", [1, 3])
def test_institution_ties_match_the_loops(ds, min_shared):
    inst_of = {a.id: a.institution_id for a in ds.actors}
    got = P.institution_graph(ds, min_shared=min_shared)
    want = _by_loops(ds, got, lambda xs: [inst_of[a] for a in xs if a in inst_of], min_shared)
    assert list(got.edges(data=True)) == list(want.edges(data=True))
    lean = P.institution_graph(ds, min_shared=min_shared, provenance=False)
    assert list(lean.edges()) == list(got.edges())
    assert all(d.keys() == {"weight", "distance"} for _, _, d in lean.edges(data=True))
    assert [d["weight"] for *_, d in lean.edges(data=True)] == [
        d["weight"] for *_, d in got.edges(data=True)
    ]


def test_cite_ties_match_the_loops(ds):
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    got = P.cite_graph(ds)
    want = _by_loops(ds, got, lambda xs: [cite_of[a] for a in xs if a in cite_of])
    strip = [
        (u, v, {k: x for k, x in d.items() if k != "people"}) for u, v, d in got.edges(data=True)
    ]
    assert strip == list(want.edges(data=True)) and got.number_of_edges() > 100


def test_no_meeting_no_tie():
    ties = P._tie_arrays([], [])
    assert ties.u.size == 0 and ties.nodes == []
