"""Betweenness, components and community modularity, cross-checked against
igraph (an independent implementation) on generated graphs and on a graph
built from the real list of cités."""

from __future__ import annotations

import csv
import random

import igraph as ig
import networkx as nx
import pytest

from coopgraph.geo import haversine_km
from coopgraph.metrics.centrality import (
    betweenness,
    fast_betweenness,
    sample_size,
    two_mode_betweenness,
)
from coopgraph.metrics.communities import louvain_communities


def to_igraph(G: nx.Graph, weight: str | None = None):
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    if weight:
        g.es[weight] = [d[weight] for _, _, d in G.edges(data=True)]
    return g, nodes


def generated_graphs():
    yield nx.gnp_random_graph(120, 0.05, seed=1)
    yield nx.barabasi_albert_graph(200, 3, seed=2)
    yield nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(7))  # two components
    yield nx.powerlaw_cluster_graph(150, 4, 0.3, seed=3)
    yield nx.complete_graph(30)


def real_cites_graph(shared_data) -> nx.Graph:
    """The real cités (ANCT 2024), tied when less than 60 km apart."""
    path = shared_data / "derived" / "cites_educatives_anct2024_by_commune.csv"
    where = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["lat"] and row["lon"] and row["id_cite"] not in where:
                where[row["id_cite"]] = (float(row["lat"]), float(row["lon"]), row["insee_reg"])
    G = nx.Graph()
    for c, (_, _, reg) in where.items():
        G.add_node(c, region=reg)
    ids = sorted(where)
    for i, u in enumerate(ids):
        for v in ids[i + 1 :]:
            km = haversine_km(where[u][0], where[u][1], where[v][0], where[v][1])
            if km < 60:
                G.add_edge(u, v, weight=1 + int(km // 20), distance=1 + int(km // 20))
    return G


def assert_betweenness_matches_igraph(G):
    g, nodes = to_igraph(G)
    expected = g.betweenness(directed=False)
    ours = fast_betweenness(G, normalized=False)
    assert [ours[n] for n in nodes] == pytest.approx(expected, abs=1e-9)
    ref = nx.betweenness_centrality(G, normalized=True)
    norm = fast_betweenness(G)
    assert [norm[n] for n in nodes] == pytest.approx([ref[n] for n in nodes], abs=1e-12)


@pytest.mark.parametrize("G", list(generated_graphs()), ids=lambda G: f"{G.number_of_nodes()}n")
def test_betweenness_matches_igraph_on_generated_graphs(G):
    assert_betweenness_matches_igraph(G)


def test_components_match_igraph_on_generated_graphs():
    for G in generated_graphs():
        g, nodes = to_igraph(G)
        theirs = sorted(sorted(nodes[i] for i in c) for c in g.connected_components())
        ours = sorted(sorted(c) for c in nx.connected_components(G))
        assert ours == theirs


def test_real_cites_graph_matches_igraph(shared_data):
    G = real_cites_graph(shared_data)
    assert G.number_of_nodes() > 180  # 208 cités, a few without location
    assert_betweenness_matches_igraph(G)
    # weighted (integer lengths, so no floating-point ties)
    g, nodes = to_igraph(G, "distance")
    ours = betweenness(G, weight="distance", normalized=False, exact_work=10**12)
    assert ours.method == "exact"
    assert [ours.values[n] for n in nodes] == pytest.approx(
        g.betweenness(directed=False, weights="distance"), abs=1e-9
    )
    # components
    theirs = sorted(sorted(nodes[i] for i in c) for c in g.connected_components())
    assert sorted(sorted(c) for c in nx.connected_components(G)) == theirs
    # modularity of our communities, computed by igraph
    found = louvain_communities(G, seed=1)
    member = found.membership()
    gw, nodes_w = to_igraph(G, "weight")
    q = gw.modularity([member[n] for n in nodes_w], weights="weight")
    assert found.modularity == pytest.approx(q, abs=1e-9)


@pytest.mark.parametrize("seed", [0, 1])
def test_modularity_matches_igraph_on_generated_graphs(seed):
    for G in generated_graphs():
        rnd = random.Random(seed)
        for u, v in G.edges():
            G[u][v]["weight"] = rnd.randint(1, 5)
        found = louvain_communities(G, seed=seed)
        g, nodes = to_igraph(G, "weight")
        member = found.membership()
        assert found.modularity == pytest.approx(
            g.modularity([member[n] for n in nodes], weights="weight"), abs=1e-9
        )


def test_sampling_is_seeded_and_exact_when_k_is_n():
    G = nx.barabasi_albert_graph(300, 3, seed=5)
    a = fast_betweenness(G, k=40, seed=7)
    assert a == fast_betweenness(G, k=40, seed=7)
    assert a != fast_betweenness(G, k=40, seed=8)
    assert fast_betweenness(G, k=300) == pytest.approx(nx.betweenness_centrality(G))
    # the sampled estimate ranks the hub first, as the exact value does
    exact = nx.betweenness_centrality(G)
    assert max(a, key=a.get) == max(exact, key=exact.get)


def test_exact_below_threshold_sampled_above():
    small = betweenness(nx.path_graph(50), weight=None)
    assert small.method == "exact" and small.k is None
    G = nx.random_regular_graph(4, 3000, seed=1)
    big = betweenness(G, weight=None, exact_work=1_000_000)
    assert big.method == "sampled" and big.k == sample_size(G, 1_000_000) == 112 and big.seed == 0
    assert "sampled from k=" in big.describe()


def test_two_mode_betweenness_hand_checked():
    # x – m1 – y – m2 – z: y is the only actor between the others
    B = nx.Graph([("x", "m1"), ("y", "m1"), ("y", "m2"), ("z", "m2")])
    nx.set_node_attributes(B, {"x": 0, "y": 0, "z": 0, "m1": 1, "m2": 1}, "bipartite")
    b = two_mode_betweenness(B, normalized=False)
    assert b.values == {"x": 0.0, "y": 4.0, "z": 0.0}  # pairs (x,m2) (x,z) (m1,m2) (m1,z)
