"""``coopgraph query`` speaks French by default: ``--list`` titles and texts
(the workspace's ``web.q_*`` words), parameter descriptions and usage
errors; ``--lang en`` for English. Nothing here needs a server."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.store import queries


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_list_is_french_by_default():
    out = invoke("query", "--list").output
    assert "isolated_cites : Cités isolées. Les cités dont les acteurs n'ont partagé" in out
    assert "--param cite_id=...  (string) identifiant de la cité" in out
    assert "--param since=...  (date, facultatif) premier jour de la période" in out
    assert "The cités whose" not in out and "optional" not in out
    # every read query is listed, with a title from the catalogue
    names = [q.short_name for q in queries.read_queries()]
    heads = [line.split(" : ")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert heads == names


def test_list_in_english():
    out = invoke("query", "--list", "--lang", "en").output
    assert "isolated_cites: Isolated cités." in out
    assert "--param since=...  (date, optional) first day of the period" in out


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["query"], "indiquez le NOM d'une requête ou --cypher TEXTE"),
        (["query", "nope"], "aucune requête nommée « nope »"),
        (["query", "cite_partners"], "la requête « cite_partners » demande --param cite_id=..."),
        (["query", "cite_partners", "--param", "x"], "--param « x » : CLÉ=VALEUR attendu"),
        (
            ["query", "cite_partners", "--param", "cite_id=a", "--param", "since=hier"],
            "« hier » n'est pas une valeur valide de type date",
        ),
        (
            ["query", "cites", "--param", "n=1"],
            "la requête « cites » n'a pas de paramètre n (elle prend : aucune)",
        ),
    ],
)
def test_usage_errors_are_french(args, french):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert f"erreur : {french}" in result.stderr


def test_no_rows_in_words():
    from coopgraph.commands.store import format_rows

    assert format_rows(["id"], [], "table", lang="fr").endswith("(aucune ligne)\n")
    assert format_rows(["id"], [], "table").endswith("(no rows)\n")
