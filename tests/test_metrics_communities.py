"""Louvain communities: reproducible, and lined up with régions."""

from __future__ import annotations

import networkx as nx

from coopgraph.metrics.communities import community_regions, louvain_communities, region_alignment


def two_cliques():
    G = nx.barbell_graph(5, 0)
    nx.set_node_attributes(G, {n: "28" if n < 5 else "53" for n in G}, "region")
    G.add_node("alone", region="52")
    return G


def test_louvain_finds_the_cliques_and_is_reproducible():
    G = two_cliques()
    a = louvain_communities(G, seed=3, weight=None)
    assert [sorted(map(str, c)) for c in a.communities[:2]] == [
        ["0", "1", "2", "3", "4"],
        ["5", "6", "7", "8", "9"],
    ]
    assert a.communities[2] == frozenset({"alone"})
    # modularity by hand: 2 communities of 10 internal edges each, m = 21
    # Q = sum_c (L_c/m - (d_c/2m)^2) = 2 * (10/21 - (21/42)^2)
    assert round(a.modularity, 6) == round(2 * (10 / 21 - 0.25), 6)
    assert louvain_communities(G, seed=3).communities == louvain_communities(G, seed=3).communities
    assert "seed=3" in a.describe()


def test_alignment_with_regions():
    G = two_cliques()
    found = louvain_communities(G, seed=0)
    rows = community_regions(G, found)
    assert [(r.size, r.main_region, r.spans) for r in rows] == [
        (5, "28", 1),
        (5, "53", 1),
        (1, "52", 1),
    ]
    assert region_alignment(G, found) == 1.0
    # Move one node to another région: a community now spans two régions.
    G.nodes[0]["region"] = "53"
    rows = community_regions(G, found)
    assert rows[0].spans == 2 and rows[0].share == 0.8
    assert region_alignment(G, found) < 1.0


def test_modularity_is_networkx_to_the_bit(sample_dir):
    """The one-pass modularity is networkx's value exactly (integer weights:
    exact sums, the same float operations), on the sample's cité graph and on
    random graphs and partitions; float weights go to networkx."""
    import random

    import networkx as nx

    from coopgraph.analysis import Analysis
    from coopgraph.io import read_dataset
    from coopgraph.metrics.communities import louvain_communities, modularity

    G = Analysis(read_dataset(sample_dir)).cites
    parts = louvain_communities(G).communities
    for weight in ("weight", None):
        for resolution in (1.0, 0.7):
            ours = modularity(G, parts, weight=weight, resolution=resolution)
            theirs = nx.community.modularity(G, parts, weight=weight, resolution=resolution)
            assert ours == theirs
    rng = random.Random(3)
    for _ in range(30):
        H = nx.gnm_random_graph(rng.randint(3, 40), rng.randint(1, 120), seed=rng.randint(0, 10**6))
        if not H.number_of_edges():
            continue
        for u, v in H.edges:
            H[u][v]["weight"] = rng.choice([1, 2, 3, 7, 1.5]) if rng.random() < 0.1 else 1
        groups = [frozenset(n for n in H if n % 3 == k) for k in range(3)]
        groups = tuple(g for g in groups if g)
        ours = modularity(H, groups, weight="weight", resolution=1)
        assert ours == nx.community.modularity(H, groups, weight="weight")
