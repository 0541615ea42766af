"""An attendance list imported into a data directory reaches the shared
Neo4j graph incrementally: a second ``coopgraph load`` creates only the new
meeting, people and attendance (issue 12, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
MEETING = ["--title", "Club test", "--date", "2023-03-14", "--scale", "regional"]
MEETING += ["--organiser", "crpv-resovilles"]


def _rows(path: Path) -> int:
    return len(path.read_text(encoding="utf-8-sig").splitlines()) - 1


def _created(stdout: str) -> dict[str, int]:
    """The 'created' column of the load summary, per label or type."""
    counts = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] in ("nœuds", "relations") and parts[3].isdigit():
            counts[parts[0]] = int(parts[3])
    return counts


def test_imported_attendance_loads_incrementally(neo4j_server, neo4j_store, sample_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    env = neo4j_server.env()
    runner = CliRunner()
    first = runner.invoke(cli, ["load", str(data)], env=env)
    assert first.exit_code == 0, first.output

    before = {name: _rows(data / f"{name}.csv") for name in ("actors", "institutions", "meetings")}
    imported = runner.invoke(
        cli, ["import-attendance", str(FIXTURES / "emargement.csv"), "--into", str(data), *MEETING]
    )
    assert imported.exit_code == 0, imported.output

    second = runner.invoke(cli, ["load", str(data)], env=env)
    assert second.exit_code == 0, second.output
    created = _created(second.stdout)
    new = {name: _rows(data / f"{name}.csv") - n for name, n in before.items()}
    assert new == {"actors": 3, "institutions": new["institutions"], "meetings": 1}
    assert created["Meeting"] == 1
    assert created["Actor"] == 3  # Marie Dupont, Jean-Luc Martin, Anne Le Gall
    assert created["Institution"] == new["institutions"]
    assert created["ATTENDED"] == 3
    assert created["Cite"] == 0 and created["Region"] == 0

    third = runner.invoke(cli, ["load", str(data)], env=env)
    assert third.stdout.splitlines()[-1].startswith("total : 0 créés, ")


# ---------------------------------------------------------------- one transaction
#
# An intake commit on Neo4j (the web workspace's) is one write transaction:
# GraphChange -> Neo4jStore.write_change. Failures below happen in the real
# server, in the middle of the transaction, after earlier steps wrote.


def _change(ds):
    """A commit's worth of new records on the sample: a meeting, an
    institution, a new person and attendance (new and known people)."""
    from datetime import date

    from coopgraph.model import Actor, Attendance, Institution, Meeting
    from coopgraph.store.neo4j import GraphChange

    known = ds.actors[10]
    return GraphChange(
        meetings=(
            Meeting(
                "mtg-2031-001",
                date(2031, 3, 14),
                "Club test",
                scale="regional",
                organiser_ids=("crpv-resovilles",),
                themes=("parents",),
            ),
        ),
        institutions=(
            Institution("inst-test", "Test <b>asso</b>", "association", ("53",), ("35",)),
        ),
        actors=(Actor("act-9001", "Nouvelle Personne", "inst-test", cite_id=ds.cites[0].id),),
        relinked=(),
        attendance=(
            Attendance("mtg-2031-001", "act-9001"),
            Attendance("mtg-2031-001", known.id),
        ),
    )


def _snapshot(store):
    return store.read_dataset().canonical(), store.counts()


def test_intake_change_is_written_in_one_transaction(neo4j_store, sample_dir):
    from coopgraph.io import read_dataset

    ds = read_dataset(sample_dir)
    neo4j_store.load(ds)
    change = _change(ds)
    written = neo4j_store.write_change(change)
    assert written["intake/attendance"] == 2 and written["intake/actors"] == 1
    after = neo4j_store.read_dataset()
    meeting = after.meeting_by_id["mtg-2031-001"]
    assert meeting.organiser_ids == ("crpv-resovilles",) and meeting.themes == ("parents",)
    person = after.actor_by_id["act-9001"]
    assert (person.institution_id, person.cite_id) == ("inst-test", ds.cites[0].id)
    assert after.institution_by_id["inst-test"].regions == ("53",)
    assert {a.actor_id for a in after.attendance if a.meeting_id == "mtg-2031-001"} == {
        "act-9001",
        ds.actors[10].id,
    }
    assert len(after.attendance) == len(ds.attendance) + 2


def test_a_row_failing_in_cypher_leaves_the_graph_unchanged(neo4j_store, sample_dir):
    """The last step (attendance) names a person the graph does not have:
    the meeting, institution and person created earlier in the same
    transaction are rolled back with it."""
    from dataclasses import replace

    from coopgraph.io import read_dataset
    from coopgraph.model import Attendance
    from coopgraph.store.neo4j import IncompleteChange

    ds = read_dataset(sample_dir)
    neo4j_store.load(ds)
    before = _snapshot(neo4j_store)
    change = _change(ds)
    bad = replace(change, attendance=(*change.attendance, Attendance("mtg-2031-001", "nobody")))
    with pytest.raises(IncompleteChange) as caught:
        neo4j_store.write_change(bad)
    assert caught.value.values == {"query": "intake/attendance", "missing": 1, "rows": 3}
    assert _snapshot(neo4j_store) == before


def test_a_constraint_violation_leaves_the_graph_unchanged(neo4j_store, sample_dir):
    """A new person whose id another commit took meanwhile: the uniqueness
    constraint fails the transaction after the meeting and institution were
    created in it; nothing stays."""
    from dataclasses import replace

    from coopgraph.io import read_dataset
    from coopgraph.model import Actor
    from coopgraph.store.neo4j import GraphConflict

    ds = read_dataset(sample_dir)
    neo4j_store.load(ds)
    before = _snapshot(neo4j_store)
    change = _change(ds)
    taken = Actor(ds.actors[0].id, "Quelqu'un d'autre", "inst-test")
    with pytest.raises(GraphConflict):
        neo4j_store.write_change(replace(change, actors=(*change.actors, taken)))
    assert _snapshot(neo4j_store) == before
    assert neo4j_store.read_dataset().actor_by_id[ds.actors[0].id].name == ds.actors[0].name


def test_a_known_person_placed_by_a_list_is_relinked(neo4j_store, sample_dir):
    """A person first met without a place (relinked by the importer) ends up
    affiliated to the new institution and cité only, in the same transaction."""
    from dataclasses import replace

    from coopgraph.io import read_dataset

    ds = read_dataset(sample_dir)
    neo4j_store.load(ds)
    known = next(a for a in ds.actors if a.cite_id)
    other = next(c for c in ds.cites if c.id != known.cite_id)
    change = replace(
        _change(ds),
        relinked=(replace(known, institution_id="inst-test", cite_id=other.id),),
    )
    neo4j_store.write_change(change)
    after = neo4j_store.read_dataset().actor_by_id[known.id]
    assert (after.institution_id, after.cite_id) == ("inst-test", other.id)
    counts = neo4j_store.counts()
    assert counts["AFFILIATED_TO"] == len(ds.actors) + 1  # one per person, the new one too
