"""Gould–Fernandez brokerage on a worked example built from the definitions,
and the Krackhardt E–I index."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from coopgraph.metrics import brokerage
from coopgraph.metrics.brokerage import (
    ROLES,
    brokerage_roles,
    brokers,
    ei_index,
    network_ei_index,
    role_totals_by_group,
)


def worked_example() -> nx.DiGraph:
    """One broker per role, each on one two-path a -> b -> c (Gould &
    Fernandez 1989, fig. 1): groups R, S, T."""
    D = nx.DiGraph()
    paths = {
        "coordinator": ("R", "R", "R"),
        "itinerant": ("S", "R", "S"),
        "gatekeeper": ("S", "R", "R"),
        "representative": ("R", "R", "S"),
        "liaison": ("S", "R", "T"),
    }
    for role, (ga, gb, gc) in paths.items():
        a, b, c = f"{role}-a", f"{role}-b", f"{role}-c"
        D.add_node(a, region=ga)
        D.add_node(b, region=gb)
        D.add_node(c, region=gc)
        D.add_edges_from([(a, b), (b, c)])
    return D


def test_each_role_on_the_worked_example():
    roles = brokerage_roles(worked_example())
    for role in ROLES:
        expected = {r: int(r == role) for r in ROLES}
        assert roles[f"{role}-b"] == expected, role
        assert roles[f"{role}-a"] == dict.fromkeys(ROLES, 0)


def test_closed_two_path_is_not_brokerage():
    D = worked_example()
    D.add_edge("liaison-a", "liaison-c")
    assert brokerage_roles(D)["liaison-b"]["liaison"] == 0
    # the reverse arc does not close a -> b -> c
    D2 = worked_example()
    D2.add_edge("liaison-c", "liaison-a")
    assert brokerage_roles(D2)["liaison-b"]["liaison"] == 1


def test_undirected_star_hand_checked():
    # centre in R; leaves R, R, S, T. Unordered leaf pairs: RR (1), R-S (2),
    # R-T (2), S-T (1); each counted in both directions.
    G = nx.star_graph(4)
    nx.set_node_attributes(G, {0: "R", 1: "R", 2: "R", 3: "S", 4: "T"}, "region")
    assert brokerage_roles(G)[0] == {
        "coordinator": 2,
        "itinerant": 0,
        "gatekeeper": 4,
        "representative": 4,
        "liaison": 2,
    }
    G.add_edge(3, 4)  # S–T now tied: no liaison left
    assert brokerage_roles(G)[0]["liaison"] == 0


def test_undirected_itinerant():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "S", "b": "R", "c": "S"}, "region")
    assert brokerage_roles(G)["b"]["itinerant"] == 2


def _as_arrays(G: nx.Graph) -> tuple[list[np.ndarray], np.ndarray]:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    labels = sorted({G.nodes[n]["region"] for n in nodes})
    gof = np.array([labels.index(G.nodes[n]["region"]) for n in nodes], dtype=np.int64)
    nb = [np.array(sorted(index[v] for v in G[n]), dtype=np.int64) for n in nodes]
    return nb, gof


def meeting_union(seed: int, actors: int = 90, meetings: int = 40) -> nx.Graph:
    """A co-attendance graph: the union of cliques of random meetings (the
    shape of the actor graph: many triangles), actors in four régions."""
    rnd = random.Random(seed)
    G = nx.Graph()
    G.add_nodes_from((a, {"region": rnd.choice("ABCD")}) for a in range(actors))
    for _ in range(meetings):
        members = rnd.sample(range(actors), rnd.randint(2, 12))
        G.add_edges_from((u, v) for i, u in enumerate(members) for v in members[i + 1 :])
    return G


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", ["gnp", "meetings"])
def test_undirected_closed_form_equals_counting_paths(seed, shape):
    if shape == "gnp":
        G = nx.gnp_random_graph(70, 0.12, seed=seed)
        rnd = random.Random(seed)
        nx.set_node_attributes(G, {n: rnd.choice("ABCD") for n in G}, "region")
    else:
        G = meeting_union(seed)
    G.nodes[0]["region"] = None  # no group: not counted
    by_paths = brokerage_roles(G.to_directed())  # the definition, path by path
    assert brokerage_roles(G) == by_paths
    old = brokerage.DENSE_MAX_NODES
    try:
        brokerage.DENSE_MAX_NODES = 0  # the sparse path for large graphs
        assert brokerage_roles(G) == by_paths
    finally:
        brokerage.DENSE_MAX_NODES = old


@pytest.mark.parametrize("block_work", [1, 50, 10**9])
def test_sparse_blocks_give_the_dense_counts(block_work):
    """Any split of the rows into blocks (one row each, a few, all at once)
    gives the dense products' counts."""
    nb, gof = _as_arrays(meeting_union(7, actors=120, meetings=60))
    dense = brokerage._tied_pairs_dense(nb, gof)
    assert dense[:, 4].sum() > 0  # the graph has triangles
    assert (brokerage._tied_pairs_sparse(nb, gof, block_work=block_work) == dense).all()


def test_sparse_triangle_hand_checked():
    # triangle a, b (R) and c (S): for a, the tied ordered pairs (b, c) and
    # (c, b) are one representative-type pair and one gatekeeper-type pair;
    # for c, (a, b) and (b, a) are both of the itinerant type (g(a) = g(b)).
    nb = [np.array([1, 2]), np.array([0, 2]), np.array([0, 1])]
    gof = np.array([0, 0, 1])
    got = brokerage._tied_pairs_sparse(nb, gof, block_work=1)
    # columns: coordinator, gatekeeper, representative, itinerant, all
    assert got.tolist() == [[0, 1, 1, 0, 2], [0, 1, 1, 0, 2], [0, 0, 0, 2, 2]]


def test_brokerage_work_is_the_sum_of_squared_degrees():
    G = meeting_union(3)
    assert brokerage.brokerage_work(G) == sum(len(G[n]) ** 2 for n in G)


def test_brokers_ranking_and_group_totals():
    G = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("x", "a")])
    nx.set_node_attributes(G, {"hub": "R", "a": "S", "b": "T", "c": "R", "x": "S"}, "region")
    ranked = brokers(G)
    assert ranked[0].node == "hub" and ranked[0].intergroup == ranked[0].total
    assert role_totals_by_group(G)["R"]["liaison"] == ranked[0].liaison == 2


def test_ei_index_hand_checked():
    G = nx.Graph()
    G.add_nodes_from(["a", "b", "c"], region="R")
    G.add_nodes_from(["d"], region="S")
    G.add_edge("a", "b", weight=3)
    G.add_edge("b", "c", weight=1)
    G.add_edge("c", "d", weight=2)
    got = {e.group: (e.external, e.internal, e.ei) for e in ei_index(G)}
    assert got == {"R": (1, 2, -0.3333), "S": (1, 0, 1.0)}
    weighted = {e.group: e.ei for e in ei_index(G, weight="weight")}
    assert weighted == {"R": round((2 - 4) / 6, 4), "S": 1.0}
    assert network_ei_index(G) == round((1 - 2) / 3, 4)
