"""The Neo4j store against the real server: round trip, idempotent and
incremental loads, wiping only coopgraph's graph, and a server killed
in the middle of a load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date

import networkx as nx
import pytest

from coopgraph.graph.projections import Period, cite_graph
from coopgraph.io import read_dataset
from coopgraph.io.writer import write_dataset
from coopgraph.model import Dataset
from coopgraph.store.neo4j import Neo4jStore, load_plan
from coopgraph.synth import generate_dataset

pytestmark = pytest.mark.neo4j

# The CLI in a process of its own, as a user runs it.
COOPGRAPH = [sys.executable, "-c", "from coopgraph.cli import main; main()"]


def test_sample_round_trip_gives_the_same_dataset(neo4j_store, sample_dir):
    ds = read_dataset(sample_dir)
    report = neo4j_store.load(ds)
    assert report.created["Meeting"] == len(ds.meetings)
    assert report.created["ATTENDED"] == len(ds.attendance)
    back = neo4j_store.read_dataset()
    assert back.counts() == ds.counts()
    assert back.canonical() == ds.canonical()
    # and the same networkx graph, attributes and weights included
    for period in (Period(), Period(date(2020, 1, 1), date(2021, 12, 31))):
        G, H = cite_graph(ds, period), cite_graph(back, period)
        assert nx.utils.graphs_equal(G, H)
        assert G.number_of_edges() > 0


def test_tiny_round_trip_keeps_nulls_empty_lists_and_order(neo4j_store, tiny_dir):
    ds = read_dataset(tiny_dir)
    neo4j_store.load(ds)
    back = neo4j_store.read_dataset()
    assert back.canonical() == ds.canonical()
    c = back.cite_by_id["c"]
    assert (c.wave, c.lat, c.lon) == (None, None, None)
    m2, m3 = back.meeting_by_id["m2"], back.meeting_by_id["m3"]
    assert m2.organiser_ids == ("crpv", "pref76") and m2.themes == ("gouvernance", "evaluation")
    assert m3.organiser_ids == () and m3.format is None
    assert back.actor_by_id["k"].cite_id is None
    # the CRPV label follows the kind
    keys, rows = neo4j_store.run_cypher("MATCH (k:CRPV) RETURN k.id AS id", {})
    assert [r["id"] for r in rows] == ["crpv"]


def test_loading_twice_changes_nothing(neo4j_store, sample_dir):
    ds = read_dataset(sample_dir)
    first = neo4j_store.load(ds)
    counts = neo4j_store.counts()
    second = neo4j_store.load(ds)
    assert neo4j_store.counts() == counts
    assert second.total_created == 0
    assert second.rows == first.rows
    assert all(second.already_there(what) == rows for what, rows in second.rows.items())
    assert counts["ATTENDED"] == len(ds.attendance) and counts["Actor"] == len(ds.actors)


def test_one_more_wave_of_meetings_adds_only_those(neo4j_store, sample_dir, tmp_path):
    ds = read_dataset(sample_dir)
    cut = date(2022, 1, 1)
    earlier = {m.id for m in ds.meetings if m.date < cut}
    before = replace(
        ds,
        meetings=tuple(m for m in ds.meetings if m.id in earlier),
        attendance=tuple(a for a in ds.attendance if a.meeting_id in earlier),
    )
    write_dataset(before, tmp_path / "before")
    new_meetings = len(ds.meetings) - len(before.meetings)
    new_attendance = len(ds.attendance) - len(before.attendance)
    assert new_meetings > 0 and new_attendance > 0

    neo4j_store.load(read_dataset(tmp_path / "before"))
    report = neo4j_store.load(ds)
    assert report.created["Meeting"] == new_meetings
    assert report.created["ATTENDED"] == new_attendance
    assert report.created["Actor"] == report.created["Cite"] == 0
    assert report.already_there("Meeting") == len(before.meetings)
    incremental = neo4j_store.counts()

    neo4j_store.load(ds, replace=True)
    assert neo4j_store.counts() == incremental
    assert neo4j_store.read_dataset().canonical() == ds.canonical()


def test_replace_wipes_only_the_coopgraph_graph(neo4j_store, tiny_dir, sample_dir):
    run = neo4j_store.run_cypher
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        session.run("MATCH (n:ForeignThing) DETACH DELETE n").consume()
        session.run(
            "CREATE (:ForeignThing {name: 'kept'})-[:FOREIGN_LINK]->(:ForeignThing {name: 'also kept'})"
        ).consume()
    try:
        neo4j_store.load(read_dataset(sample_dir))
        report = neo4j_store.load(read_dataset(tiny_dir), replace=True)
        assert report.wiped > 3
        # only the tiny data is left of coopgraph's graph
        assert neo4j_store.read_dataset().canonical() == read_dataset(tiny_dir).canonical()
        _, rows = run(
            "MATCH (a:ForeignThing)-[:FOREIGN_LINK]->(b:ForeignThing) RETURN a.name AS a, b.name AS b",
            {},
        )
        assert [(r["a"], r["b"]) for r in rows] == [("kept", "also kept")]
    finally:
        with neo4j_store.driver.session(database=neo4j_store.database) as session:
            session.run("MATCH (n:ForeignThing) DETACH DELETE n").consume()


def test_named_queries_run_with_parameters(neo4j_store, tiny_dir):
    neo4j_store.load(read_dataset(tiny_dir))
    keys, rows = neo4j_store.run_named("cite_partners", {"cite_id": "a"})
    assert [(r["cite_id"], r["shared_meetings"]) for r in rows] == [("b", 1)]
    # a value that would change the query if it were pasted into the text
    _, rows = neo4j_store.run_named("cite_partners", {"cite_id": "a' OR 1=1 //"})
    assert rows == []
    _, rows = neo4j_store.run_named("isolated_cites", {})
    assert [r["cite_id"] for r in rows] == ["c"]
    _, rows = neo4j_store.run_named("isolated_cites", {"since": date(2021, 1, 1)})
    assert sorted(r["cite_id"] for r in rows) == ["a", "b", "c"]
    _, rows = neo4j_store.run_named("region_links", {})
    assert [(r["region_a"], r["region_b"], r["meetings"], r["bordering"]) for r in rows] == [
        ("28", "53", 1, True)
    ]


def test_every_read_query_runs(neo4j_store, tiny_dir):
    from coopgraph.store.queries import read_queries

    neo4j_store.load(read_dataset(tiny_dir))
    for q in read_queries():
        params = {p.name: "a" for p in q.params if not p.optional}
        keys, _ = neo4j_store.run_named(q.short_name, params)
        assert keys, q.name


# ---------------------------------------------------------------- killed server


def _graph_state(store: Neo4jStore):
    return store.counts(), store.read_dataset().canonical()


@pytest.mark.slow
def test_a_load_killed_with_the_server_then_run_again_equals_a_clean_load(neo4j_server, tmp_path):
    if not neo4j_server.owned:
        pytest.skip(
            "the suite did not start this Neo4j server (NEO4J_URI given), so it may not kill it"
        )
    ds = generate_dataset(cites=120, actors=6000, meetings=1500, seed=3, attendance=60_000)
    data = tmp_path / "data"
    write_dataset(ds, data)
    total_rows = sum(len(s.rows) for s in load_plan(ds))

    neo4j_server.store().wipe()
    env = {**os.environ, **neo4j_server.env(), "PYTHONUNBUFFERED": "1"}
    # small batches so the load is well under way, not finished, when the server dies
    load = subprocess.Popen(
        [*COOPGRAPH, "load", str(data), "--batch-size", "500"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        store = neo4j_server.store()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            counts = store.counts()
            if counts.get("ATTENDED", 0) >= 2000:
                break
            assert load.poll() is None, load.communicate()
            time.sleep(0.2)
        else:
            pytest.fail("the load never reached the attendance rows")
        os.kill(neo4j_server.pid(), signal.SIGKILL)
        killed_at = time.monotonic()
        out, err = load.communicate(timeout=300)
        gave_up_after = time.monotonic() - killed_at
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode == 3, (out, err)
    message = [line for line in err.splitlines() if line.startswith("erreur :")]
    assert len(message) == 1 and "injoignable ou a cessé de répondre" in message[0]
    assert "lignes écrites sur" in message[0]  # how far the load went
    # bounded retries (driver timeouts), and no retry warning flooding stderr
    assert gave_up_after < 30, gave_up_after
    assert "Transaction failed and will be retried" not in err
    assert "Traceback" not in err and neo4j_server.password not in out + err

    neo4j_server.restarted()
    store = neo4j_server.store()
    partial = store.counts()
    assert 0 < partial.get("ATTENDED", 0) < len(ds.attendance)  # the kill did interrupt it

    rerun = subprocess.run(
        [*COOPGRAPH, "load", str(data)],
        env={**env, **neo4j_server.env()},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "déjà présents" in rerun.stdout
    after_rerun = _graph_state(store)

    report = store.load(ds, replace=True)
    assert sum(report.rows.values()) == total_rows
    clean = _graph_state(store)
    assert after_rerun == clean
    assert clean[1] == ds.canonical()
    assert clean[0]["ATTENDED"] == len(ds.attendance)
    store.wipe()


def test_empty_dataset_loads_only_the_geography(neo4j_store):
    report = neo4j_store.load(Dataset())
    assert report.created["Region"] >= 18 and report.created["Departement"] >= 101
    assert neo4j_store.read_dataset() == Dataset()
