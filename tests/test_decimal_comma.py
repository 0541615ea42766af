"""French terminal tables and Markdown write decimal numbers with a comma
(as French CSV does); English keeps the point, JSON keeps numbers."""

from __future__ import annotations

import json

from click.testing import CliRunner

from coopgraph.cli import cli

ARGS = ["--until", "2020-05-13", "--cite", "cite-062", "--top", "2"]


def _run(sample_dir, *args):
    result = CliRunner().invoke(cli, ["suggest", str(sample_dir), *ARGS, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_suggest_scores_take_a_comma_in_french(sample_dir):
    score = json.loads(_run(sample_dir, "--format", "json"))[0]["score"]
    assert isinstance(score, float)
    assert f"{score}".replace(".", ",") in _run(sample_dir)
    assert f"| {score}".replace(".", ",") in _run(sample_dir, "--format", "markdown")
    assert f"| {score} |" in _run(sample_dir, "--format", "markdown", "--lang", "en")


def test_plan_tables_take_a_comma_in_french(sample_dir, tmp_path):
    clubs = tmp_path / "clubs.json"
    clubs.write_text(json.dumps([{"club_id": "k", "cites": ["cite-001", "cite-062"]}]))
    args = ["simulate", str(sample_dir), "--until", "2020-05-13", "--clubs", str(clubs)]
    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    before = f"{data['before']['efficiency']:.3f}".rstrip("0")
    french = CliRunner().invoke(cli, args).stdout
    line = next(x for x in french.splitlines() if x.startswith("Efficacité globale"))
    assert before.replace(".", ",") in line and "." not in line
    english = CliRunner().invoke(cli, [*args, "--lang", "en"]).stdout
    assert before in english
