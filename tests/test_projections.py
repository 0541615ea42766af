"""Projections of the tiny dataset of tests/netdata.py, checked by hand."""

from __future__ import annotations

from datetime import date

import networkx as nx

from coopgraph.graph.projections import (
    Period,
    actor_graph,
    actor_meeting_graph,
    actor_regions,
    cite_graph,
    institution_graph,
    institution_region,
)
from netdata import tiny


def edges(G, attr="weight"):
    return {tuple(sorted((u, v))): d for u, v, d in G.edges(data=attr)}


def test_cite_graph_weights_and_provenance():
    G = cite_graph(tiny())
    assert edges(G) == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 2, ("a", "d"): 1}
    assert G["a"]["b"]["meetings"] == ["m2", "m3"]
    assert G["a"]["b"]["first"] == date(2020, 5, 14) and G["a"]["b"]["last"] == date(2020, 7, 2)
    assert G["a"]["b"]["people"] == {"a": ("x",), "b": ("y",)}
    assert G["a"]["b"]["distance"] == 0.5
    assert set(G) == {"a", "b", "c", "d"}
    assert G.nodes["b"]["region"] == "53"


def test_cite_graph_period_scales_threshold():
    ds = tiny()
    assert edges(cite_graph(ds, Period(date(2020, 5, 1), None))) == {
        ("a", "b"): 2,
        ("a", "c"): 1,
        ("b", "c"): 2,
    }
    assert edges(cite_graph(ds, Period(None, date(2020, 5, 13)))) == {("a", "d"): 1}
    no_national = cite_graph(ds, scales=("local", "interregional"))
    # m4 has no scale: it always counts
    assert edges(no_national) == {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 2, ("a", "d"): 1}
    assert edges(cite_graph(ds, min_shared=2)) == {("a", "b"): 2, ("b", "c"): 2}
    G = cite_graph(ds, min_shared=2)
    assert G.graph["min_shared"] == 2 and nx.is_isolate(G, "d")


def test_institution_graph():
    G = institution_graph(tiny())
    got = edges(G)
    # m2: va, vb, vc, nv (6 ties); m1: va–vd; m3: va–vb; m4: vb–vc; m5: pa–ea
    assert got[("va", "vb")] == 2 and got[("vb", "vc")] == 2 and got[("nv", "va")] == 1
    assert got[("va", "vd")] == 1 and got[("ea", "pa")] == 1
    assert len(got) == 8  # m3 and m4 only repeat m2 pairs
    assert G.nodes["nv"]["region"] == "28" and G.nodes["vd"]["region"] == "28"
    assert G["nv"]["vb"]["meetings"] == ["m2"]


def test_institution_graph_drops_big_meetings():
    G = institution_graph(tiny(), max_attendance=3)
    assert not G.has_edge("nv", "va") and G.has_edge("va", "vb")


def test_actor_graph_and_two_mode():
    ds = tiny()
    A = actor_graph(ds)
    assert A.number_of_edges() == 6 + 1 + 1  # clique of m2, x–w, p–e (m3, m4 repeat m2 pairs)
    assert A["x"]["y"]["weight"] == 2 and A["y"]["z"]["meetings"] == ["m2", "m4"]
    assert "name" not in A.nodes["x"]  # no personal data in the graph
    assert A.nodes["s"]["region"] == "28"  # CRPV staff: their institution's région
    assert actor_graph(ds, max_attendance=2).number_of_edges() == 4  # x–w, x–y, y–z, p–e
    B = actor_meeting_graph(ds)
    assert B.number_of_edges() == len(ds.attendance)
    assert nx.is_bipartite(B)
    assert {n for n, d in B.nodes(data="bipartite") if d == 1} == {"m1", "m2", "m3", "m4", "m5"}


def test_institution_region_choices():
    from coopgraph.model import Institution

    # A two-région CRPV is counted where its seat is (nearest région centroid).
    reso = Institution(
        "r", "RésOVilles", "crpv", regions=("53", "52"), lat=47.22, lon=-1.55
    )  # Nantes
    assert institution_region(reso) == "52"
    assert institution_region(Institution("r", "RésOVilles", "crpv", regions=("53", "52"))) == "53"
    assert actor_regions(tiny())["p"] == "28"  # préfecture of département 76


