"""The README stays true: every command is documented, and its first two
commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from coopgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        assert f"`coopgraph {name}" in README, f"{name} is missing from the README"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    main_job, test_command = blocks[0].strip(), blocks[1].strip()
    assert "coopgraph report data/sample" in main_job
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in [line.strip() for line in ci.splitlines()]


def test_data_readme_documents_every_file_and_column():
    from coopgraph.io.tables import TABLES

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert spec.filename in text
        for column in spec.columns:
            assert f"`{column}`" in text, (spec.filename, column)
