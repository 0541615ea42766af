"""The command line: options defined once, each command offering only the
options it honours, every help ending with an example, and one option
followed from the command to the page."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from test_maps import data_of

SRC = Path(__file__).resolve().parents[1] / "src" / "coopgraph"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _commands():
    return sorted(cli.commands.items())


_LABELS = {"fr": ("Exemple :", "Exemples :"), "en": ("Example:", "Examples:")}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_help_ends_with_an_example(name, lang):
    result = CliRunner().invoke(cli, [name, "--help"], env={"COOPGRAPH_LANG": lang})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    labels = _LABELS[lang]
    tail = lines[lines.index(next(x for x in lines if x.strip() in labels)) :]
    assert tail[0].strip() in labels, name
    examples = [line.strip() for line in tail[1:]]
    assert examples and all(e.startswith(f"coopgraph {name}") for e in examples), (name, tail)


def test_main_help_lists_every_command():
    out = run("--help").output
    for name, _ in _commands():
        assert name in out


@pytest.mark.parametrize("option", ["--since", "--until", "--pseudonymise"])
def test_compare_refuses_the_options_it_would_ignore(option):
    args = ["compare", SAMPLE, "--period", "2019-01-01:2020-05-13", "--period", "2020-05-14:"]
    value = [] if option == "--pseudonymise" else ["2020-01-01"]
    result = run(*args, option, *value)
    assert result.exit_code == 2 and "Option inconnue" in result.output


def _option_names(command: click.Command) -> list[str]:
    return [o for p in command.params for o in getattr(p, "opts", [])]


def test_shared_options_are_defined_once():
    """--format, --seed and the Neo4j options are written in one module only."""
    for option in ('"--format"', '"--seed"', '"--neo4j-uri"', '"--since"', '"--lang"'):
        where = [
            p.relative_to(SRC).as_posix()
            for p in SRC.rglob("*.py")
            if option in p.read_text(encoding="utf-8")
        ]
        assert where == ["commands/options.py"], (option, where)


def test_no_command_takes_loose_params():
    """Each command names its options in its signature (no ``**params``)."""
    for name, command in _commands():
        assert command.callback is not None
        fn = inspect.unwrap(command.callback)
        kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, f"{name} takes **kwargs"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize(
    ("room", "forbidden"),
    [
        ("analysis", ("coopgraph.reports", "coopgraph.viz", "coopgraph.export", "coopgraph.cli")),
        ("export.py", ("coopgraph.reports", "coopgraph.viz", "coopgraph.cli")),
        ("viz", ("coopgraph.reports.records", "coopgraph.reports.report", "coopgraph.export")),
        ("metrics", ("coopgraph.analysis", "coopgraph.reports", "coopgraph.i18n")),
    ],
)
def test_nothing_climbs_back_up(room, forbidden):
    """The floors only look down: analysis knows no renderer, export and the
    maps take their graphs from the analysis layer, not from the report."""
    base = SRC / room
    files = [base] if base.is_file() else sorted(base.rglob("*.py"))
    for path in files:
        bad = {m for m in _imports(path) if m.startswith(forbidden)}
        assert not bad, (path.name, bad)


def test_one_option_from_the_command_to_the_page(tmp_path, monkeypatch):
    """``--min-shared 2`` travels once, in one AnalysisOptions, from the
    command to the report's text, its tables and its map: one Analysis (and
    the sibling it asks for "last contact" dates) and each graph built once."""
    from coopgraph.analysis import core

    made, built = [], []
    init = core.Analysis.__init__
    cite_graph = core.cite_graph

    def spy_init(self, ds, options=None, **kw):
        init(self, ds, options, **kw)
        made.append(self.options)

    def spy_cite_graph(ds, period, **kw):
        built.append((period, kw["min_shared"], kw.get("scales")))
        return cite_graph(ds, period, **kw)

    monkeypatch.setattr(core.Analysis, "__init__", spy_init)
    monkeypatch.setattr(core, "cite_graph", spy_cite_graph)
    args = ["report", SAMPLE, "--out", tmp_path, "--min-shared", "2", "--since", "2020-05-14"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    # the report's, its history's, and the same two without national meetings
    assert [o.min_shared for o in made] == [2, 2, 2, 2]
    assert made[0].period.since is not None
    assert sorted(o.period.since is None for o in made) == [False, False, True, True]
    assert sum(o.scales is None for o in made) == 2
    assert all("national" not in o.scales for o in made if o.scales is not None)
    assert len(built) == len(set(built)) == 4  # each cité graph built once
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "au moins 2 rencontre(s)" in md
    data = data_of((tmp_path / "map-cites.html").read_text(encoding="utf-8"))
    assert data["edges"] and all(e["weight"] >= 2 for e in data["edges"])


def test_a_missing_dependency_has_its_own_exit_code(monkeypatch):
    """Exit code 5, before reading anything: distinct from --strict's 4."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ortools" else real(name, *a)
    )
    result = run("plan-clusters", SAMPLE)
    assert (
        result.exit_code == 5
        and "plan-clusters a besoin d'OR-Tools" in result.output
        and "coopgraph[plan]" not in result.output
    )
