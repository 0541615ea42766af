"""The CLI through click's CliRunner: exit codes, messages, nothing written on error."""

from __future__ import annotations

import csv
import re
import shutil

from click.testing import CliRunner

from coopgraph.cli import cli
from tinydata import TINY, tables_with, write_tables


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_validate_valid_directory(tiny_dir):
    result = run("validate", tiny_dir)
    assert result.exit_code == 0
    assert "valid" in result.output


def test_validate_lists_every_problem_and_exits_non_zero(tmp_path):
    directory = write_tables(
        tmp_path / "d",
        tables_with(
            cites=TINY["cites"] + [dict(TINY["cites"][0])],
            attendance=TINY["attendance"] + [{"meeting_id": "m1", "actor_id": "ghost"}],
            meetings=TINY["meetings"][:2] + [dict(TINY["meetings"][2], date="2021-02-30")],
        ),
    )
    result = run("validate", directory)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert (
        f"{directory}/attendance.csv:7:2: [actor_id] acteur inconnu 'ghost' (absent de actors.csv)"
        in lines
    )
    assert f"{directory}/cites.csv:5:1: [cite_id] identifiant en double 'a'" in lines
    assert (
        f"{directory}/meetings.csv:4:2: [date] '2021-02-30' n'est pas une date (AAAA-MM-JJ, ou JJ/MM/AAAA)"
        in lines
    )
    assert lines[-1] == "erreur : 3 problème(s) dans les données d'entrée ; rien n'a été écrit"


def test_report_on_invalid_data_writes_nothing(tmp_path):
    directory = write_tables(
        tmp_path / "d", tables_with(cites=TINY["cites"] + [dict(TINY["cites"][0])])
    )
    out = tmp_path / "out"
    result = run("report", directory, "--out", out)
    assert result.exit_code == 2
    assert "identifiant en double 'a'" in result.output
    assert not out.exists()


def test_report_on_tiny_data(tiny_dir, tmp_path):
    out = tmp_path / "out"
    result = run("report", tiny_dir, "--out", out, "--until", "2020-03-01")
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Cités isolées" in md and "Cités isolées" in html
    # Before the club meeting of 2020-05-14 only a's actor met (once, at a
    # local meeting): a has sparse data, b and c none; none is called isolated.
    assert "0 cité(s) isolée(s) sur 0 observée(s)" in md
    assert "Aucune donnée (2) : Cité B, Cité C." in md
    assert "Données partielles (1, une seule rencontre) : Cité A." in md
    assert "1 cité(s) sur 3 (33 %) ont au moins une participation" in md
    assert not re.search(
        r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""", html
    )


def test_report_in_english(tiny_dir, tmp_path):
    result = run("report", tiny_dir, "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Isolated cités" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_missing_data_directory(tmp_path):
    result = run("report", tmp_path / "absent", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "aucun fichier ni dossier de ce nom" in result.output
    assert not (tmp_path / "out").exists()


def test_no_source_at_all(monkeypatch, tmp_path):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = run("report", "--out", tmp_path)
    assert result.exit_code == 2
    assert "indiquez un dossier de données" in result.output


def test_bad_date_option(tiny_dir, tmp_path):
    result = run("report", tiny_dir, "--since", "31/02/2020", "--out", tmp_path)
    assert result.exit_code == 2
    assert "« 31/02/2020 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)" in result.output


def test_french_date_option(tiny_dir, tmp_path):
    """A date typed as French spreadsheets write it is the same date."""
    french = run("density", tiny_dir, "--since", "14/05/2020", "--format", "json")
    iso = run("density", tiny_dir, "--since", "2020-05-14", "--format", "json")
    assert french.exit_code == 0 and french.output == iso.output


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0


def test_report_keeps_previous_output_when_failing(tiny_dir, tmp_path):
    out = tmp_path / "out"
    assert run("report", tiny_dir, "--out", out).exit_code == 0
    before = (out / "report.md").read_text(encoding="utf-8")
    broken = tmp_path / "broken"
    shutil.copytree(tiny_dir, broken)
    (broken / "attendance.csv").write_text("meeting_id,actor_id\nm1,ghost\n", encoding="utf-8")
    assert run("report", broken, "--out", out).exit_code == 2
    assert (out / "report.md").read_text(encoding="utf-8") == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_done_means_three_errors_on_a_copy_of_the_sample(sample_dir, tmp_path):
    """Issue 2's acceptance: duplicated cite_id, unknown actor, malformed date."""
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy)

    def append(name, line):
        with open(copy / name, "a", encoding="utf-8", newline="") as fh:
            fh.write(line + "\n")
        return sum(1 for _ in open(copy / name, encoding="utf-8"))

    first_cite = (copy / "cites.csv").read_text(encoding="utf-8").splitlines()[1]
    cite_line = append("cites.csv", first_cite)
    actor_line = append("attendance.csv", "mtg-2020-027,act-unknown")
    with open(copy / "meetings.csv", encoding="utf-8", newline="") as fh:
        meetings = list(csv.reader(fh))
    header = meetings[0]
    meetings[5][header.index("date")] = "2020-02-31"  # the record on line 6
    with open(copy / "meetings.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(meetings)

    out = tmp_path / "out"
    result = run("validate", copy)
    assert result.exit_code == 2
    cite_id = first_cite.split(",")[0]
    date_col = header.index("date") + 1
    assert (
        f"{copy}/cites.csv:{cite_line}:1: [cite_id] identifiant en double '{cite_id}'"
        in result.output
    )
    assert (
        f"{copy}/attendance.csv:{actor_line}:2: [actor_id] acteur inconnu 'act-unknown'"
        in result.output
    )
    assert (
        f"{copy}/meetings.csv:6:{date_col}: [date] '2020-02-31' n'est pas une date (AAAA-MM-JJ"
        in result.output
    )
    assert "3 problème(s)" in result.output
    assert run("report", copy, "--out", out).exit_code == 2
    assert not out.exists()


def test_written_files_get_ordinary_permissions(tiny_dir, tmp_path):
    import os

    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        assert run("report", tiny_dir, "--out", out).exit_code == 0
    finally:
        os.umask(old)
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_since_after_until_is_refused(tiny_dir, tmp_path):
    result = run(
        "report",
        tiny_dir,
        "--since",
        "2022-01-01",
        "--until",
        "2020-01-01",
        "--out",
        tmp_path / "o",
    )
    assert result.exit_code == 2 and "est après --until" in result.output
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_is_refused_before_any_work(tiny_dir, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = run("report", tiny_dir, "--out", target)
    assert result.exit_code == 2 and "file.txt' est un fichier" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_process_settings_before_numpy_loads():
    """The command runs with one OpenBLAS thread unless the user sets one,
    and a young-generation threshold of 100,000 (coopgraph.tuning)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; import coopgraph.cli, os, gc; "
        "print(os.environ['OPENBLAS_NUM_THREADS'], gc.get_threshold()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["1", "100000"], done.stderr
    env["OPENBLAS_NUM_THREADS"] = "2"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["2", "100000"], done.stderr
