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
