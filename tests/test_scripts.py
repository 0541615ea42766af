"""The project's shell scripts use only what the project installs.

A package that happens to be installed in the system Python would make the
scripts work here and fail on a fresh machine, so the scripts are run with a
PATH whose ``python3`` and ``python`` refuse to run, and an environment
stripped of everything but the essentials.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
VENV = Path(sys.prefix)  # the interpreter running the tests is the project's own


def _poisoned_path(tmp_path: Path) -> str:
    """A PATH whose first directory holds a ``python3`` and a ``python`` that
    fail loudly, in front of the system directories (which have a python3)."""
    bin_dir = tmp_path / "poison"
    bin_dir.mkdir()
    for name in ("python", "python3"):
        shim = bin_dir / name
        shim.write_text("#!/bin/sh\necho 'system python used by a script' >&2\nexit 97\n")
        shim.chmod(0o755)
    return f"{bin_dir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "HOME": os.environ.get("HOME", "/root"),
        "PATH": _poisoned_path(tmp_path),
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def test_shell_scripts_never_call_the_system_python():
    """Only ``python3 -m venv`` (creating the project's environment) may name
    the system interpreter; everything else goes through the venv."""
    offenders = []
    for script in sorted(SCRIPTS.glob("*.sh")):
        for number, line in enumerate(script.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"(?<![\w/.-])python3?\b", code) and "python3 -m venv" not in code:
                offenders.append(f"{script.name}:{number}: {line.strip()}")
    assert offenders == []


def test_neo4j_sh_without_a_venv_says_what_to_run(tmp_path):
    result = subprocess.run(
        ["bash", str(SCRIPTS / "neo4j.sh"), "start"],
        env=_bare_env(
            tmp_path, COOPGRAPH_VENV=str(tmp_path / "no-venv"), NEO4J_RUN_DIR=str(tmp_path / "run")
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""  # nothing for `eval` to pick up
    assert "scripts/test.sh" in result.stderr
    assert "system python used" not in result.stderr


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_sh_starts_with_only_the_project_environment(tmp_path, neo4j_server):
    """A second, private server, started from a shell where no virtual
    environment is active and the system Python is unusable."""
    env = _bare_env(tmp_path, COOPGRAPH_VENV=str(VENV), NEO4J_RUN_DIR=str(tmp_path / "run"))
    script = str(SCRIPTS / "neo4j.sh")
    try:
        started = subprocess.run(
            ["bash", script, "start"], env=env, capture_output=True, text=True, timeout=300
        )
        assert started.returncode == 0, started.stderr[-3000:]
        assert "system python used" not in started.stderr
        lines = dict(line.split("=", 1) for line in started.stdout.splitlines())
        assert lines["NEO4J_URI"].startswith("bolt://127.0.0.1:")
        status = subprocess.run(
            ["bash", script, "status"], env=env, capture_output=True, text=True, timeout=60
        )
        assert status.stdout.startswith("running"), status.stdout
    finally:
        subprocess.run(["bash", script, "stop"], env=env, capture_output=True, timeout=120)


def test_test_sh_stops_when_the_server_does_not_start(tmp_path):
    """A failed start must fail the test command, not run pytest without Neo4j."""
    env = _bare_env(
        tmp_path,
        COOPGRAPH_VENV=str(VENV),
        NEO4J_RUN_DIR=str(tmp_path / "run"),
        NEO4J_JAVA_HOME=str(tmp_path / "no-java"),
    )
    env["COOPGRAPH_SKIP_INSTALL"] = "1"  # the environment is there already
    result = subprocess.run(
        ["bash", str(SCRIPTS / "test.sh"), "--co", "-q", "tests/test_scripts.py"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode != 0
    assert "no java" in result.stderr
    assert "collected" not in result.stdout  # pytest never ran
