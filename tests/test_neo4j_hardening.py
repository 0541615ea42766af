"""Neo4j in a shared database, against the real server: coopgraph's nodes are
scoped (other applications' nodes are never read, counted or wiped), ad-hoc
queries only read the graph, credentials are never printed."""

from __future__ import annotations

import json
import socket
import time

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.io import read_dataset

pytestmark = pytest.mark.neo4j


def invoke(args, env):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def assert_one_clear_line(result, code, *fragments, secret=None):
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    if secret:
        assert secret not in result.output and secret not in result.stderr


def cypher(store, text, **params):
    with store.driver.session(database=store.database) as session:
        return session.run(text, params).data()


FOREIGN = """
CREATE (:Actor {id: 'x', name: 'Foreign X'}), (:Actor {id: 'x', name: 'Foreign X twin'}),
       (:Actor {id: 'f1', name: 'Foreign actor'}),
       (:Region {id: '28', name: 'Their Normandie'}), (:Theme {id: 'gouvernance'}),
       (:Actor {id: 'f1'})-[:FOREIGN_LINK]->(:Region {id: 'r'})
"""


@pytest.fixture
def foreign_nodes(neo4j_store):
    """Another application's nodes with coopgraph's label names, some ids
    equal to coopgraph's and some repeated (its own rules, not ours)."""
    cypher(neo4j_store, "MATCH (n) WHERE NOT n:Coopgraph DETACH DELETE n")
    cypher(neo4j_store, FOREIGN)
    yield
    cypher(neo4j_store, "MATCH (n) WHERE NOT n:Coopgraph DETACH DELETE n")


def foreign_state(store):
    return sorted(
        json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True)
        for r in cypher(
            store,
            "MATCH (n) WHERE NOT n:Coopgraph RETURN labels(n) AS labels, properties(n) AS props",
        )
    ), cypher(store, "MATCH ()-[r:FOREIGN_LINK]->() RETURN count(r) AS n")[0]["n"]


def test_foreign_nodes_are_never_read_counted_or_wiped(
    neo4j_server, neo4j_store, foreign_nodes, tiny_dir, sample_dir
):
    before = foreign_state(neo4j_store)
    assert len(before[0]) == 7 and before[1] == 1
    ds = read_dataset(tiny_dir)
    neo4j_store.load(read_dataset(sample_dir))
    report = neo4j_store.load(ds, replace=True)
    assert report.created["Actor"] == len(ds.actors)  # 'x' created beside the foreign 'x'
    assert neo4j_store.read_dataset().canonical() == ds.canonical()
    counts = neo4j_store.counts()
    assert counts["Actor"] == len(ds.actors) and counts["Theme"] == 2
    assert "FOREIGN_LINK" not in counts
    assert foreign_state(neo4j_store) == before
    # through the command line too: load --replace and a named query
    env = neo4j_server.env()
    ours = cypher(neo4j_store, "MATCH (n:Coopgraph) RETURN count(n) AS n")[0]["n"]
    result = invoke(["load", tiny_dir, "--replace"], env)
    assert result.exit_code == 0, result.output
    assert f"effacé d'abord : {ours} nœuds" in result.output
    named = invoke(["query", "isolated_cites", "--format", "json"], env)
    assert [r["cite_id"] for r in json.loads(named.stdout)] == ["c"]
    assert foreign_state(neo4j_store) == before
    neo4j_store.wipe()
    assert foreign_state(neo4j_store) == before


