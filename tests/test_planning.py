"""Planning interregional clubs: the CP-SAT planner, simulation, comparison, CLI."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopgraph import geo
from coopgraph.cli import cli
from coopgraph.errors import PlanningError
from coopgraph.graph.projections import Period, cite_graph
from coopgraph.model import Cite, Dataset, Institution
from coopgraph.planning import (
    Candidate,
    PlanOptions,
    cite_themes,
    cites_to_place,
    clusters,
    compare_periods,
    plan_clusters,
    simulate_clubs,
)
from coopgraph.planning.clusters import crpv_coverage

WEST = {"28", "53", "52", "24"}
WEST_CRPV = {"crpv-normanvilles", "crpv-resovilles", "crpv-villes-au-carre"}
# The 12 cités of the four western régions labelled in 2019 (Le Mans, of the
# 2021 wave, joined the real club too but was not labelled on 2020-05-13).
CLUB_2019 = {
    "cite-001", "cite-003", "cite-010", "cite-023", "cite-029", "cite-032",
    "cite-051", "cite-054", "cite-062", "cite-065", "cite-067", "cite-068",
}  # fmt: skip
PRE_CLUB = Period(None, date(2020, 5, 13))


def _connected(regions) -> bool:
    G = nx.Graph()
    G.add_nodes_from(regions)
    G.add_edges_from((a, b) for a in regions for b in regions if a < b and geo.bordering(a, b))
    return nx.is_connected(G)


def check_plan(ds: Dataset, plan, candidates, options: PlanOptions) -> None:
    """Every constraint the planner promises, checked on its output."""
    targets = {c.cite_id for c in candidates if c.why != "filler"}
    placed = [c for club in plan.clubs for c in club.cites]
    assert len(placed) == len(set(placed)), "a cité is in two clubs"
    assert set(placed) | {u.cite_id for u in plan.unplaced} >= targets
    assert not set(placed) & {u.cite_id for u in plan.unplaced}
    for u in plan.unplaced:
        assert u.reason("en") and u.reason("fr")
    cover = crpv_coverage(ds.crpvs, {c.id: (c.region, c.departement) for c in ds.cites})
    load: dict[str, int] = {}
    for club in plan.clubs:
        assert options.min_size <= len(club.cites) <= options.max_size
        regions = {ds.cite_by_id[c].region for c in club.cites}
        assert set(club.regions) == regions
        if options.geography in ("borders", "both"):
            assert len(regions) <= options.max_regions
            assert _connected(regions), regions
        if options.geography in ("distance", "both"):
            assert club.max_km <= options.max_km + 1e-6
        assert club.anchor_crpv, "club without anchor"
        for p in club.anchor_crpv:
            assert cover[p] & set(club.cites), f"{p} covers no cité of {club.club_id}"
            load[p] = load.get(p, 0) + 1
        assert set(club.fillers) <= set(club.cites) - targets
    assert all(n <= options.workload for n in load.values())


# ---------------------------------------------------------------- sample data


@pytest.fixture(scope="module")
def sample(sample_dir):
    if not (sample_dir / "cites.csv").exists():
        pytest.fail("data/sample is missing: run scripts/make_sample.py")
    from coopgraph.io import read_dataset

    return read_dataset(sample_dir)


@pytest.fixture(scope="module")
def pre_club_plan(sample):
    G = cite_graph(sample, PRE_CLUB)
    candidates = cites_to_place(G, labelled_by=PRE_CLUB.until)
    options = PlanOptions(workers=4)
    plan = plan_clusters(sample, candidates, options, G=G, themes=cite_themes(sample, PRE_CLUB))
    return G, candidates, options, plan


def test_sample_pre_club_groups_the_west(sample, pre_club_plan):
    G, candidates, options, plan = pre_club_plan
    assert CLUB_2019 <= {c.cite_id for c in candidates}
    west_clubs = [k for k in plan.clubs if set(k.cites) & CLUB_2019]
    assert west_clubs
    members = {c for k in west_clubs for c in k.cites}
    assert CLUB_2019 <= members, "every western cité is placed"
    regions = {g for k in west_clubs for g in k.regions}
    assert regions == WEST, "the clubs span exactly the four western régions"
    anchors = {p for k in west_clubs for p in k.anchor_crpv}
    assert anchors <= WEST_CRPV and anchors
    check_plan(sample, plan, candidates, options)


def test_sample_unplaced_have_reasons(sample, pre_club_plan):
    _, _, _, plan = pre_club_plan
    # Overseas cités border no région: they cannot reach 8 cités.
    overseas = {u.cite_id for u in plan.unplaced if u.code == "pool"}
    assert overseas and all(not geo.is_metropolitan(sample.cite_by_id[c].region) for c in overseas)


def test_sample_simulation_frees_the_west(sample, pre_club_plan):
    G, _, _, plan = pre_club_plan
    sim = simulate_clubs(G, plan.clubs)
    assert CLUB_2019 <= set(sim.no_longer_isolated)
    assert sim.after.isolated == sim.before.isolated - plan.placed
    assert sim.after.interregional_ties > sim.before.interregional_ties
    assert sim.after.efficiency > sim.before.efficiency
    west = next(k for k in plan.clubs if set(k.cites) & CLUB_2019)
    assert west.effect["no_longer_isolated"] == len(west.cites)
    n = len(west.cites)
    assert west.effect["new_ties"] == n * (n - 1) // 2


def test_sample_compare_sees_the_club(sample):
    cmp = compare_periods(
        sample,
        [
            Period(date(2019, 1, 1), date(2020, 5, 13)),
            Period(date(2020, 5, 14), date(2021, 12, 31)),
        ],
    )
    change = cmp.changes[0]
    assert CLUB_2019 <= set(change.no_longer_isolated)
    assert CLUB_2019 <= set(change.entered)
    assert change.new_ties == change.new_ties_with_entered + change.new_ties_among_present
    assert cmp.periods[1].interregional_ties > cmp.periods[0].interregional_ties


# ---------------------------------------------------------------- generated cases

# Régions of the west and centre, with their CRPV territories (one per région,
# RésOVilles covering two, like the real network).
_REGIONS = ("28", "53", "52", "24", "11", "32", "75", "27")
_CRPVS = (
    Institution("p-28", "P28", "crpv", regions=("28",)),
    Institution("p-bpl", "PBPL", "crpv", regions=("53", "52")),
    Institution("p-24", "P24", "crpv", regions=("24",)),
    Institution("p-11", "P11", "crpv", regions=("11",), departements=("93",)),
    Institution("p-32", "P32", "crpv", regions=("32",)),
)


@st.composite
def cases(draw):
    regions = draw(st.lists(st.sampled_from(_REGIONS), min_size=3, max_size=24))
    cites = []
    for i, g in enumerate(regions):
        lat, lon = geo.region_centroid(g)
        dlat = draw(st.floats(-0.8, 0.8))
        dlon = draw(st.floats(-0.8, 0.8))
        dep = "93" if g == "11" and draw(st.booleans()) else None
        cites.append(Cite(f"c{i:02d}", f"C{i}", g, dep, lat=lat + dlat, lon=lon + dlon))
    crpvs = draw(st.lists(st.sampled_from(_CRPVS), unique=True, max_size=len(_CRPVS)))
    lo = draw(st.integers(2, 5))
    hi = draw(st.integers(lo, lo + 4))
    geography = draw(st.sampled_from(("borders", "distance", "both")))
    options = PlanOptions(
        min_size=lo,
        max_size=hi,
        geography=geography,
        max_regions=draw(st.integers(1, 3)),
        max_km=draw(st.sampled_from((150.0, 300.0, 600.0))) if geography != "borders" else None,
        workload=draw(st.integers(1, 2)),
        allow_fillers=draw(st.booleans()),
        time_limit=10,
        workers=1,
    )
    n_targets = draw(st.integers(1, len(cites)))
    return Dataset(cites=tuple(cites), institutions=tuple(crpvs)), n_targets, options


def _plan_or_none(ds, candidates, options, **kw):
    try:
        return plan_clusters(ds, candidates, options, **kw)
    except PlanningError as exc:
        # Only allowed when not one club can be formed; the error says why.
        assert "no club can be formed" in str(exc)
        plan = exc.plan
        assert not plan.clubs
        assert {u.cite_id for u in plan.unplaced} == {c.cite_id for c in candidates}
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_constraints_hold_on_generated_cases(case):
    ds, n_targets, options = case
    candidates = [Candidate(c.id, "isolated") for c in ds.cites[:n_targets]]
    greedy = _plan_or_none(ds, candidates, options, solver="greedy")
    with pytest.MonkeyPatch.context() as mp:
        # Every hint given to CP-SAT (the greedy plan, then the first solve's
        # plan) must be a solution of the model: checked by a CP-SAT run
        # with every variable fixed to its hinted value.
        mp.setattr(clusters, "_CHECK_HINTS", True)
        plan = _plan_or_none(ds, candidates, options)
    if greedy is not None:
        check_plan(ds, greedy, greedy.candidates, options)
        assert greedy.status == "GREEDY"
        assert plan is not None and plan.placed >= greedy.placed
        assert plan.objective["greedy_placed"] == greedy.placed
    if plan is None:
        return
    check_plan(ds, plan, plan.candidates, options)
    assert plan.status in ("OPTIMAL", "FEASIBLE")


@pytest.fixture(scope="module")
def national():
    """The stress case of the benchmark: ~250 cités to place nationally."""
    from coopgraph.synth import generate_dataset

    ds = generate_dataset(cites=250, actors=20000, meetings=5000, seed=0)
    G = cite_graph(ds, Period(), min_shared=30)
    types = ("isolated", "regional_only", "one_link", "one_person")
    return ds, G, cites_to_place(G, types=types)


def test_national_greedy_plan_respects_constraints_and_bounds_the_solver(national):
    ds, G, candidates = national
    assert len(candidates) > 200
    options = PlanOptions(time_limit=2, workers=2)
    greedy = plan_clusters(ds, candidates, options, G=G, solver="greedy")
    check_plan(ds, greedy, candidates, options)
    assert greedy.placed > 0.8 * len(candidates)
    again = plan_clusters(ds, candidates, options, G=G, solver="greedy")
    assert [k.cites for k in again.clubs] == [k.cites for k in greedy.clubs], (
        "greedy is deterministic"
    )
    # Two seconds are far too few to prove anything on this case: the plan
    # still places at least as many cités as the greedy plan.
    plan = plan_clusters(ds, candidates, options, G=G)
    check_plan(ds, plan, candidates, options)
    assert plan.placed >= greedy.placed == plan.objective["greedy_placed"]
    # Overseas régions border none: they never share a model with the continent.
    metro = [c.cite_id for c in candidates if geo.is_metropolitan(ds.cite_by_id[c.cite_id].region)]
    assert max(plan.objective["parts"]) <= len(metro)


def test_parts_split_overseas_and_merge_on_shared_crpvs():
    cites = (
        tuple(Cite(f"n{i}", "N", "28") for i in range(3))
        + tuple(Cite(f"b{i}", "B", "53") for i in range(3))
        + tuple(Cite(f"r{i}", "R", "04") for i in range(3))
        + tuple(Cite(f"h{i}", "H", "32") for i in range(3))
    )
    crpvs = (_CRPVS[0], _CRPVS[1], _CRPVS[4], Institution("p-04", "P04", "crpv", regions=("04",)))
    ds = Dataset(cites=cites, institutions=crpvs)
    options = PlanOptions(3, 6, max_regions=1, workers=1)
    ctx = clusters._Context(ds, [c.id for c in cites], options, {})
    parts = clusters._components(ctx, ctx.pool)
    # max_regions=1 does not split bordering régions (only the border graph
    # counts); La Réunion is apart.
    assert sorted(map(sorted, parts)) == [sorted(c.id for c in cites if c.region != "04"),
                                          ["r0", "r1", "r2"]]  # fmt: skip
    # A CRPV covering La Réunion and Normandie couples them through its workload.
    both = Institution("p-both", "Both", "crpv", regions=("04", "28"))
    ctx = clusters._Context(Dataset(cites=cites, institutions=(both,)), ctx.pool, options, {})
    assert len(clusters._components(ctx, ctx.pool)) == 1
    # With the distance rule alone, far-apart groups are apart.
    options = PlanOptions(3, 6, geography="distance", max_km=200, workers=1)
    ctx = clusters._Context(ds, ctx.pool, options, {})
    assert len(clusters._components(ctx, ctx.pool)) == 4


def test_unknown_solver_is_refused():
    with pytest.raises(PlanningError, match="unknown solver"):
        plan_clusters(Dataset(), [], solver="magic")


def test_planner_prefers_placing_everyone_over_anything_else():
    # Two Bretagne cités can only be placed with Pays de la Loire ones.
    cites = tuple(Cite(f"b{i}", "B", "53") for i in range(2)) + tuple(
        Cite(f"p{i}", "P", "52") for i in range(4)
    )
    ds = Dataset(cites=cites, institutions=(_CRPVS[1],))
    plan = plan_clusters(
        ds, [Candidate(c.id, "isolated") for c in cites], PlanOptions(3, 6, workers=1)
    )
    assert plan.placed == 6 and not plan.unplaced


def test_workload_limits_clubs_and_is_explained():
    # Eight Normandie cités, one CRPV with workload 1, clubs of exactly 4:
    # one club only, four cités left out because of the workload.
    cites = tuple(Cite(f"n{i}", "N", "28") for i in range(8))
    ds = Dataset(cites=cites, institutions=(_CRPVS[0],))
    plan = plan_clusters(
        ds, [Candidate(c.id, "isolated") for c in cites], PlanOptions(4, 4, workload=1, workers=1)
    )
    assert len(plan.clubs) == 1 and len(plan.unplaced) == 4
    assert {u.code for u in plan.unplaced} == {"workload"}
    assert "P28" in plan.unplaced[0].reason("en")


def test_no_anchor_is_explained():
    cites = tuple(Cite(f"c{i}", "C", "94") for i in range(4))  # Corse: no CRPV
    with pytest.raises(PlanningError, match="no CRPV") as info:
        plan_clusters(
            Dataset(cites=cites), [Candidate(c.id, "isolated") for c in cites], PlanOptions(2, 4)
        )
    assert {u.code for u in info.value.plan.unplaced} == {"no_anchor"}


def test_fillers_reach_the_minimum_size_and_are_reported():
    cites = tuple(Cite(f"c{i}", "C", "28") for i in range(5))
    ds = Dataset(cites=cites, institutions=(_CRPVS[0],))
    G = nx.Graph()
    G.add_nodes_from((c.id, {"region": "28"}) for c in cites)
    G.add_edges_from([("c3", "c4")])
    targets = cites_to_place(G)
    assert [c.cite_id for c in targets] == ["c0", "c1", "c2"]
    with pytest.raises(PlanningError):
        plan_clusters(ds, targets, PlanOptions(4, 5, workers=1))
    plan = plan_clusters(ds, targets, PlanOptions(4, 5, allow_fillers=True, workers=1), G=G)
    (club,) = plan.clubs
    assert len(club.fillers) == 1 and set(club.cites) >= {"c0", "c1", "c2"}


@pytest.mark.parametrize(
    "options, message",
    [
        (PlanOptions(min_size=9, max_size=8), "below the min size"),
        (PlanOptions(min_size=1), "at least 2"),
        (PlanOptions(geography="distance"), "max_km"),
        (PlanOptions(workload=0), "workload"),
    ],
)
def test_contradictory_options_are_refused(options, message):
    with pytest.raises(PlanningError, match=message):
        plan_clusters(Dataset(), [], options)


# ---------------------------------------------------------------- CLI


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=True)


def _main(*args):
    from coopgraph.cli import main

    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code


@pytest.mark.parametrize("command", ["plan-clusters", "simulate", "compare"])
def test_commands_have_help(command):
    result = _run(command, "--help")
    assert result.exit_code == 0 and "Utilisation :" in result.output
    assert cli.get_command(None, command).help


def test_cli_plan_json_and_simulate(sample_dir, tmp_path, sample):
    out = tmp_path / "plan.json"
    code = _main("plan-clusters", str(sample_dir), "--until", "2020-05-13", "--format", "json",
                 "--out", str(out), "--workers", "4", "--strict")  # fmt: skip
    assert code == 4  # overseas cités cannot be placed and --strict says so
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"club_id", "cites", "regions", "anchor_crpv"} <= set(data["clubs"][0])
    assert all({"cite_id", "reason"} <= set(u) for u in data["unplaced"])
    result = _run(
        "simulate",
        str(sample_dir),
        "--until",
        "2020-05-13",
        "--clubs",
        str(out),
        "--format",
        "json",
    )
    assert result.exit_code == 0
    sim = json.loads(result.output)
    assert sim["after"]["isolated"] < sim["before"]["isolated"]
    md = _run(
        "simulate",
        str(sample_dir),
        "--until",
        "2020-05-13",
        "--clubs",
        str(out),
        "--format",
        "markdown",
        "--lang",
        "en",
    )
    assert "| Isolated cités |" in md.output


def test_cli_impossible_constraints_exit_non_zero(sample_dir, sample, capsys):
    code = _main(
        "plan-clusters",
        str(sample_dir),
        "--until",
        "2020-05-13",
        "--min-size",
        "40",
        "--max-size",
        "60",
    )
    assert code == PlanningError.exit_code
    err = capsys.readouterr().err
    assert "aucun club ne peut être formé" in err and "cite-029" in err
    assert _main("plan-clusters", str(sample_dir), "--min-size", "9", "--max-size", "8") == 4


def test_cli_compare_markdown(sample_dir, sample):
    result = _run("compare", str(sample_dir), "--period", "2019-01-01:2020-06-30",
                  "--period", "2020-07-01:2021-12-31", "--format", "markdown")  # fmt: skip
    assert result.exit_code == 0
    assert "Cités sorties de l'isolement" in result.output
    bad = _run("compare", str(sample_dir), "--period", "2019-01-01")
    assert bad.exit_code != 0


def test_cli_plan_map_colours_cites_by_club(sample_dir, tmp_path, sample):
    out, page = tmp_path / "plan.json", tmp_path / "clubs.html"
    result = _run("plan-clusters", str(sample_dir), "--until", "2020-05-13", "--format", "json",
                  "--out", str(out), "--workers", "4", "--map", str(page))  # fmt: skip
    assert result.exit_code == 0, result.output
    clubs = json.loads(out.read_text(encoding="utf-8"))["clubs"]
    text = page.read_text(encoding="utf-8")
    payload = json.loads(
        text.split('id="cg-data">', 1)[1].split("</script>", 1)[0].replace("\\u003c", "<")
    )
    colour = {
        n["id"]: n["color"]["background"] if isinstance(n["color"], dict) else n["color"]
        for n in payload["nodes"]
    }
    members = [set(c["cites"]) for c in clubs]
    assert len(members) >= 2
    club_colours = [{colour[c] for c in m} for m in members]
    assert all(len(cs) == 1 for cs in club_colours)  # one colour per club
    assert len(set().union(*club_colours)) == len(members)  # a different colour for each
    outside = set(colour) - set().union(*members)
    assert {colour[c] for c in outside} == {"#d9d9d9"}
    legend = [i.get("text") for i in payload["legend"]]
    assert "Couleur : club interrégional proposé" in legend and all(
        c["club_id"] in legend for c in clubs
    )
