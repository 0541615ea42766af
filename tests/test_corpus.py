"""The corpus of malformed inputs (tests/corpus/): every case gets its located
message (file, line, column of the cause), its exit code, and nothing written.
Cases that cannot be files in git are built here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from tinydata import TINY, tables_with, write_tables

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


def assert_refused(data: Path, tmp_path: Path, code: int, *patterns: str) -> str:
    """``validate`` and ``report`` refuse ``data`` with each pattern matched
    by one output line, the exit code ``code``, and no output written."""
    exit_code, output = run("validate", data)
    assert exit_code == code, output
    lines = output.splitlines()
    for pattern in patterns:
        assert any(re.search(pattern, line) for line in lines), (pattern, output)
    assert "Traceback" not in output
    assert lines[-1].startswith("erreur : "), output
    out = tmp_path / "out"
    exit_code, report_output = run("report", data, "--out", out)
    assert exit_code == code, report_output
    assert not out.exists() or not any(out.iterdir())
    return output


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case, tmp_path):
    data = write_tables(tmp_path / "data")
    for file in (CORPUS / case).iterdir():
        if file.name != "expected.txt":
            shutil.copyfile(file, data / file.name)
    code, *patterns = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert_refused(data, tmp_path, int(code), *patterns)


def test_stray_quote_in_a_big_file_is_located_not_a_field_limit_traceback(tmp_path):
    """One stray quote in a 3,000-row file makes a field over 131,072
    characters: reported where the quote opened, not as a csv traceback."""
    actors = [
        {
            "actor_id": f"a{i:04}",
            "name": f"Personne numéro {i} avec un nom assez long",
            "institution_id": "ville",
            "role": "",
            "cite_id": "a",
        }
        for i in range(3000)
    ]
    data = write_tables(tmp_path / "d", tables_with(actors=actors + TINY["actors"]))
    lines = (data / "actors.csv").read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b",", b',"', 1)  # sed -i '2s/,/,"/'
    (data / "actors.csv").write_bytes(b"\r\n".join(lines))
    assert len((data / "actors.csv").read_text(encoding="utf-8")) > 131_072
    assert_refused(
        data, tmp_path, 2, r"actors\.csv:2:7: guillemet ouvert ici et jamais refermé avant la fin"
    )


def test_long_legitimate_field_is_read(tmp_path):
    long_title = "x" * 200_000
    meetings = [dict(m) for m in TINY["meetings"]]
    meetings[0]["title"] = long_title
    data = write_tables(tmp_path / "d", tables_with(meetings=meetings))
    from coopgraph.io import read_dataset

    assert read_dataset(data).meeting_by_id["m1"].title == long_title


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda f: os.symlink("nowhere.csv", f), r"lien symbolique cassé .*'nowhere\.csv'"),
        (lambda f: os.symlink(f.name, f), r"boucle de liens symboliques"),
        (lambda f: f.mkdir(), r"c'est un dossier, pas un fichier CSV"),
        (
            lambda f: os.mkfifo(f),
            r"ce n'est pas un fichier ordinaire \(FIFO\) : il n'a pas été ouvert",
        ),
    ],
    ids=["dangling-symlink", "symlink-loop", "directory", "fifo"],
)
def test_cites_csv_that_is_not_a_file_is_named_not_missing(tmp_path, make, message):
    data = write_tables(tmp_path / "d")
    (data / "cites.csv").unlink()
    make(data / "cites.csv")
    assert_refused(data, tmp_path, 2, r"cites\.csv: " + message)


def test_fifo_never_blocks_the_real_command(tmp_path):
    data = write_tables(tmp_path / "d")
    (data / "cites.csv").unlink()
    os.mkfifo(data / "cites.csv")
    done = subprocess.run(
        [sys.executable, "-m", "coopgraph.cli", "validate", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "FIFO" in done.stderr


def test_excel_sep_line_is_honoured(tmp_path, tiny_dir):
    from coopgraph.io import read_dataset

    data = write_tables(tmp_path / "d", delimiter=";")
    for name in ("cites", "meetings"):
        text = (data / f"{name}.csv").read_text(encoding="utf-8")
        (data / f"{name}.csv").write_text("sep=;\r\n" + text, encoding="utf-8")
    assert read_dataset(data) == read_dataset(tiny_dir)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, tiny_dir, encoding):
    from coopgraph.io import read_dataset

    data = write_tables(tmp_path / "d", encoding=encoding, delimiter="\t")
    assert not (data / "actors.csv").read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    assert read_dataset(data) == read_dataset(tiny_dir)


def test_csv_renamed_xlsx(tmp_path, tiny_dir):
    book = tmp_path / "données.xlsx"
    shutil.copyfile(tiny_dir / "cites.csv", book)
    assert_refused(
        book, tmp_path, 2, r"données\.xlsx: ce n'est pas un classeur Excel .*un CSV renommé"
    )


def test_workbook_with_cites_and_cites_csv_sheets(tmp_path):
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, rows in TINY.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame(TINY["cites"][:1]).to_excel(writer, sheet_name="cites.csv", index=False)
    assert_refused(
        book, tmp_path, 2, r"book\.xlsx: deux feuilles pour la même table : 'cites' et 'cites\.csv'"
    )


def test_a_flood_of_errors_is_capped_with_a_count(tmp_path):
    attendance = [{"meeting_id": "m1", "actor_id": f"ghost{i}"} for i in range(5000)]
    data = write_tables(tmp_path / "d", tables_with(attendance=attendance))
    output = assert_refused(
        data, tmp_path, 2, r"… et 4900 autre\(s\) problème\(s\) non affiché\(s\)"
    )
    assert len(output.splitlines()) == 102


def test_a_stray_quote_is_not_buried_under_its_consequences(tmp_path):
    """The rows a quote swallowed are missing from their file: the other
    files' references to them are not reported, so the cause is what shows
    (even past the cap of 100 lines, and whatever the file order)."""
    attendance = [{"meeting_id": "m3", "actor_id": "x"} for _ in range(1)] + [
        {"meeting_id": f"m{i}", "actor_id": "z"} for i in range(4, 400)
    ]
    meetings = [dict(m) for m in TINY["meetings"]] + [
        {"meeting_id": f"m{i}", "date": "2021-01-01", "title": f"R{i}"} for i in range(4, 400)
    ]
    data = write_tables(tmp_path / "d", tables_with(meetings=meetings, attendance=attendance))
    lines = (data / "meetings.csv").read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b",", b',"', 1)
    (data / "meetings.csv").write_bytes(b"\r\n".join(lines))
    output = assert_refused(
        data, tmp_path, 2, r"meetings\.csv:2:4: guillemet ouvert ici et jamais refermé"
    )
    assert "attendance.csv" not in output


def test_import_cites_from_a_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "cites.csv")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coopgraph.cli",
            "import-cites",
            str(tmp_path / "cites.csv"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "FIFO" in done.stderr
    assert not (tmp_path / "o").exists()