def _same_graph(G, H) -> bool:
    return (
        list(G.nodes(data=True)) == list(H.nodes(data=True))
        and list(G.edges(data=True)) == list(H.edges(data=True))
        and G.graph == H.graph
    )


def test_attendance_index_gives_the_row_by_row_graphs(sample_dir, monkeypatch):
    """The cité and institution graphs selected from the
    :class:`AttendanceIndex` with numpy are those of the row-by-row
    definition (the way taken when kept meetings share an id), node for
    node, edge for edge, attribute for attribute, in the same order; with and
    without the national meetings."""
    from coopgraph.graph.projections import AttendanceIndex, cite_graph, institution_graph
    from coopgraph.io import read_dataset

    ds = read_dataset(sample_dir)
    index = AttendanceIndex(ds)
    kinds = [None, ("local", "departemental", "regional", "interregional")]
    fast = [cite_graph(ds, scales=s, index=index) for s in kinds]
    fast += [institution_graph(ds, scales=s, index=index, max_attendance=40) for s in kinds]
    monkeypatch.setattr(AttendanceIndex, "present", lambda self, kept, node_of: None)
    slow = [cite_graph(ds, scales=s) for s in kinds]
    slow += [institution_graph(ds, scales=s, max_attendance=40) for s in kinds]
    assert all(G.number_of_edges() for G in fast)
    assert all(_same_graph(G, H) for G, H in zip(fast, slow, strict=True))


def test_attendance_index_meetings_sharing_an_id():
    """Two meetings with one id (data not from a validated file) still make
    the graph of the definition."""
    from coopgraph.graph.projections import cite_graph
    from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting

    ds = Dataset(
        cites=(Cite("a", "A", "28"), Cite("b", "B", "53")),
        actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
        meetings=(Meeting("m", date(2020, 1, 1), "T"), Meeting("m", date(2021, 1, 1), "T")),
        attendance=(Attendance("m", "x"), Attendance("m", "y")),
    )
    assert cite_graph(ds)["a"]["b"]["weight"] == 2


def test_people_of_ties_to_a_cite_known_only_from_its_actors():
    """An actor's cité missing from the cités becomes a node through its
    ties, which still get ``people`` (set once the nodes exist)."""
    from coopgraph.graph.projections import cite_graph
    from coopgraph.model import Actor, Attendance, Cite, Dataset, Meeting

    ds = Dataset(
        cites=(Cite("b", "B", "53"),),
        actors=(Actor("x", "X", "i", cite_id="a"), Actor("y", "Y", "i", cite_id="b")),
        meetings=(Meeting("m", date(2020, 1, 1), "T"),),
        attendance=(Attendance("m", "x"), Attendance("m", "y")),
    )
    G = cite_graph(ds)
    assert list(G) == ["b", "a"]
    assert G["a"]["b"]["people"] == {"b": ("y",), "a": ("x",)}


def test_copy_graph_is_networkx_copy(sample_dir):
    """:func:`copy_graph` makes networkx's copy: nodes, ties, attributes and
    the order of every adjacency, with attribute dicts of its own."""
    import random

    from coopgraph.analysis import Analysis
    from coopgraph.graph.projections import copy_graph
    from coopgraph.io import read_dataset

    an = Analysis(read_dataset(sample_dir))
    rng = random.Random(5)
    graphs = [an.cites, an.institutions, nx.DiGraph([(1, 2), (2, 1), (3, 3)])]
    graphs += [nx.gnm_random_graph(20, 40, seed=rng.randint(0, 99)) for _ in range(5)]
    graphs[-1].add_edge(4, 4, weight=3)
    for G in graphs:
        ours, theirs = copy_graph(G), G.copy()
        assert type(ours) is type(theirs) and ours.graph == theirs.graph
        assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
        assert {n: list(nbrs.items()) for n, nbrs in ours.adj.items()} == {
            n: list(nbrs.items()) for n, nbrs in theirs.adj.items()
        }
        u, v = next(iter(G.edges()))
        assert ours[u][v] is not G[u][v]
