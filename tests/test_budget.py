"""The memory budget (issue 15, item 1): the actor co-attendance graph is
estimated before it is built, refused over budget with the option that
makes it feasible, and ``--max-attendance`` (the bounded computation) gives
exactly the graph of the data without the large meetings."""

from __future__ import annotations

import re
import tracemalloc
from dataclasses import replace
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.budget import (
    BUDGET_ENV,
    DEFAULT_BUDGET,
    actor_graph_estimate,
    brokerage_work_bound,
    co_attendance_pairs,
    feasible_max_attendance,
    memory_budget,
    parse_bytes,
)
from coopgraph.cli import cli
from coopgraph.errors import MemoryBudgetError
from coopgraph.graph.projections import Period, actor_graph, meetings_in
from coopgraph.io import read_dataset
from coopgraph.metrics.brokerage import brokerage_work
from coopgraph.model import Actor, Attendance, Dataset, Meeting

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return read_dataset(SAMPLE)


def tiny() -> Dataset:
    """m1: w, x, y, z (6 pairs); m2: w, x (1 pair, w–x again); m3: x, y, v
    (3 pairs); v attends twice in m3 (counted once)."""
    d = date(2021, 1, 1)
    return Dataset(
        actors=tuple(Actor(a, a.upper(), "i") for a in "vwxyz"),
        meetings=(Meeting("m1", d, "A"), Meeting("m2", d, "B"), Meeting("m3", d, "C")),
        attendance=(
            *(Attendance("m1", a) for a in "wxyz"),
            Attendance("m2", "w"),
            Attendance("m2", "x"),
            *(Attendance("m3", a) for a in "xyvv"),
        ),
    )


def oracle_pairs(ds: Dataset, max_attendance: int | None = None) -> int:
    """Co-attendance pairs enumerated one by one (independent of the
    k(k-1)/2 formula)."""
    kept = {m.id for m in meetings_in(ds, Period(), None)}
    known = {a.id for a in ds.actors}
    by_meeting: dict[str, set[str]] = {}
    for x in ds.attendance:
        if x.meeting_id in kept and x.actor_id in known:
            by_meeting.setdefault(x.meeting_id, set()).add(x.actor_id)
    return sum(
        len(list(combinations(sorted(s), 2)))
        for s in by_meeting.values()
        if max_attendance is None or len(s) <= max_attendance
    )


# ---------------------------------------------------------------- estimate


def test_pairs_hand_checked():
    ds = tiny()
    assert co_attendance_pairs(ds, Period()) == 6 + 1 + 3
    assert co_attendance_pairs(ds, Period(), max_attendance=3) == 1 + 3
    assert co_attendance_pairs(ds, Period(), max_attendance=2) == 1
    # ties: w-x and x-y twice, so 8 distinct ties for 10 pairs
    assert actor_graph(ds).number_of_edges() == 8


def test_pairs_match_enumeration_on_sample(sample):
    for cap in (None, 20, 8, 3):
        assert co_attendance_pairs(sample, Period(), max_attendance=cap) == oracle_pairs(
            sample, cap
        )


@pytest.mark.parametrize("min_shared", [1, 2, 3])
def test_pairs_bound_the_ties(sample, min_shared):
    pairs = co_attendance_pairs(sample, Period())
    ties = actor_graph(sample, min_shared=min_shared).number_of_edges()
    assert 0 < ties <= pairs // min_shared


def test_estimate_covers_the_measured_build(sample):
    """The estimate is not below what building the graph allocates."""
    pairs = co_attendance_pairs(sample, Period())
    tracemalloc.start()
    try:
        G = actor_graph(sample)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert G.number_of_edges() > 1000
    assert peak <= actor_graph_estimate(pairs, len(sample.actors))


def test_feasible_max_attendance_hand_checked():
    # sizes 2, 3, 100 give 1, 3, 4950 pairs; each pair 260 B, ties bounded
    assert feasible_max_attendance([2, 3, 100], 200, 1, 10_000) == 3
    assert feasible_max_attendance([2, 3, 100], 200, 1, 10**9) == 100
    assert feasible_max_attendance([50], 200, 1, 1_000) is None


