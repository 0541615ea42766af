"""``--help`` speaks French by default and English with ``--lang en`` or
``COOPGRAPH_LANG=en``; its texts come from the catalogues, not the code."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.commands.helptext import lang_in_args
from coopgraph.i18n import catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "coopgraph"


def _paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _paths(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


PATHS = _paths()


def help_of(path: tuple[str, ...], *args: str, env: dict[str, str] | None = None) -> str:
    env = {"COOPGRAPH_LANG": "", **(env or {})}
    result = CliRunner().invoke(cli, [*path, *args, "--help"], env=env, prog_name="coopgraph")
    assert result.exit_code == 0, result.output
    return result.output


#: Words of the English help that must not survive in the French one
#: (click's own words included).
ENGLISH = {
    "the", "and", "of", "with", "to", "from", "for", "this", "that", "is", "are", "only",
    "show", "write", "output", "default", "required", "usage", "commands", "example",
    "examples", "seed", "number", "instead", "when", "each", "file", "directory", "message",
    "exit", "language", "meeting", "meetings", "ties", "tie", "read", "env", "var", "text",
    "integer", "path", "repeat", "also", "cities", "account", "password", "most",
}  # fmt: skip
#: Words of the French help that must not appear in the English one.
FRENCH = {
    "les", "des", "une", "du", "la", "et", "ou", "avec", "dans", "défaut", "utilisation",
    "affiche", "cette", "fichier", "dossier", "rencontres", "liens", "répétable",
    "exemple", "exemples", "graine", "seulement", "sortie", "texte", "entier",
}  # fmt: skip


def _prose(text: str) -> list[str]:
    """The words a reader reads: examples, option names, choices and
    environment variable names left out."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("coopgraph ")]
    text = "\n".join(lines)
    text = re.sub(r"\[[a-z_|\-]+\]", " ", text)  # [auto|files|neo4j]
    text = re.sub(r"(?<![\w-])--?[a-z][\w-]*", " ", text)  # --max-km, -h
    text = re.sub(r"\b[A-Z][A-Z0-9_]+\b", " ", text)  # NEO4J_URI, SINCE
    text = re.sub(r"\{[^}]*\}|\S+\.(?:csv|json|md|html|pdf|xlsx)\b|\S*/\S*", " ", text)
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())


@pytest.mark.parametrize("path", PATHS, ids=lambda p: ".".join(p) or "coopgraph")
def test_help_is_french_by_default_and_english_on_request(path):
    fr = help_of(path)
    en = help_of(path, env={"COOPGRAPH_LANG": "en"})
    assert fr != en
    assert fr.splitlines()[0].startswith("Utilisation : coopgraph")
    assert en.splitlines()[0].startswith("Usage: coopgraph")
    english_left = sorted(set(_prose(fr)) & ENGLISH)
    assert not english_left, f"English in the French help of {path}: {english_left}"
    french_left = sorted(set(_prose(en)) & FRENCH)
    assert not french_left, f"French in the English help of {path}: {french_left}"


def test_the_prose_filter_keeps_english_words():
    """The check above would see English words (a filter that drops
    everything would pass anything)."""
    words = _prose("  --out FILE   Write to this file instead of standard output.  [default: x]")
    assert {"write", "file", "instead", "output", "default"} <= set(words)


@pytest.mark.parametrize("name", ["report", "validate", "plan-clusters", "import-cites"])
def test_lang_on_the_command_line_decides_the_help(name):
    assert help_of((name,), "--lang", "en") == help_of((name,), env={"COOPGRAPH_LANG": "en"})
    # the command line wins over the environment, wherever --help is
    french = help_of((name,))
    assert help_of((name,), "--lang", "fr", env={"COOPGRAPH_LANG": "en"}) == french
    result = CliRunner().invoke(
        cli, [name, "--help", "--lang=fr"], env={"COOPGRAPH_LANG": "en"}, prog_name="coopgraph"
    )
    assert result.output == french


def test_lang_in_args():
    assert lang_in_args(["x", "--lang", "en", "--lang", "fr"]) == "fr"
    assert lang_in_args(["x", "--lang=en"]) == "en"
    assert lang_in_args(["x", "--", "--lang", "en"]) is None
    assert lang_in_args(["x", "--lang", "de"]) is None


def _params(path: tuple[str, ...]) -> tuple[click.Command, list[click.Parameter]]:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command, list(command.params)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_command_and_option_has_its_help_in_the_catalogue(lang):
    table = catalogue(lang)
    missing = []
    for path in PATHS:
        dotted = ".".join(path) or "coopgraph"
        if f"help.cmd.{dotted}" not in table:
            missing.append(f"help.cmd.{dotted}")
        for param in _params(path)[1]:
            keys = [f"help.opt.{dotted}.{param.name}", f"help.opt.{param.name}"]
            if not any(k in table for k in keys):
                missing.append(keys[0])
    assert not missing, missing


def test_no_help_text_is_written_in_the_code():
    """Option help and command descriptions live in the catalogues: no
    ``help=`` string in the commands (a click docstring is code doc only)."""
    files = [SRC / "cli.py", *sorted((SRC / "commands").glob("*.py"))]
    found = [f.name for f in files if re.search(r"\bhelp=[\"'A-Za-z_]", f.read_text("utf-8"))]
    assert not found, found


def test_french_usage_errors_for_dates():
    result = CliRunner().invoke(cli, ["density", "data/sample", "--since", "2020-13-45"])
    assert result.exit_code == 2 and "n'est pas une date" in result.output
    result = CliRunner().invoke(
        cli, ["density", "data/sample", "--since", "2020-13-45", "--lang", "en"]
    )
    assert result.exit_code == 2 and "is not a date" in result.output


def test_click_usage_errors_speak_the_language_of_the_command_line():
    fr = CliRunner().invoke(cli, ["report", "data/sample", "--bogus"], prog_name="coopgraph")
    assert fr.exit_code == 2
    assert "Erreur : Option inconnue : '--bogus'." in fr.output
    assert "Essayez « coopgraph report --help » pour l'aide." in fr.output
    en = CliRunner().invoke(
        cli, ["report", "data/sample", "--lang", "en", "--bogus"], prog_name="coopgraph"
    )
    assert "Error: No such option '--bogus'." in en.output
    bad = CliRunner().invoke(cli, ["density", "--min-shared", "0"], prog_name="coopgraph")
    assert "Valeur invalide pour '--min-shared' : 0 n'est pas dans l'intervalle x>=1." in (
        bad.output
    )


def test_help_has_no_side_effect(tmp_path, monkeypatch):
    """``users add --help`` prints help; it opens no account database."""
    monkeypatch.chdir(tmp_path)
    assert "Utilisation : coopgraph users add" in help_of(("users", "add"))
    assert list(tmp_path.iterdir()) == []
