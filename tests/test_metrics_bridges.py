"""Interregional bridges, région connections and cut points."""

from __future__ import annotations

import networkx as nx

from coopgraph.graph.projections import cite_graph
from coopgraph.metrics.bridges import (
    cut_points,
    interregional_bridges,
    region_connections,
    region_graph,
)
from netdata import tiny


def test_interregional_bridges_keep_their_meetings():
    G = cite_graph(tiny())
    got = [
        (b.source, b.target, b.source_region, b.target_region, b.weight, b.meetings)
        for b in interregional_bridges(G)
    ]
    # a–d is inside Normandie: not a bridge. Heaviest first, then région codes.
    assert got == [
        ("a", "b", "28", "53", 2, ("m2", "m3")),
        ("c", "b", "52", "53", 2, ("m2", "m4")),
        ("a", "c", "28", "52", 1, ("m2",)),
    ]
    assert [b.source for b in interregional_bridges(G, region="52")] == ["c", "a"]


def test_region_connections():
    G = cite_graph(tiny())
    got = {(r.region_a, r.region_b): (r.ties, r.weight, r.meetings) for r in region_connections(G)}
    assert got == {("28", "53"): (1, 2, 2), ("52", "53"): (1, 2, 2), ("28", "52"): (1, 1, 1)}
    R = region_graph(G)
    assert sorted(R.nodes) == ["28", "52", "53"] and R.number_of_edges() == 3


def test_cut_points_hand_checked():
    G = cite_graph(tiny())
    # d hangs on a: a–d is a bridge and a an articulation point
    cp = cut_points(G)
    assert cp.bridges == (("a", "d"),) and cp.articulation_points == ("a",)
    path = nx.path_graph(["u", "v", "w"])
    assert cut_points(path).bridges == (("u", "v"), ("v", "w"))
    assert cut_points(nx.cycle_graph(4)).articulation_points == ()


def test_cut_points_are_networkx_bridges_and_articulation_points():
    """Bridges and articulation points from one search of the blocks are
    networkx's (the oracle), on random graphs of every shape: trees, cycles,
    several components, isolated nodes, string and integer nodes."""
    import random

    import networkx as nx

    from coopgraph.metrics.bridges import cut_points

    rng = random.Random(7)
    graphs = [nx.barbell_graph(4, 2), nx.path_graph(6), nx.cycle_graph(5), nx.Graph()]
    for _ in range(60):
        n = rng.randint(1, 30)
        G = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=rng.randint(0, 10**6))
        if rng.random() < 0.5:
            G = nx.relabel_nodes(G, {v: f"c{v:02d}" for v in G})
        graphs.append(G)
    for G in graphs:
        found = cut_points(G)
        assert found.bridges == tuple(sorted(tuple(sorted(e)) for e in nx.bridges(G)))
        assert found.articulation_points == tuple(sorted(nx.articulation_points(G)))
    assert any(cut_points(G).bridges for G in graphs)
