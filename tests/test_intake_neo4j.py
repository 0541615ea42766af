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
