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


@pytest.mark.parametrize("min_shared", [1, 2])
def test_cite_tie_people_match_the_loops(ds, min_shared):
    """``people`` (who made each tie, per side), vectorised, against the
    definition as loops: the union over the tie's meetings of the actors of
    each cité present, sorted, keyed in the order ``G.edges`` gives the ends."""
    cite_of = {a.id: a.cite_id for a in ds.actors if a.cite_id}
    attendees = P.attendees_by_meeting(ds)
    got = P.cite_graph(ds, min_shared=min_shared)
    checked = 0
    for u, v, d in got.edges(data=True):
        want: dict[str, set[str]] = {u: set(), v: set()}
        for mid in d["meetings"]:
            for a in attendees.get(mid, ()):
                if cite_of.get(a) in want:
                    want[cite_of[a]].add(a)
        assert list(d["people"].items()) == [
            (u, tuple(sorted(want[u]))),
            (v, tuple(sorted(want[v]))),
        ]
        checked += 1
    assert checked > 50


def test_no_meeting_no_tie():
    ties = P._tie_arrays([], [])
    assert ties.u.size == 0 and ties.nodes == []


def test_two_mode_betweenness_from_arrays_equals_the_graphs(ds):
    """The actors' betweenness from the arrays is the graph's, value for value
    (exact on the sample; the sampled path draws the same sources)."""
    from coopgraph.metrics.centrality import two_mode_betweenness, two_mode_betweenness_of_pairs

    B = P.actor_meeting_graph(ds)
    actors, meetings, pairs = P.actor_meeting_pairs(ds)
    assert [*actors, *meetings] == list(B)
    index = {n: i for i, n in enumerate(B)}
    assert pairs.tolist() == [[index[u], index[v]] for u, v in B.edges()]
    for exact_work in (10**12, 10**5):  # exact, then sampled
        want = two_mode_betweenness(B, seed=3, exact_work=exact_work)
        got = two_mode_betweenness_of_pairs(actors, meetings, pairs, seed=3, exact_work=exact_work)
        assert (got.method, got.k, got.nodes, got.edges) == (
            want.method,
            want.k,
            want.nodes,
            want.edges,
        )
        assert got.values == want.values


def test_strongest_ties_equal_a_copy_without_the_weak_ones():
    """The map's tie filter builds the graph G.copy() minus the dropped ties
    would give: the same nodes, ties and neighbour order (the page's order)."""
    import random

    from coopgraph.viz.maps import strongest_ties

    rng = random.Random(1)
    G = nx.gnm_random_graph(60, 900, seed=2)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 9)
    G.add_node(99, region="28")
    H, w = strongest_ties(G, 300)
    R = G.copy()
    R.remove_edges_from([e for e in G.edges if not H.has_edge(*e)])
    assert list(H.nodes(data=True)) == list(R.nodes(data=True))
    assert [list(H.adj[n].items()) for n in H] == [list(R.adj[n].items()) for n in R]
    assert 0 < H.number_of_edges() <= 300 and all(d["weight"] >= w for *_, d in H.edges(data=True))