def test_a_graph_of_coopgraph_0x_is_migrated_on_load(neo4j_store, tiny_dir):
    from coopgraph.store.neo4j import LEGACY_CONSTRAINTS

    ds = read_dataset(tiny_dir)
    neo4j_store.load(ds)
    # make it look like a graph loaded by the unscoped version
    cypher(neo4j_store, "MATCH (n:Coopgraph) REMOVE n:Coopgraph, n.coopgraph")
    for name in [r["name"] for r in cypher(neo4j_store, "SHOW CONSTRAINTS YIELD name")]:
        if name.startswith("coopgraph_"):
            cypher(neo4j_store, "DROP CONSTRAINT $name", name=name)
    for name in [r["name"] for r in cypher(neo4j_store, "SHOW INDEXES YIELD name")]:
        if name.startswith("coopgraph_"):
            cypher(neo4j_store, "DROP INDEX $name", name=name)
    for name, label in zip(
        LEGACY_CONSTRAINTS,
        ("Cite", "Institution", "Actor", "Meeting", "Region", "Departement", "Theme"),
        strict=True,
    ):
        cypher(neo4j_store, f"CREATE CONSTRAINT {name} FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    assert neo4j_store.read_dataset().canonical() != ds.canonical()  # invisible unscoped
    report = neo4j_store.load(ds)
    assert report.total_created == 0  # migrated, not duplicated
    assert neo4j_store.read_dataset().canonical() == ds.canonical()
    names = {r["name"] for r in cypher(neo4j_store, "SHOW CONSTRAINTS YIELD name")}
    assert not names & set(LEGACY_CONSTRAINTS) and "coopgraph_actor_key" in names
    assert (
        cypher(neo4j_store, "MATCH (n:Actor) WHERE NOT n:Coopgraph RETURN count(n) AS n")[0]["n"]
        == 0
    )


# ---------------------------------------------------------------- ad-hoc queries


@pytest.mark.parametrize(
    "text,why",
    [
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
        ("SHOW TRANSACTIONS", "ShowTransactions"),
        ("SHOW SETTINGS", "ShowSettings"),
        ("SHOW USERS", "administration"),
        ("CALL db.clearQueryCaches()", "administration"),
        ("CALL db.stats.clear('QUERIES')", "db.stats.clear"),
        ("CALL dbms.listConfig()", "administration"),
        ("CALL dbms.components()", "administration"),
        ("CREATE INDEX evil IF NOT EXISTS FOR (n:Cite) ON (n.name)", "administration"),
        ("MATCH (c:Cite) DETACH DELETE c", "une écriture"),
        ("MATCH (c:Cite) SET c.name = 'pwned'", "une écriture"),
        ("CALL () { MATCH (c:Cite) RETURN c } RETURN count(c) AS n UNION ALL RETURN 1 AS n", None),
    ],
)
def test_ad_hoc_cypher_refuses_what_is_not_a_plain_read(
    neo4j_server, neo4j_store, tiny_dir, text, why
):
    env = neo4j_server.env()
    assert invoke(["load", tiny_dir], env).exit_code == 0
    result = invoke(["query", "--cypher", text], env)
    if why is None:
        assert result.exit_code == 0, result.output
        return
    assert_one_clear_line(result, 3, "query --cypher ne fait que lire le graphe : refusé", why)
    assert neo4j_store.read_dataset().canonical() == read_dataset(tiny_dir).canonical()
    assert cypher(neo4j_store, "SHOW INDEXES YIELD name WHERE name = 'evil' RETURN name") == []


def test_load_csv_is_refused_and_the_server_fetches_nothing(neo4j_server, neo4j_store):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(2)
        port = listener.getsockname()[1]
        for text in (
            f"LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS row RETURN row",
            f"CALL () {{ LOAD CSV FROM 'http://127.0.0.1:{port}/y' AS r RETURN r }} RETURN r",
        ):
            result = invoke(["query", "--cypher", text], neo4j_server.env())
            assert_one_clear_line(result, 3, "LOAD CSV")
        with pytest.raises(socket.timeout):
            listener.accept()  # no request ever reached us


def test_terminate_transactions_cannot_abort_a_running_transaction(neo4j_server, neo4j_store):
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        tx = session.begin_transaction()
        tx.run("MERGE (n:HardeningProbe {id: 1})").consume()
        ids = [
            r["id"]
            for r in cypher(neo4j_store, "SHOW TRANSACTIONS YIELD transactionId AS id RETURN id")
        ]
        result = invoke(
            [
                "query",
                "--cypher",
                "TERMINATE TRANSACTIONS $ids",
                "--param",
                f"ids:list={','.join(ids)}",
            ],
            neo4j_server.env(),
        )
        assert result.exit_code == 3, result.output
        tx.commit()  # still alive: would raise had it been terminated
    assert cypher(neo4j_store, "MATCH (n:HardeningProbe) DETACH DELETE n RETURN count(*) AS n")


def test_reads_and_read_procedures_still_work(neo4j_server, neo4j_store, tiny_dir):
    env = neo4j_server.env()
    assert invoke(["load", tiny_dir], env).exit_code == 0
    labels = invoke(
        ["query", "--cypher", "CALL db.labels() YIELD label RETURN label", "--format", "json"], env
    )
    assert labels.exit_code == 0, labels.output
    assert {"Cite", "Coopgraph"} <= {r["label"] for r in json.loads(labels.stdout)}
    count = invoke(
        ["query", "--cypher", "MATCH (c:Cite:Coopgraph) RETURN count(c) AS n", "--format", "csv"],
        env,
    )
    assert count.stdout.splitlines() == ["n", "3"]


def test_query_csv_output_is_neutralised_unless_raw(neo4j_server, neo4j_store):
    env = neo4j_server.env()
    text = "RETURN '=1+1' AS f, '-1.5' AS n, '@x' AS a"
    safe = invoke(["query", "--cypher", text, "--format", "csv"], env)
    assert safe.stdout.splitlines() == ["f,n,a", "'=1+1,-1.5,'@x"]
    raw = invoke(["query", "--cypher", text, "--format", "csv", "--raw"], env)
    assert raw.stdout.splitlines() == ["f,n,a", "=1+1,-1.5,@x"]
    table = invoke(["query", "--cypher", "RETURN 'a\u001b[2Jb' AS s"], env)
    assert "\x1b" not in table.stdout and "a\\x1b[2Jb" in table.stdout


# ---------------------------------------------------------------- URIs and secrets


def test_http_uri_is_a_clear_error(neo4j_server, tiny_dir):
    env = {**neo4j_server.env(), "NEO4J_URI": "http://127.0.0.1:7474"}
    result = invoke(["load", tiny_dir], env)
    assert_one_clear_line(result, 3, "coopgraph parle Bolt, pas 'http'", "bolt://", "neo4j+s://")
    env["NEO4J_URI"] = "https://neo4j:hunter2secret@127.0.0.1:7473"
    result = invoke(["query", "crpv_cites"], env)
    assert_one_clear_line(result, 3, "pas 'https'", secret="hunter2secret")


@pytest.mark.parametrize(
    "uri",
    [
        "neo4j://127.0.0.1:{port}?password=hunter2secret",
        "bolt://127.0.0.1:{port}?password=hunter2secret",
        "neo4j://neo4j:hunter2secret@127.0.0.1:{port}?policy=x",
        "bolt://neo4j:hunter2secret@127.0.0.1:{port}",
    ],
)
def test_credentials_in_the_uri_are_never_printed(neo4j_server, tiny_dir, uri):
    port = neo4j_server.uri.rsplit(":", 1)[1]
    env = {**neo4j_server.env(), "NEO4J_URI": uri.format(port=port)}
    for args in (["load", tiny_dir], ["query", "crpv_cites"]):
        result = invoke(args, env)
        assert "hunter2secret" not in result.output and "hunter2secret" not in result.stderr
        assert "Traceback" not in result.output


def test_unreachable_server_fails_fast_in_one_line(neo4j_server, tiny_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**neo4j_server.env(), "NEO4J_URI": f"bolt://127.0.0.1:{port}"}
    start = time.monotonic()
    result = invoke(["load", tiny_dir], env)
    assert time.monotonic() - start < 20
    assert_one_clear_line(result, 3, "injoignable")
