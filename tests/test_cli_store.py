"""``coopgraph load`` and ``coopgraph query``, and ``--source neo4j``, through
click's CliRunner against the real server; failures give one clear line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import time

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.io import read_dataset

pytestmark = pytest.mark.neo4j


def invoke(args, env):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def assert_one_clear_line(result, code, *fragments, password=None):
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("erreur : "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]
    if password:
        assert password not in result.output and password not in result.stderr


def test_load_prints_created_then_already_there(neo4j_server, neo4j_store, sample_dir):
    env = neo4j_server.env()
    first = invoke(["load", sample_dir], env)
    assert first.exit_code == 0, first.output
    assert "chargement" in first.stderr  # the progress bar
    ds = read_dataset(sample_dir)
    rows = {line.split()[0]: line.split()[1:] for line in first.stdout.splitlines()[2:-1]}
    assert rows["Meeting"] == ["nœuds", str(len(ds.meetings)), str(len(ds.meetings)), "0"]
    assert rows["ATTENDED"] == [
        "relations",
        str(len(ds.attendance)),
        str(len(ds.attendance)),
        "0",
    ]
    second = invoke(["load", sample_dir], env)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[-1].startswith("total : 0 créés, ")
    assert neo4j_server.password not in first.output + second.output
    # --replace starts afresh
    third = invoke(["load", sample_dir, "--replace"], env)
    assert "effacé d'abord :" in third.stdout and "total : 0 créés" not in third.stdout


def test_invalid_data_writes_nothing(neo4j_server, neo4j_store, tmp_path, sample_dir):
    bad = tmp_path / "bad"
    shutil.copytree(sample_dir, bad)
    with (bad / "attendance.csv").open("a", encoding="utf-8") as f:
        f.write("mtg-does-not-exist,act-0001\n")
    result = invoke(["load", bad], neo4j_server.env())
    assert result.exit_code == 2
    assert "rien n'a été écrit" in result.stderr
    assert neo4j_store.counts() == {}


def test_report_from_neo4j_equals_report_from_files(
    neo4j_server, neo4j_store, sample_dir, tmp_path
):
    env = neo4j_server.env()
    assert invoke(["load", sample_dir], env).exit_code == 0
    from_files = invoke(
        ["report", sample_dir, "--source", "files", "--out", tmp_path / "files"], env
    )
    from_neo4j = invoke(["report", "--source", "neo4j", "--out", tmp_path / "neo4j"], env)
    assert from_files.exit_code == 0, from_files.output
    assert from_neo4j.exit_code == 0, from_neo4j.output
    label = neo4j_store.describe()
    for md_files in (tmp_path / "files").glob("*.md"):
        text_files = md_files.read_text(encoding="utf-8").replace(str(sample_dir), "SOURCE")
        text_neo4j = (
            (tmp_path / "neo4j" / md_files.name)
            .read_text(encoding="utf-8")
            .replace(label, "SOURCE")
        )
        assert "SOURCE" in text_neo4j
        assert text_neo4j == text_files
    # without DATA and with NEO4J_URI set, Neo4j is the default source
    auto = invoke(["report", "--out", tmp_path / "auto"], env)
    assert auto.exit_code == 0, auto.output
    assert label in next((tmp_path / "auto").glob("*.md")).read_text(encoding="utf-8")


def test_query_list_names_and_describes_every_read_query(neo4j_server):
    result = invoke(["query", "--list"], {})  # no server needed to list
    assert result.exit_code == 0
    assert "cite_partners : Partenaires d'une cité. Les cités dont les acteurs" in result.output
    assert "--param cite_id=...  (string) identifiant de la cité" in result.output
    assert "load" not in " ".join(
        line.split(" : ")[0] for line in result.output.splitlines() if not line.startswith(" ")
    )


def test_query_formats(neo4j_server, neo4j_store, tiny_dir):
    env = neo4j_server.env()
    assert invoke(["load", tiny_dir], env).exit_code == 0
    args = ["query", "cite_partners", "--param", "cite_id=a"]
    table = invoke(args, env)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == [
        "cite_id",
        "name",
        "region",
        "shared_meetings",
        "first",
        "last",
    ]
    assert "Cité B" in table.stdout
    as_json = json.loads(invoke([*args, "--format", "json"], env).stdout)
    assert as_json == [
        {
            "cite_id": "b",
            "name": "Cité B",
            "region": "Bretagne",
            "shared_meetings": 1,
            "first": "2020-05-14",
            "last": "2020-05-14",
        }
    ]
    as_csv = list(csv.DictReader(io.StringIO(invoke([*args, "--format", "csv"], env).stdout)))
    assert as_csv == [{k: str(v) for k, v in as_json[0].items()}]
    since = invoke([*args, "--param", "since=2021-01-01", "--format", "json"], env)
    assert json.loads(since.stdout) == []


def test_ad_hoc_cypher_is_read_only_and_parameterised(neo4j_server, neo4j_store, tiny_dir):
    env = neo4j_server.env()
    assert invoke(["load", tiny_dir], env).exit_code == 0
    read = invoke(
        [
            "query",
            "--cypher",
            "MATCH (c:Cite {id: $id}) RETURN c.name AS name, c.wave AS wave",
            "--param",
            "id=a",
            "--format",
            "json",
        ],
        env,
    )
    assert json.loads(read.stdout) == [{"name": "Cité A", "wave": 2019}]
    typed = invoke(
        ["query", "--cypher", "RETURN $n + 1 AS m", "--param", "n:int=41", "--format", "csv"], env
    )
    assert typed.stdout.splitlines() == ["m", "42"]
    write = invoke(["query", "--cypher", "MATCH (c:Cite) DETACH DELETE c"], env)
    assert_one_clear_line(write, 3, "refusé")
    assert neo4j_store.counts()["Cite"] == 3


def test_query_usage_errors(neo4j_server):
    env = neo4j_server.env()
    assert_one_clear_line(invoke(["query", "nope"], env), 2, "aucune requête nommée « nope »")
    assert_one_clear_line(invoke(["query", "cite_partners"], env), 2, "demande --param cite_id")
    assert_one_clear_line(invoke(["query"], env), 2, "indiquez le NOM d'une requête ou --cypher")


# ---------------------------------------------------------------- failures


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


COMMANDS = [
    ["load", "DATA"],
    ["report", "--source", "neo4j", "--out", "OUT"],
    ["query", "crpv_cites"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_unreachable_server(neo4j_server, command, tmp_path, tiny_dir):
    env = {**neo4j_server.env(), "NEO4J_URI": f"bolt://127.0.0.1:{_closed_port()}"}
    args = [
        str(tiny_dir) if a == "DATA" else str(tmp_path / "out") if a == "OUT" else a
        for a in command
    ]
    result = invoke(args, env)
    assert_one_clear_line(result, 3, "injoignable", password=neo4j_server.password)


@pytest.fixture
def wait_out_the_login_lock():
    """Neo4j locks a user for 5 s after 3 failed logins in a row
    (dbms.security.auth_lock_time); later tests must not meet the lock."""
    yield
    time.sleep(6)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_wrong_password(neo4j_server, command, tmp_path, tiny_dir, wait_out_the_login_lock):
    wrong = "not-the-password-" + neo4j_server.password[:4]
    env = {**neo4j_server.env(), "NEO4J_PASSWORD": wrong}
    args = [
        str(tiny_dir) if a == "DATA" else str(tmp_path / "out") if a == "OUT" else a
        for a in command
    ]
    result = invoke(args, env)
    assert_one_clear_line(result, 3, "a refusé les identifiants", "'neo4j'", password=wrong)
    assert neo4j_server.password not in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_unknown_database(neo4j_server, command, tmp_path, tiny_dir):
    env = {**neo4j_server.env(), "NEO4J_DATABASE": "nosuchdb"}
    args = [
        str(tiny_dir) if a == "DATA" else str(tmp_path / "out") if a == "OUT" else a
        for a in command
    ]
    result = invoke(args, env)
    assert_one_clear_line(result, 3, "n'a pas de base 'nosuchdb'", password=neo4j_server.password)


def test_password_in_the_uri_is_never_printed(neo4j_server, tiny_dir):
    env = {
        **neo4j_server.env(),
        "NEO4J_URI": f"bolt://neo4j:hunter2secret@127.0.0.1:{_closed_port()}",
    }
    result = invoke(["load", tiny_dir], env)
    assert_one_clear_line(
        result, 3, "URI Neo4j invalide", "NEO4J_PASSWORD", password="hunter2secret"
    )
    garbage = invoke(["load", tiny_dir], {**neo4j_server.env(), "NEO4J_URI": "http//nowhere"})
    assert_one_clear_line(garbage, 3, "URI Neo4j invalide 'http//nowhere'")


def test_no_server_configured(tiny_dir):
    result = invoke(["load", tiny_dir], {"NEO4J_URI": ""})
    assert_one_clear_line(result, 2, "NEO4J_URI")
