"""mypy stays clean on the modules that are type-clean (see ``[tool.mypy]`` in
pyproject.toml); the others are on their way."""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "coopgraph"
TYPE_CLEAN = [
    SRC / "errors.py",
    SRC / "geo.py",
    SRC / "graph",
    SRC / "metrics" / "__init__.py",
    SRC / "metrics" / "bridges.py",
    SRC / "metrics" / "brokerage.py",
    SRC / "metrics" / "centrality.py",
    SRC / "metrics" / "communities.py",
    SRC / "metrics" / "isolation.py",
    SRC / "model.py",
    SRC / "planning",
    SRC / "suggest",
    SRC / "synth.py",
]


@pytest.mark.slow
def test_mypy_is_clean_on_the_typed_modules() -> None:
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), *map(str, TYPE_CLEAN)]
    )
    assert status == 0, stdout + stderr
    assert "Success: no issues found" in stdout
