"""Shared pytest fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def in_ci() -> bool:
    """True under CI (``CI`` set, as CI services and ``.ci/run`` do)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# Tests that need a real part of the stack: under CI a skip of one of these
# means the part is missing, which must fail the run, not hide in a summary.
REAL_PART_MARKERS = ("neo4j", "browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and any(item.get_closest_marker(m) for m in REAL_PART_MARKERS):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where Neo4j and Chromium must be present: {reason}"


def _locate_shared_data() -> Path | None:
    """Find the read-only reference data directory, or return ``None``.

    Looks first at ``../shared/data`` next to the repository, then at the
    directory named by the ``COOPGRAPH_SHARED_DATA`` environment variable.
    """
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if default.is_dir():
        return default
    from_env = os.environ.get("COOPGRAPH_SHARED_DATA")
    if from_env and Path(from_env).is_dir():
        return Path(from_env)
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Directory of the shared reference data (``../shared/data``).

    Skips the test when the data is absent, except under CI (the ``CI``
    environment variable is set), where a missing directory is a failure.
    """
    path = _locate_shared_data()
    if path is None:
        message = (
            "shared reference data not found: expected ../shared/data next to "
            "the repository or a directory in $COOPGRAPH_SHARED_DATA"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def tiny_dir(tmp_path):
    """The tiny hand-checked dataset of tests/tinydata.py, as CSV files."""
    from tinydata import write_tables

    return write_tables(tmp_path / "tiny")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The bundled sample dataset."""
    return Path(__file__).resolve().parents[1] / "data" / "sample"


# ---------------------------------------------------------------- Neo4j

REPO = Path(__file__).resolve().parents[1]


class Neo4jServer:
    """The real Neo4j server the tests use: credentials from the environment
    (``scripts/test.sh`` starts one and exports them). ``owned`` when the suite
    started it (``COOPGRAPH_TEST_NEO4J_STARTED=1``) and may kill and restart it;
    the driver is re-created after a restart (the Bolt port may change)."""

    def __init__(self) -> None:
        self.run_dir = Path(os.environ.get("NEO4J_RUN_DIR") or REPO / ".neo4j")
        self.owned = os.environ.get("COOPGRAPH_TEST_NEO4J_STARTED") == "1"
        self._driver = None
        self.uri = os.environ["NEO4J_URI"]
        self.user = os.environ.get("NEO4J_USERNAME", "neo4j")
        self.password = os.environ.get("NEO4J_PASSWORD", "")
        self.database = os.environ.get("NEO4J_DATABASE", "neo4j")

    def env(self) -> dict[str, str]:
        """Environment variables pointing a coopgraph command at this server."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    @property
    def driver(self):
        if self._driver is None:
            from coopgraph.store.neo4j import connect

            self._driver = connect(self.uri, self.user, self.password)
        return self._driver

    def store(self):
        from coopgraph.store.neo4j import Neo4jStore

        return Neo4jStore(self.driver, self.database)

    def pid(self) -> int:
        return int((self.run_dir / "neo4j.pid").read_text().strip())

    def restarted(self) -> None:
        """Start the (killed) server again and follow it to its new port."""
        import subprocess

        if self._driver is not None:
            self._driver.close()
            self._driver = None
        # the script runs its Python helpers with the venv running these tests
        env = {**os.environ, "NEO4J_RUN_DIR": str(self.run_dir), "COOPGRAPH_VENV": sys.prefix}
        subprocess.run(
            ["bash", str(REPO / "scripts" / "neo4j.sh"), "start"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            timeout=300,
        )
        for line in (self.run_dir / "env").read_text().splitlines():
            key, _, value = line.partition("=")
            if key == "NEO4J_URI":
                self.uri = value
                os.environ["NEO4J_URI"] = value

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()


@pytest.fixture(scope="session")
def neo4j_server():
    """The real Neo4j server (see ``scripts/test.sh``): skipped locally when
    NEO4J_URI is unset, a failure under CI."""
    if not os.environ.get("NEO4J_URI"):
        message = "no Neo4j server: NEO4J_URI is unset (scripts/test.sh starts one)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    server = Neo4jServer()
    yield server
    server.close()


@pytest.fixture
def neo4j_store(neo4j_server):
    """A store on the real server, with the coopgraph graph wiped first
    (Community has a single user database, shared by every test)."""
    store = neo4j_server.store()
    store.wipe()
    return store
