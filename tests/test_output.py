"""Outputs: atomic single files and sets (all new or all old, even after a
kill), stale temporary files cleaned, clear errors for a blocked path or a
full disk, and text made safe for spreadsheets, terminals and XML."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.errors import OutputError
from coopgraph.io import output
from coopgraph.io.output import clean_stale, csv_cell, output_set, write_atomically


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def hidden(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- errors


def test_output_path_blocked_by_a_directory(tiny_dir, tmp_path):
    out = tmp_path / "O"
    (out / "report.html").mkdir(parents=True)
    result = run("report", tiny_dir, "--out", out)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"erreur : {out / 'report.html'}: écriture impossible : '{out / 'report.html'}' est un dossier"
    ]
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]  # nothing else written


def test_output_directory_that_is_a_file(tiny_dir, tmp_path):
    (tmp_path / "O").write_text("not a directory")
    result = run("report", tiny_dir, "--out", tmp_path / "O" / "sub")
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert "un fichier porte le nom du dossier de sortie" in result.output


class _DevFull:
    """Open the temporary file for real (it exists, as on a full disk), but
    write into /dev/full, which fails with ENOSPC like a full disk."""

    def __init__(self, real_open):
        self.real_open = real_open

    def __call__(self, file, mode="r", *args, **kwargs):
        if "x" in mode:
            self.real_open(file, mode, *args, **kwargs).close()
            return self.real_open("/dev/full", "w", *args, **kwargs)
        return self.real_open(file, mode, *args, **kwargs)


def test_full_disk_is_one_error_and_nothing_written(tiny_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(output, "open", _DevFull(open), raising=False)
    out = tmp_path / "O"
    result = run("report", tiny_dir, "--out", out)
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert "disque plein (rien n'a été écrit)" in result.output
    assert list(out.iterdir()) == []  # no file, no temporary file


@contextlib.contextmanager
def small_tmpfs(path: Path, size: str):
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_really_full_disk_keeps_the_old_report(tiny_dir, tmp_path):
    with small_tmpfs(tmp_path / "disk", "256k") as disk:
        (disk / "report.md").write_text("old report")
        (disk / "filler").write_bytes(b"x" * 200_000)
        result = run("report", tiny_dir, "--out", disk)
        assert result.exit_code == 2, result.output
        assert "disque plein" in result.output and len(result.output.splitlines()) == 1
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "report.md"]
        assert (disk / "report.md").read_text() == "old report"


# ---------------------------------------------------------------- sets


def test_a_set_is_all_old_when_one_file_fails(tmp_path):
    (tmp_path / "a.md").write_text("old a")
    (tmp_path / "b.html").mkdir()  # blocks the second file
    with pytest.raises(OutputError, match="b.html"), output_set():
        write_atomically(tmp_path / "a.md", "new a")
        write_atomically(tmp_path / "b.html", "new b")
    assert (tmp_path / "a.md").read_text() == "old a"
    assert hidden(tmp_path) == []


def test_a_set_is_all_old_when_a_rename_fails(tmp_path, monkeypatch):
    for name in ("a.md", "b.html", "c.html"):
        (tmp_path / name).write_text(f"old {name}")
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="Input/output error"), output_set():
        for name in ("a.md", "b.html", "c.html"):
            write_atomically(tmp_path / name, f"new {name}")
    monkeypatch.undo()
    assert [(tmp_path / n).read_text() for n in ("a.md", "b.html", "c.html")] == [
        "old a.md",
        "old b.html",
        "old c.html",
    ]
    assert hidden(tmp_path) == []


def _killed_between_renames(directory: Path) -> None:
    """A child process that dies (as under kill -9) after the first rename."""
    pid = os.fork()
    if pid == 0:  # child
        real_replace, calls = os.replace, []

        def dying_replace(src, dst):
            real_replace(src, dst)
            calls.append(dst)
            if len(calls) == 1:
                os._exit(9)

        os.replace = dying_replace
        try:
            with output_set():
                write_atomically(directory / "report.md", "new md")
                write_atomically(directory / "report.html", "new html")
                write_atomically(directory / "map-cites.html", "new map")
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def test_a_set_killed_half_way_is_put_back_by_the_next_write(tmp_path):
    (tmp_path / "report.md").write_text("old md")
    (tmp_path / "report.html").write_text("old html")
    _killed_between_renames(tmp_path)
    # the kill left a mixed set, a journal, backups and temporary files
    assert (tmp_path / "report.md").read_text() == "new md"
    assert (tmp_path / "report.html").read_text() == "old html"
    assert any(name.endswith(".journal") for name in hidden(tmp_path))
    assert any(name.endswith(".tmp") for name in hidden(tmp_path))
    write_atomically(tmp_path / "other.txt", "x")  # any later write here recovers
    assert (tmp_path / "report.md").read_text() == "old md"
    assert (tmp_path / "report.html").read_text() == "old html"
    assert not (tmp_path / "map-cites.html").exists()  # new in the unfinished set
    assert hidden(tmp_path) == []


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".report.md.coopgraph-{dead}-0123abcd.tmp"
    stale.write_text("half")
    live = tmp_path / f".report.md.coopgraph-{os.getpid()}-0123abcd.tmp"
    live.write_text("being written")
    foreign = tmp_path / ".hidden-file-of-the-user"
    foreign.write_text("mine")
    assert clean_stale(tmp_path) == [stale]
    assert hidden(tmp_path) == sorted([live.name, foreign.name])


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_report_command_writes_its_files_as_one_set(tiny_dir, tmp_path, monkeypatch):
    out = tmp_path / "O"
    assert run("report", tiny_dir, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["map-cites.html", "report.html", "report.md"]
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    result = run("report", tiny_dir, "--out", out, "--lang", "en")
    monkeypatch.undo()
    assert result.exit_code == 2 and "Input/output error" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # all old


# ---------------------------------------------------------------- safe text


@pytest.mark.parametrize(
    "value,safe",
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.68", "-1.68"),
        ("+2", "+2"),
        ("Cité A", "Cité A"),
        ("", ""),
    ],
)
def test_csv_cells_are_neutralised(value, safe):
    assert csv_cell(value) == safe
    assert csv_cell(value, raw=True) == value
    assert output.uncsv_cell(csv_cell(value)) == value


def test_csv_raw_environment_variable(monkeypatch):
    monkeypatch.setenv("COOPGRAPH_CSV_RAW", "1")
    assert csv_cell("=1+1") == "=1+1"


def test_data_directory_written_with_hostile_names_reads_back(tmp_path):
    from coopgraph.io import read_dataset
    from coopgraph.io.writer import write_dataset
    from tinydata import TINY, tables_with, write_tables

    actors = [dict(a) for a in TINY["actors"]]
    actors[0]["name"] = '=HYPERLINK("http://evil","x")'
    actors[1]["name"] = "@SUM(1+1)"
    actors[2]["role"] = "-2+3"
    ds = read_dataset(write_tables(tmp_path / "in", tables_with(actors=actors)))
    out = tmp_path / "out"
    write_dataset(ds, out)
    text = (out / "actors.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",'@SUM" in text and ",'-2+3," in text
    assert (
        ",49.44," in (out / "cites.csv").read_text() and ",-1.68" in (out / "cites.csv").read_text()
    )
    assert read_dataset(out) == ds
    write_dataset(ds, tmp_path / "raw", raw=True)
    assert ',"=HYPERLINK' in (tmp_path / "raw" / "actors.csv").read_text(encoding="utf-8")


def test_data_directory_moved_away_by_a_killed_write_is_put_back(tmp_path):
    old = tmp_path / f".data.coopgraph-{_dead_pid()}-0123abcd.old"
    old.mkdir()
    (old / "cites.csv").write_text("id\n")
    half = tmp_path / f".data.coopgraph-{_dead_pid()}-4567abcd.tmp"
    half.mkdir()
    clean_stale(tmp_path)
    assert (tmp_path / "data" / "cites.csv").read_text() == "id\n"
    assert hidden(tmp_path) == []


def test_data_directory_on_a_full_disk_is_one_error(tmp_path):
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        result = run("generate", "--out", disk / "gen", "--cites", "20")
        assert result.exit_code == 2, result.output
        assert "disque plein" in result.output and len(result.output.splitlines()) == 1
        assert list(disk.iterdir()) == []
