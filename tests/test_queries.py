"""The Cypher files: every query the code names has a file, every file says
what it does and declares the parameters it uses, and the wheel carries them."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coopgraph.errors import InputError
from coopgraph.store import queries
from coopgraph.store.neo4j import load_plan

SRC = Path(__file__).resolve().parents[1] / "src" / "coopgraph"
NAME_IN_CODE = re.compile(r"""["'](schema|load|read|admin|bench)/(\w+)["']""")


def names_used_in_code() -> set[str]:
    names = set()
    for path in [
        *SRC.rglob("*.py"),
        Path(__file__).resolve().parents[1] / "benchmarks" / "bench_load.py",
    ]:
        if path.is_file():
            names.update(
                f"{g}/{n}" for g, n in NAME_IN_CODE.findall(path.read_text(encoding="utf-8"))
            )
    return names


def test_every_query_name_used_in_the_code_has_a_file():
    used = names_used_in_code()
    # The loader names its queries in load_plan; the reader and admin ones literally.
    used |= {step.query_name for step in load_plan(__import__("coopgraph.model").model.Dataset())}
    assert {
        "read/cites",
        "read/attendance",
        "admin/wipe",
        "load/attendance",
        "bench/load_csv_attendance",
    } <= used
    missing = sorted(used - set(queries.all_queries()))
    assert not missing, f"no .cypher file for {missing}"


def test_every_file_describes_itself_and_declares_its_parameters():
    all_ = queries.all_queries()
    assert len(all_) >= 30
    for name, q in all_.items():
        assert q.text.lstrip().startswith("//"), name
        assert len(q.description) > 20, name
        body = "\n".join(line for line in q.text.splitlines() if not line.strip().startswith("//"))
        used = set(re.findall(r"\$(\w+)", body))
        declared = {p.name for p in q.params}
        assert used == declared, f"{name}: uses {sorted(used)}, declares {sorted(declared)}"


def test_no_query_builds_text_from_values():
    """Values are parameters: no Python string formatting reaches Cypher."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""f["'][^"']*(MATCH|MERGE|CREATE|UNWIND)\b""", text), path


def test_read_queries_are_the_listed_ones():
    names = [q.short_name for q in queries.read_queries()]
    assert {
        "cites",
        "meetings",
        "cite_partners",
        "isolated_cites",
        "crpv_cites",
        "region_links",
    } <= set(names)
    assert all(q.group == "read" for q in queries.read_queries())


def test_parameters_are_typed_by_the_declarations():
    q = queries.query("read/cite_partners")
    params = queries.parse_params(["cite_id=28", "since=2020-01-01"], q)
    # a région-like code stays text; a declared date becomes a date
    assert params == {"cite_id": "28", "since": __import__("datetime").date(2020, 1, 1)}
    assert q.parameters(params)["until"] is None
    with pytest.raises(InputError, match="needs --param cite_id"):
        q.parameters({})
    with pytest.raises(InputError, match="has no parameter bogus"):
        q.parameters({"cite_id": "x", "bogus": 1})
    with pytest.raises(InputError, match="not a valid date"):
        queries.parse_params(["since=yesterday"], q)
    with pytest.raises(InputError, match="expected key=value"):
        queries.parse_params(["since"], q)


def test_missing_description_is_refused():
    with pytest.raises(ValueError, match="must start with a // comment"):
        queries.parse_query("read/x", "MATCH (n) RETURN n")


@pytest.mark.slow
def test_the_wheel_carries_the_cypher_files(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(repo), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("coopgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"coopgraph/cypher/{path.relative_to(repo / 'cypher').as_posix()}"
        for path in (repo / "cypher").rglob("*.cypher")
    }
    assert expected and expected <= names
    # Installed from the wheel (not the checkout), the loader finds them.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import coopgraph.store.queries as q; print(q.cypher_dir()); print(len(q.all_queries()))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert probe.returncode == 0, probe.stderr
    where, count = probe.stdout.split()
    assert where.startswith(str(target)) and int(count) == len(expected)
