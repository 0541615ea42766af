"""``plan-clusters``, ``simulate`` and ``compare`` scoped to a territory
(``--region``, ``--departement``, ``--crpv``, repeatable), on tiny
hand-checked data.

Four cités: a (Normandie, 76) and b (Bretagne) share meeting m2 in 2020;
c (Pays de la Loire) and d (Normandie, 27) only meet themselves, in 2021.
The plan (made on the whole network) puts c and d in one club; a
territory sees the clubs of its cités and its own figures, computed on the
whole network (b, tied only outside Bretagne, is not isolated there).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from tinydata import TINY, tables_with, write_tables


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    cites = [dict(r) for r in TINY["cites"]] + [
        dict(
            TINY["cites"][1],
            cite_id="d",
            name="Cité D",
            region="28",
            commune="Évreux",
            insee_commune="27229",
            departement="27",
            lat="49.02",
            lon="1.15",
        )
    ]
    actors = [dict(r) for r in TINY["actors"]] + [
        dict(TINY["actors"][2], actor_id="w", name="Wassila Roux", cite_id="d")
    ]
    meetings = [dict(r) for r in TINY["meetings"]] + [
        dict(TINY["meetings"][2], meeting_id="m4", title="Local D", date="2021-04-01")
    ]
    attendance = [dict(r) for r in TINY["attendance"]] + [{"meeting_id": "m4", "actor_id": "w"}]
    directory = tmp_path_factory.mktemp("four") / "data"
    tables = tables_with(cites=cites, actors=actors, meetings=meetings, attendance=attendance)
    write_tables(directory, tables)
    return directory


def _json(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _figures(summary: dict) -> tuple[int, int, int]:
    return summary["cites"], summary["ties"], summary["isolated"]


PLAN = ("--min-size", "2", "--max-size", "3", "--time-limit", "5", "--simulate")


@pytest.mark.parametrize(
    ("where", "clubs", "before", "after", "freed"),
    [
        ((), [["c", "d"]], (4, 1, 2), (4, 2, 0), ["c", "d"]),
        (("--region", "52"), [["c", "d"]], (1, 0, 1), (1, 1, 0), ["c"]),
        (("--region", "Bretagne"), [], (1, 1, 0), (1, 1, 0), []),
        (("--region", "28"), [["c", "d"]], (2, 1, 1), (2, 2, 0), ["d"]),
        (("--departement", "76"), [], (1, 1, 0), (1, 1, 0), []),
        (("--departement", "27"), [["c", "d"]], (1, 0, 1), (1, 1, 0), ["d"]),
        (("--region", "53", "--region", "52"), [["c", "d"]], (2, 1, 1), (2, 2, 0), ["c"]),
        # the CRPV's territory is its région (28) and the cités it supports (a, b)
        (("--crpv", "Normanvilles"), [["c", "d"]], (3, 1, 1), (3, 2, 0), ["d"]),
    ],
)
def test_plan_clusters_for_a_territory(four, where, clubs, before, after, freed):
    data = _json("plan-clusters", four, *PLAN, *where)
    assert [c["cites"] for c in data["clubs"]] == clubs
    sim = data["simulation"]
    assert _figures(sim["before"]) == before
    assert _figures(sim["after"]) == after
    assert sim["no_longer_isolated"] == freed
    assert ("territory" in data) == bool(where)


@pytest.mark.parametrize(
    ("where", "before", "after", "freed", "added"),
    [
        ((), (4, 1, 2), (4, 2, 0), ["c", "d"], 1),
        (("--region", "52"), (1, 0, 1), (1, 1, 0), ["c"], 1),
        (("--region", "53"), (1, 1, 0), (1, 1, 0), [], 0),
        (("--departement", "Eure"), (1, 0, 1), (1, 1, 0), ["d"], 1),
    ],
)
def test_simulate_for_a_territory(four, tmp_path, where, before, after, freed, added):
    clubs = tmp_path / "clubs.json"
    clubs.write_text(json.dumps([{"club_id": "k", "cites": ["c", "d"]}]), encoding="utf-8")
    sim = _json("simulate", four, "--clubs", clubs, *where)
    assert (_figures(sim["before"]), _figures(sim["after"])) == (before, after)
    assert sim["no_longer_isolated"] == freed and sim["added_ties"] == added


PERIODS = ("--period", "2020-01-01:2020-12-31", "--period", "2021-01-01:2021-12-31")


@pytest.mark.parametrize(
    ("where", "first", "second", "lost"),
    [
        # (cités, tied cités, ties, isolated, interregional ties, without data)
        # per period: in 2020 c and d have no data, in 2021 a and b (no data
        # is not isolation); c and d, each at one meeting of its own in 2021,
        # are isolated then
        ((), (4, 2, 1, 0, 1, 2), (4, 0, 0, 2, 0, 2), 1),
        (("--region", "53"), (1, 1, 1, 0, 1, 0), (1, 0, 0, 0, 0, 1), 1),
        (("--region", "52"), (1, 0, 0, 0, 0, 1), (1, 0, 0, 1, 0, 0), 0),
        (("--departement", "76", "--departement", "27"), (2, 1, 1, 0, 1, 1), (2, 0, 0, 1, 0, 1), 1),
    ],
)
def test_compare_for_a_territory(four, where, first, second, lost):
    data = _json("compare", four, *PERIODS, *where)
    keys = ("cites", "active", "ties", "isolated", "interregional_ties", "without_data")
    assert [tuple(p[k] for k in keys) for p in data["periods"]] == [first, second]
    change = data["changes"][0]
    # a cité without data on either side neither left nor entered isolation
    assert change["lost_ties"] == lost
    assert change["became_isolated"] == change["no_longer_isolated"] == []


def test_compare_names_the_territory_and_its_regions(four):
    result = CliRunner().invoke(cli, ["compare", str(four), *PERIODS, "--region", "53"])
    assert result.exit_code == 0, result.output
    assert "Territoire : Bretagne (53)." in result.output
    assert "Densité Normandie" not in result.output
    data = _json("compare", four, *PERIODS, "--region", "53", "--region", "28")
    assert [sorted(p["density_by_region"]) for p in data["periods"]] == [["28", "53"]] * 2
    assert data["periods"][0]["density_by_region"]["28"] == 0  # a and d, untied


@pytest.mark.parametrize("command", ["plan-clusters", "simulate", "compare"])
def test_an_unknown_territory_is_refused_with_close_matches(four, tmp_path, command):
    extra = {"simulate": ["--clubs", str(tmp_path / "none.json")], "compare": list(PERIODS)}
    result = CliRunner().invoke(
        cli, [command, str(four), *extra.get(command, []), "--region", "Bretagn"]
    )
    assert result.exit_code != 0 and "Bretagne" in result.output
