"""The planner's modules: model, candidates, greedy, CP-SAT, explanations.

``tests/test_planning.py`` checks what the planner promises; these tests
check the seams between its modules: the flags of ``clusters`` reach the
CP-SAT model, a missing OR-Tools is a dependency error (exit code 5), and the
public names stay where users import them from.
"""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from coopgraph import planning
from coopgraph.cli import cli
from coopgraph.errors import CoopgraphError, MissingDependencyError, PlanningError
from coopgraph.model import Cite, Dataset, Institution
from coopgraph.planning import (
    Candidate,
    PlanOptions,
    candidates,
    clusters,
    explain,
    greedy,
    model,
    plan_clusters,
)


def _west(n_per_region: int = 3) -> Dataset:
    """Cités in Normandie, Bretagne and Pays de la Loire; RésOVilles covers
    the last two, Normanvilles the first."""
    cites = tuple(
        Cite(f"{r}-{i}", f"{r} {i}", r) for r in ("28", "53", "52") for i in range(n_per_region)
    )
    crpvs = (
        Institution("rv", "RésOVilles", "crpv", regions=("53", "52")),
        Institution("nv", "Normanvilles", "crpv", regions=("28",)),
    )
    return Dataset(cites=cites, institutions=crpvs)


def test_public_names_are_where_they_were() -> None:
    for name in planning.__all__:
        assert hasattr(planning, name), name
    # The former module still answers for the names it exported.
    for name in clusters.__all__:
        assert getattr(clusters, name) is getattr(
            planning, name, getattr(candidates, name, None)
        ), name
    assert planning.PlanOptions is model.PlanOptions
    assert planning.cites_to_place is candidates.cites_to_place
    assert clusters._Context is candidates.PlanContext
    assert clusters._components is candidates.independent_parts


def test_check_hints_flag_of_clusters_reaches_the_cp_sat_model(monkeypatch) -> None:
    ds = _west()
    targets = [Candidate(c.id, "isolated") for c in ds.cites]
    options = PlanOptions(min_size=4, max_size=9, workers=1)

    # A warm start that breaks the model (a club of 2 < min_size): the first
    # solve runs (not every cité is placed) and its hint must be checked.
    def bad_greedy(ctx, pool, fillers):
        return [(pool[:2], ["rv"])]

    monkeypatch.setattr(clusters, "greedy_plan", bad_greedy)
    plan = plan_clusters(ds, targets, options)  # unchecked: CP-SAT repairs it
    assert plan.placed == 9
    monkeypatch.setattr(clusters, "_CHECK_HINTS", True)
    with pytest.raises(AssertionError, match="the hint is not a solution"):
        plan_clusters(ds, targets, options)


def test_greedy_plan_is_the_warm_start() -> None:
    ds = _west()
    targets = [Candidate(c.id, "isolated") for c in ds.cites]
    options = PlanOptions(min_size=4, max_size=9, workers=1)
    ctx = candidates.PlanContext(ds, [c.cite_id for c in targets], options, {})
    clubs = greedy.greedy_plan(ctx, ctx.pool, set())
    assert model.placed_count(clubs, set()) == 9
    plan = plan_clusters(ds, targets, options, solver="greedy")
    assert plan.status == "GREEDY" and plan.method == greedy.GREEDY_METHOD
    assert [list(c.cites) for c in plan.clubs] == [sorted(m) for m, _ in clubs]
    # The score of a plan is the model's second objective.
    terms = model.objective_terms(ctx, clubs, set())
    assert model.weighted_objective(terms) == (
        model.W_OWN_ANCHOR * terms["own_anchor"]
        + model.W_SHARED_THEME * terms["shared_themes"]
        - model.W_FILLER * terms["fillers"]
        - model.W_SPREAD_KM * terms["spread_km"]
    )


def test_explanations_of_unreachable_cites() -> None:
    ds = _west(2)
    options = PlanOptions(min_size=4, max_size=9, max_regions=1, workers=1)
    ctx = candidates.PlanContext(ds, [c.id for c in ds.cites], options, {})
    # One région at a time: 2 cités in reach, a club needs 4.
    why = explain.unreachable(ctx, "53-0")
    assert why is not None and why.code == "pool"
    assert why.reason("en").startswith("only 2 cité(s) to place within reach")
    assert explain.rule_text(options) == "bordering régions, at most 1"
    with pytest.raises(PlanningError, match="no club can be formed"):
        plan_clusters(ds, [Candidate(c.id, "isolated") for c in ds.cites], options)


def test_missing_or_tools_is_a_dependency_error(monkeypatch) -> None:
    ds = _west()
    targets = [Candidate(c.id, "isolated") for c in ds.cites]
    # None in sys.modules makes the import fail as if the package were absent.
    monkeypatch.setitem(sys.modules, "ortools.sat.python", None)
    with pytest.raises(MissingDependencyError, match="needs OR-Tools") as err:
        plan_clusters(ds, targets, PlanOptions(min_size=4, max_size=9, workers=1))
    assert isinstance(err.value, CoopgraphError)
    assert err.value.exit_code == 5 != PlanningError.exit_code
    # The greedy plan needs no solver.
    plan = plan_clusters(ds, targets, PlanOptions(min_size=4, max_size=9), solver="greedy")
    assert plan.placed == 9


def test_missing_or_tools_exits_with_code_5(monkeypatch, sample_dir) -> None:
    monkeypatch.setitem(sys.modules, "ortools.sat.python", None)
    result = CliRunner().invoke(cli, ["plan-clusters", str(sample_dir), "--until", "2020-05-13"])
    assert result.exit_code == 5, result.output
    assert "needs OR-Tools" in result.output
    assert "coopgraph[plan]" not in result.output


def test_a_club_of_one_region_is_not_called_interregional():
    """Issue 11, item 7: only a club spanning two régions or more is named
    interregional."""
    from coopgraph.planning.model import Club
    from coopgraph.planning.render import plan_document

    class _Plan:
        placed, status, solve_seconds, unplaced, no_data = 6, "OPTIMAL", 0.1, (), ()
        clubs = (
            Club("c1", ("a", "b", "c"), ("28",), ("p",)),
            Club("c2", ("d", "e", "f"), ("28", "53"), ("p",)),
        )

    titles = [s.title for s in plan_document(_Plan(), None, "fr").sections]
    assert titles == ["Club c1 (une seule région : pas interrégional)", "Club interrégional c2"]
    assert not Club("c1", ("a",), ("28",), ()).as_dict()["interregional"]
