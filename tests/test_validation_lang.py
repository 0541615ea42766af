"""``coopgraph validate`` speaks French by default: every message pandera's
checks give, and the reader's, named by file, line and column; English with
``--lang en``."""

from __future__ import annotations

import re

from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.i18n import catalogue
from tinydata import TINY, tables_with, write_tables


def _broken(tmp_path):
    cites = [dict(r) for r in TINY["cites"]]
    cites.append(dict(cites[0], name="Cité A bis"))  # duplicate id (line 5, column 1)
    cites[0]["region"] = "99"  # unknown région (line 2, column 3)
    cites[2]["lat"] = "abc"  # not a number (line 4, column 8)
    cites[2]["wave"] = "bientôt"  # not a year (line 4, column 7)
    meetings = [dict(r) for r in TINY["meetings"]]
    meetings[0]["date"] = "2020-13-01"  # not a date (line 2, column 2)
    meetings[0]["scale"] = "mondial"  # unknown scale
    meetings[1]["title"] = ""  # required value missing
    directory = tmp_path / "d"
    write_tables(directory, tables_with(cites=cites, meetings=meetings))
    return directory


#: The problems, located: (file, line, column, French words of the message).
EXPECTED_FR = [
    ("cites.csv", 2, 3, "région inconnue '99'"),
    ("cites.csv", 4, 7, "la vague 'bientôt' n'est pas une année"),
    ("cites.csv", 4, 8, "la latitude 'abc' n'est pas un nombre"),
    ("cites.csv", 5, 1, "identifiant en double 'a'"),
    ("meetings.csv", 2, 2, "'2020-13-01' n'est pas une date"),
    ("meetings.csv", 2, 5, "échelle inconnue 'mondial'"),
    ("meetings.csv", 3, 3, "valeur obligatoire absente"),
]

_LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): \[\w+\] (?P<msg>.*)$")


def _problems(output: str) -> list[tuple[str, int, int, str]]:
    found = []
    for text in output.splitlines():
        m = _LINE.match(text)
        if m:
            name = m["file"].rsplit("/", 1)[-1]
            found.append((name, int(m["line"]), int(m["col"]), m["msg"]))
    return found


def test_validate_is_french_by_default_with_file_line_and_column(tmp_path):
    result = CliRunner().invoke(
        cli, ["validate", str(_broken(tmp_path))], env={"COOPGRAPH_LANG": ""}
    )
    assert result.exit_code == 2, result.output
    found = _problems(result.output)
    for file, line, col, words in EXPECTED_FR:
        assert any((f, ln, c) == (file, line, col) and words in msg for f, ln, c, msg in found), (
            file,
            line,
            col,
            words,
            found,
        )
    assert len(found) == len(EXPECTED_FR), found
    assert result.output.rstrip().endswith("rien n'a été écrit")


def test_validate_in_english_on_request(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(_broken(tmp_path)), "--lang", "en"])
    found = _problems(result.output)
    assert [(f, ln, c) for f, ln, c, _ in found] == [(f, ln, c) for f, ln, c, _ in EXPECTED_FR]
    assert any(msg.startswith("unknown région '99'") for *_, msg in found)
    assert "nothing was written" in result.output


def test_a_warning_is_french_too(tmp_path):
    cites = [dict(r) for r in TINY["cites"]]
    cites[0]["wave"] = ""
    directory = tmp_path / "d"
    write_tables(directory, tables_with(cites=cites))
    result = CliRunner().invoke(cli, ["validate", str(directory)], env={"COOPGRAPH_LANG": ""})
    assert result.exit_code == 0
    assert "année de labellisation inconnue" in result.output
    strict = CliRunner().invoke(cli, ["validate", str(directory), "--strict", "--lang", "en"])
    assert strict.exit_code != 0 and "labelling year unknown" in strict.output


def test_every_validation_message_is_translated():
    fr, en = catalogue("fr"), catalogue("en")
    for key in fr:
        if key.startswith(("validation.", "data.", "io.")) and not key.endswith(".or"):
            assert fr[key] != en[key], key
