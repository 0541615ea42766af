"""The report tells the report's story back: on the sample data, the western
cités are isolated before the Club de l'Ouest's first meeting and tied across
the four régions after it, and the three CRPV that ran the club come out as
interregional brokers."""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations
from pathlib import Path

import pytest

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.graph.projections import Period, cite_graph, institution_graph
from coopgraph.io import read_dataset
from coopgraph.labels import Labeller
from coopgraph.metrics.bridges import interregional_bridges, region_connections
from coopgraph.metrics.brokerage import brokers
from coopgraph.metrics.isolation import isolated_cites
from coopgraph.reports.records import isolated_records, without_data_records

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
WEST = {"28", "53", "52", "24"}  # Normandie, Bretagne, Pays de la Loire, Centre-Val de Loire
CLUB_CRPV = {"crpv-normanvilles", "crpv-resovilles", "crpv-villes-au-carre"}


@pytest.fixture(scope="module")
def ds():
    if not (SAMPLE / "meetings.csv").exists():
        pytest.fail("data/sample is missing: run scripts/make_sample.py")
    return read_dataset(SAMPLE)


@pytest.fixture(scope="module")
def club(ds):
    """The club's meetings (found by title and organisers) and its cités
    (those whose actors attended them)."""
    meetings = sorted(
        (m for m in ds.meetings if m.title.startswith("Club de l'Ouest")), key=lambda m: m.date
    )
    ids = {m.id for m in meetings}
    cites = {
        ds.actor_by_id[a.actor_id].cite_id
        for a in ds.attendance
        if a.meeting_id in ids and ds.actor_by_id[a.actor_id].cite_id
    }
    return meetings, cites


def test_the_club_as_the_data_holds_it(ds, club):
    meetings, cites = club
    assert len(meetings) >= 5
    assert all(set(m.organiser_ids) == CLUB_CRPV for m in meetings)
    assert len(cites) == 13
    assert {ds.cite_by_id[c].region for c in cites} == WEST


def test_isolated_before_the_first_meeting(ds, club):
    meetings, cites = club
    before = Period(None, meetings[0].date - timedelta(days=1))
    G = cite_graph(ds, before)
    everyone = {c.cite_id: c for c in isolated_cites(G, include_unlabelled=True)}
    for c in cites:
        assert everyone[c].type == "isolated", (c, everyone[c].type)
    # Le Mans joined the club before its own labelling (2021 wave): a cité not
    # labelled yet is not reported as isolated, the 12 others are.
    labelled = {c for c in cites if ds.cite_by_id[c].wave <= before.until.year}
    assert cites - labelled == {"cite-104"}
    found = {c.cite_id for c in isolated_cites(G)}
    assert labelled <= found and "cite-104" not in found
    # and the report's records say the same, with no contact ever, for the
    # cités with enough data; the others are listed apart, never isolated
    an = Analysis(ds, AnalysisOptions(period=before))
    records = {r["cite_id"]: r for r in isolated_records(an, Labeller(ds))}
    apart = {r["cite_id"] for r in without_data_records(an)}
    assert not apart & set(records)
    for c in labelled:
        if an.data_status[c] == "observed":
            assert records[c]["type"] == "isolated" and records[c]["last_contact"] is None
        else:
            assert c in apart and c not in records


def test_tied_across_the_four_regions_after(ds, club):
    meetings, cites = club
    during = Period(meetings[0].date, meetings[-1].date)
    G = cite_graph(ds, during)
    club_ids = {m.id for m in meetings}
    for c in cites:
        other_west = {G.nodes[v]["region"] for v in G[c]} & WEST - {G.nodes[c]["region"]}
        assert other_west, f"{c} has no tie to another western région"
    pairs = {(r.region_a, r.region_b) for r in region_connections(G)}
    for a, b in combinations(sorted(WEST), 2):
        assert (a, b) in pairs, (a, b)
    # the bridges between western cités were made by the club's meetings
    west_bridges = [b for b in interregional_bridges(G) if b.source in cites and b.target in cites]
    assert west_bridges and all(set(b.meetings) & club_ids for b in west_bridges)
    # no club cité is left isolated or confined to its région
    kinds = {c.cite_id: c.type for c in isolated_cites(G)}
    assert not any(kinds.get(c) in ("isolated", "regional_only") for c in cites)


def test_the_three_crpv_are_interregional_brokers(ds, club):
    """Institution graph of the club's period, group = région (a CRPV counts
    in the région of its seat: RésOVilles, which covers Bretagne and Pays de
    la Loire, in Bretagne). The three club CRPV are the three strongest
    interregional brokers among the western institutions, each a liaison
    (linking two other régions) and a gatekeeper/representative."""
    meetings, _ = club
    G = institution_graph(ds, Period(meetings[0].date, meetings[-1].date))
    western = [b for b in brokers(G) if b.group in WEST]
    assert {b.node for b in western[:3]} == CLUB_CRPV
    for b in western[:3]:
        assert b.liaison > 0 and b.gatekeeper > 0 and b.intergroup > b.coordinator
    # Before the club, none of them brokered between western régions.
    before = institution_graph(ds, Period(None, meetings[0].date - timedelta(days=1)))
    roles = {b.node: b for b in brokers(before)}
    west_nodes = [n for n, r in before.nodes(data="region") if r in WEST]
    sub = before.subgraph(west_nodes)
    assert all(b.node not in CLUB_CRPV for b in brokers(sub) if b.intergroup > 0)
    assert roles  # the rest of the country did broker