def test_budget_from_environment(monkeypatch):
    monkeypatch.delenv(BUDGET_ENV, raising=False)
    assert memory_budget() == DEFAULT_BUDGET == 4 * 1024**3
    monkeypatch.setenv(BUDGET_ENV, "512M")
    assert memory_budget() == 512 * 1024**2
    assert parse_bytes("8G") == 8 * 1024**3
    with pytest.raises(ValueError):
        parse_bytes("lots")


# ---------------------------------------------------------------- bounded


def test_max_attendance_equals_the_graph_without_large_meetings(sample):
    """The bounded projection is exactly the exact projection of the data
    with the large meetings removed (ties, weights, meeting lists)."""
    sizes: dict[str, set[str]] = {}
    for x in sample.attendance:
        sizes.setdefault(x.meeting_id, set()).add(x.actor_id)
    cap = sorted(len(s) for s in sizes.values())[len(sizes) // 2]
    large = {m for m, s in sizes.items() if len(s) > cap}
    assert large
    without = replace(
        sample,
        meetings=tuple(m for m in sample.meetings if m.id not in large),
        attendance=tuple(x for x in sample.attendance if x.meeting_id not in large),
    )
    bounded = actor_graph(sample, max_attendance=cap)
    exact = actor_graph(without)
    assert bounded.number_of_edges() < actor_graph(sample).number_of_edges()
    assert sorted(bounded.edges(data="weight")) == sorted(exact.edges(data="weight"))
    assert {(u, v): d["meetings"] for u, v, d in bounded.edges(data=True)} == {
        (u, v): d["meetings"] for u, v, d in exact.edges(data=True)
    }


def test_analysis_passes_max_attendance(sample):
    an = Analysis(sample, AnalysisOptions(max_attendance=5))
    assert an.actors.graph["max_attendance"] == 5
    assert an.actors.number_of_edges() == actor_graph(sample, max_attendance=5).number_of_edges()


# ---------------------------------------------------------------- refusal


def test_analysis_refuses_over_budget(monkeypatch):
    monkeypatch.setenv(BUDGET_ENV, "1K")
    an = Analysis(tiny())
    with pytest.raises(MemoryBudgetError) as caught:
        _ = an.actors
    assert caught.value.pairs == 10
    assert "actors" not in an.__dict__  # nothing cached
    # the cheap graphs are not concerned
    assert an.two_mode.number_of_edges() == 9


def test_cli_refuses_with_the_option_in_french(monkeypatch, tmp_path):
    monkeypatch.setenv(BUDGET_ENV, "1M")
    result = run("brokers", SAMPLE, "--level", "actor")
    assert result.exit_code == 6, result.output
    assert "Traceback" not in result.output
    message = result.output.strip().splitlines()[-1]
    assert message.startswith("erreur : Le calcul des courtiers")
    assert "dépasserait le budget mémoire" in message and "budget 1.0 MB" in message
    assert "--min-shared" in message and BUDGET_ENV in message
    n = int(re.search(r"--max-attendance (\d+)", message).group(1))
    # the suggestion is honest: with it, the same budget is enough
    ok = run("brokers", SAMPLE, "--level", "actor", "--max-attendance", n, "--top", 3)
    assert ok.exit_code == 0, ok.output


def test_cli_refuses_in_english(monkeypatch):
    monkeypatch.setenv(BUDGET_ENV, "1K")
    result = run("brokers", SAMPLE, "--level", "actor", "--lang", "en")
    assert result.exit_code == 6
    assert "would exceed the memory budget" in result.output
    assert "Even without the large meetings" in result.output


@pytest.mark.parametrize("ext", ["graphml", "gexf", "json"])
def test_export_refuses_and_writes_nothing(monkeypatch, tmp_path, ext):
    monkeypatch.setenv(BUDGET_ENV, "1M")
    out = tmp_path / f"a.{ext}"
    result = run("export", SAMPLE, "--view", "actors", "--out", out)
    assert result.exit_code == 6, result.output
    assert "La vue des acteurs" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # the aggregated views stay available under the same budget
    fine = run("export", SAMPLE, "--view", "regions", "--out", tmp_path / f"r.{ext}")
    assert fine.exit_code == 0, fine.output


def test_bad_budget_is_an_input_error(monkeypatch):
    monkeypatch.setenv(BUDGET_ENV, "beaucoup")
    result = run("brokers", SAMPLE, "--level", "actor")
    assert result.exit_code == 2
    assert BUDGET_ENV in result.output


def test_export_refusal_in_english(monkeypatch, tmp_path):
    monkeypatch.setenv(BUDGET_ENV, "1K")
    result = run("export", SAMPLE, "--view", "actors", "--out", tmp_path / "x.json", "--lang", "en")
    assert result.exit_code == 6
    assert "error: The actor view (map or export) would exceed" in result.output


# ---------------------------------------------------------------- work (time)


def test_work_bound_hand_checked():
    # tiny(): w meets x, y, z in m1 and x in m2: bound 3 + 1 = 4 (real degree 3);
    # x: 3 + 1 + 2 = 6 capped at 4 actors - 1; y: 3 + 2 = 5 capped at 4;
    # z: 3; v: 2 (twice in m3, counted once)
    ds = tiny()
    assert brokerage_work_bound(ds, Period()) == 16 + 16 + 16 + 9 + 4
    assert brokerage_work_bound(ds, Period(), max_attendance=3) == 1 + 9 + 4 + 4
    assert brokerage_work(actor_graph(ds)) == 9 + 16 + 16 + 9 + 4  # w, x, y, z, v


@pytest.mark.parametrize("cap", [None, 20, 8, 3])
def test_work_bound_is_not_below_the_work(sample, cap):
    bound = brokerage_work_bound(sample, Period(), max_attendance=cap)
    work = brokerage_work(actor_graph(sample, max_attendance=cap))
    assert 0 < work <= bound


def test_cli_refuses_too_long_with_an_option_that_works(monkeypatch):
    """Over the work limit (lowered here), brokers are refused up front
    with a --max-attendance that passes the same limit."""
    import coopgraph.budget as budget

    bound = brokerage_work_bound(read_dataset(SAMPLE), Period())
    monkeypatch.setattr(budget, "WORK_LIMIT", bound // 20)
    result = run("brokers", SAMPLE, "--level", "actor")
    assert result.exit_code == 6, result.output
    message = result.output.strip().splitlines()[-1]
    assert message.startswith("erreur : Le calcul des courtiers")
    assert "serait trop long" in message and "Rien n'a été calculé" in message
    n = int(re.search(r"--max-attendance (\d+)", message).group(1))
    ok = run("brokers", SAMPLE, "--level", "actor", "--max-attendance", n, "--top", 3)
    assert ok.exit_code == 0, ok.output
    # the institution level is not concerned
    assert run("brokers", SAMPLE, "--top", 3).exit_code == 0
    # the other actor computations are bounded by memory only
    assert run("export", SAMPLE, "--view", "actors", "--out", "/dev/null").exit_code != 6


def test_memory_refusal_of_brokers_suggests_within_the_work_limit(monkeypatch):
    import coopgraph.budget as budget

    sample = read_dataset(SAMPLE)
    monkeypatch.setenv(BUDGET_ENV, "1M")
    memory_only = feasible_max_attendance(
        budget.meeting_sizes(sample, Period()), len(sample.actors), 1, parse_bytes("1M")
    )
    assert memory_only is not None
    monkeypatch.setattr(
        budget,
        "WORK_LIMIT",
        brokerage_work_bound(sample, Period(), max_attendance=memory_only) - 1,
    )
    with pytest.raises(MemoryBudgetError) as caught:
        _ = Analysis(sample).actor_brokers
    assert caught.value.suggestion is not None and caught.value.suggestion < memory_only


def test_work_refusal_in_english(monkeypatch):
    import coopgraph.budget as budget

    monkeypatch.setattr(budget, "WORK_LIMIT", 1)
    result = run("brokers", SAMPLE, "--level", "actor", "--lang", "en")
    assert result.exit_code == 6
    assert "would take too long" in result.output
    assert "Even without the large meetings" in result.output
