"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
        if "CI" in os.environ:
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
