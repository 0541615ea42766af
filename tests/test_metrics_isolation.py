"""Isolated cités: each type on a tiny graph with a hand-checked answer."""

from __future__ import annotations

from datetime import date

import networkx as nx

from coopgraph.graph.projections import Period, cite_graph
from coopgraph.labels import isolation_explanation
from coopgraph.metrics.isolation import fully_isolated_cites, hanging_points, isolated_cites
from netdata import tiny


def graph_with_every_type():
    G = nx.Graph()
    regions = {
        "p": "11",
        "q": "32",
        "r": "84",
        "s": "44",
        "t": "44",
        "v": "75",
        "i": "93",
        "j": "27",
        "k": "27",
    }
    for n, r in regions.items():
        G.add_node(n, name=n.upper(), region=r)

    def tie(u, v, last, people=None):
        G.add_edge(
            u, v, last=date(*last), people=people or {u: (u + "1", u + "2"), v: (v + "1", v + "2")}
        )

    tie("p", "q", (2021, 1, 1))
    tie("q", "r", (2021, 1, 1))
    tie("r", "p", (2021, 1, 1))
    tie("r", "s", (2020, 3, 1))  # s hangs on r
    tie("s", "t", (2020, 2, 1))  # t: only its own région (44)
    tie("v", "p", (2021, 5, 1), {"v": ("v1",), "p": ("p1",)})
    tie("v", "q", (2021, 6, 1), {"v": ("v1",), "q": ("q1",)})  # v: one person
    tie("j", "k", (2019, 9, 1))  # j, k: only their own région
    return G


def test_each_type_and_ranking():
    found = isolated_cites(graph_with_every_type())
    got = [(c.cite_id, c.type, c.via, c.last_contact) for c in found]
    assert got == [
        ("i", "isolated", None, None),
        ("j", "regional_only", None, date(2019, 9, 1)),
        ("k", "regional_only", None, date(2019, 9, 1)),
        ("t", "regional_only", None, date(2020, 2, 1)),
        ("s", "one_link", "r", date(2020, 3, 1)),
        ("v", "one_person", "v1", date(2021, 6, 1)),
    ]
    # the metrics hold no text for people: the labeller phrases the reason
    assert isolation_explanation(found[4], "en") == "all its ties go through one cité (R)"
    assert isolation_explanation(found[0]) == "aucun lien avec une autre cité sur la période"


def test_hanging_points():
    assert hanging_points(graph_with_every_type()) == {"s": "r", "t": "s"}
    assert hanging_points(nx.cycle_graph(5)) == {}


def test_single_neighbour_in_other_region_is_one_link():
    G = nx.Graph()
    G.add_node("a", region="28")
    G.add_node("b", region="53")
    G.add_edge("a", "b", last=date(2020, 1, 1))
    assert [(c.cite_id, c.type, c.via) for c in isolated_cites(G)] == [
        ("a", "one_link", "b"),
        ("b", "one_link", "a"),
    ]


def test_last_contact_comes_from_history():
    ds = tiny()
    G = cite_graph(ds, Period(date(2021, 6, 1), None))
    history = cite_graph(ds, Period(None, None))
    found = {c.cite_id: c.last_contact for c in fully_isolated_cites(G, history)}
    assert found == {
        "a": date(2020, 7, 2),
        "b": date(2021, 1, 1),
        "c": date(2021, 1, 1),
        "d": date(2020, 1, 10),
    }


def test_tiny_dataset_types():
    G = cite_graph(tiny())
    got = {c.cite_id: c.type for c in isolated_cites(G)}
    # d is tied only to a (same région); every other cité has a single actor
    # at cité meetings (x for a, y for b, z for c)
    assert got == {"d": "regional_only", "a": "one_person", "b": "one_person", "c": "one_person"}


def test_isolation_over_time_counts_ties_year_by_year(sample_dir):
    """The yearly counts of the report's chart, from numpy counts of (tie,
    year) pairs, equal the per-tie loop of their definition."""
    from collections import Counter
    from datetime import date

    from coopgraph.analysis import Analysis, AnalysisOptions
    from coopgraph.io import read_dataset
    from coopgraph.labelling import COUNT_UNKNOWN, wave_labelled
    from coopgraph.metrics.bridges import interregional
    from coopgraph.reports.records import isolation_over_time

    ds = read_dataset(sample_dir)
    for min_shared in (1, 2):
        an = Analysis(ds, AnalysisOptions(min_shared=min_shared))
        G = an.cites
        years = sorted({m.date.year for m in ds.meetings})
        day = {m.id: m.date for m in ds.meetings}
        isolated, local = [], []
        for y in years:
            ties = [
                (u, v)
                for u, v, ms in G.edges(data="meetings")
                if Counter(day[m].year for m in ms)[y] >= min_shared
            ]
            tied = {n for t in ties for n in t}
            crossing = {
                n
                for u, v in ties
                if interregional(G.nodes[u]["region"], G.nodes[v]["region"])
                for n in (u, v)
            }
            now = [
                n
                for n in G
                if wave_labelled(G.nodes[n].get("wave"), date(y, 12, 31), if_unknown=COUNT_UNKNOWN)
            ]
            isolated.append(sum(1 for n in now if n not in tied))
            local.append(sum(1 for n in now if n not in crossing))
        found = isolation_over_time(an)
        assert found == ([str(y) for y in years], {"isolated": isolated, "no_interregional": local})
        assert len(years) > 1 and any(isolated)
