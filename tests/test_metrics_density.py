"""Density and troïka completeness on hand-checked graphs."""

from __future__ import annotations

from datetime import date

import networkx as nx

from coopgraph.graph.projections import Period, cite_graph
from coopgraph.metrics.density import (
    crpv_densities,
    density_of,
    departement_densities,
    ego_densities,
    region_densities,
    troika_completeness,
)
from coopgraph.model import Actor, Attendance, Cite, Dataset, Governance, Institution, Meeting
from netdata import tiny


def test_densities_of_tiny_network():
    G = cite_graph(tiny())
    # 4 cités, 4 ties out of 6 possible
    national = density_of(G, G.nodes)
    assert (national.cites, national.ties, national.density, national.ties_out) == (4, 4, 0.6667, 0)
    by_region = {d.key: d for d in region_densities(G)}
    # Normandie: a, d tied (1 of 1); its ties out: a–b, a–c
    assert (by_region["28"].density, by_region["28"].ties, by_region["28"].ties_out) == (1.0, 1, 2)
    assert by_region["53"].density is None and by_region["53"].ties_out == 2
    by_dep = {d.key: d for d in departement_densities(G)}
    assert by_dep["76"].cites == 1 and by_dep["76"].ties_out == 3


def test_crpv_territory_density():
    ds = Dataset(
        cites=(
            Cite("a", "A", "53"),
            Cite("b", "B", "52"),
            Cite("c", "C", "52"),
            Cite("d", "D", "28"),
        ),
        institutions=(
            Institution("r", "RésOVilles", "crpv", regions=("53", "52")),
            Institution("n", "Normanvilles", "crpv", regions=("28",)),
        ),
    )
    G = nx.Graph([("a", "b"), ("c", "d")])
    for c in ds.cites:
        G.add_node(c.id, region=c.region)
    got = {d.key: (d.cites, d.ties, d.density, d.ties_out) for d in crpv_densities(G, ds)}
    assert got == {"r": (3, 1, 0.3333, 1), "n": (1, 0, None, 1)}


def test_ego_density_hand_checked():
    # a's neighbours b, c, d: only b–c tied -> 1/3; e has one neighbour
    G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("d", "e")])
    assert ego_densities(G) == {"a": 0.3333, "b": 1.0, "c": 1.0, "d": 0.0, "e": None}


def test_ego_density_matches_networkx_clustering():
    G = nx.gnp_random_graph(80, 0.2, seed=4)
    ours = ego_densities(G)
    theirs = nx.clustering(G)
    for n in G:
        if G.degree(n) > 1:
            assert abs(ours[n] - round(theirs[n], 4)) < 1e-9


def test_troika_completeness_tiny():
    got = {t.cite_id: t for t in troika_completeness(tiny())}
    a = got["a"]
    # three legs; préfecture and education met at m5; the collectivité (x) never met them
    assert a.present == ("collectivite", "education", "prefecture") and a.missing == ()
    assert a.pairs_met == ("education+prefecture",) and not a.all_met and not a.complete
    b = got["b"]
    assert b.present == ("collectivite",) and b.missing == ("prefecture", "education")
    assert got["c"].present == () and got["c"].score == 0.0


def test_troika_complete_when_all_legs_meet():
    ds = Dataset(
        cites=(Cite("c", "C", "28"),),
        governance=(
            Governance("c", "p", "prefecture"),
            Governance("c", "e", "education"),
            Governance("c", "v", "collectivite"),
        ),
        actors=(
            Actor("x", "X", "p"),
            Actor("y", "Y", "e"),
            Actor("z", "Z", "v", cite_id="c"),
            Actor("o", "O", "v", cite_id="other"),
        ),
        meetings=(Meeting("m", date(2020, 1, 1), "Troïka"), Meeting("n", date(2021, 1, 1), "Pair")),
        attendance=(
            Attendance("m", "x"),
            Attendance("m", "y"),
            Attendance("m", "z"),
            Attendance("n", "x"),
            Attendance("n", "o"),
        ),
    )
    t = troika_completeness(ds)[0]
    assert t.complete and t.all_met and t.score == 1.0
    # Before the troïka meeting nobody met; the other cité's agent (o) does not count.
    later = troika_completeness(ds, Period(date(2020, 6, 1), None))[0]
    assert later.pairs_met == () and not later.complete


def test_departmental_crpv_covers_its_departements_only():
    # Profession Banlieue works for Seine-Saint-Denis (93), not all of Île-de-France.
    ds = Dataset(
        cites=(
            Cite("s", "S", "11", departement="93"),
            Cite("t", "T", "11", departement="93"),
            Cite("e", "E", "11", departement="91"),
        ),
        institutions=(
            Institution("pb", "Profession Banlieue", "crpv", regions=("11",), departements=("93",)),
        ),
    )
    G = nx.Graph([("s", "t"), ("t", "e")])
    for c in ds.cites:
        G.add_node(c.id, region=c.region, departement=c.departement)
    (pb,) = crpv_densities(G, ds)
    assert (pb.cites, pb.ties, pb.density, pb.ties_out) == (2, 1, 1.0, 1)
