"""Synthetic data generator (coopgraph.synth), the data-directory writer
(coopgraph.io.writer) and the ``coopgraph generate`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coopgraph import geo
from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.graph.projections import cite_graph
from coopgraph.io import read_dataset
from coopgraph.io.tables import TABLES
from coopgraph.io.writer import write_dataset
from coopgraph.metrics.isolation import fully_isolated_cites
from coopgraph.model import Attendance, Dataset, Meeting
from coopgraph.synth import FIRST_DAY, LAST_DAY, SynthesisError, generate_dataset

SMALL = dict(cites=40, actors=2000, meetings=400)


@pytest.fixture(scope="module")
def small() -> Dataset:
    return generate_dataset(**SMALL, seed=7, isolated=3)


@pytest.fixture(scope="module")
def national() -> Dataset:
    return generate_dataset(seed=0)


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _attendees(ds: Dataset) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for a in ds.attendance:
        found[a.meeting_id].add(a.actor_id)
    return found


def assert_consistent(ds: Dataset) -> None:
    """Every reference resolves and no attendance pair repeats (what
    read_dataset checks, on the records themselves)."""
    institutions = set(ds.institution_by_id)
    crpvs = {i.id for i in ds.crpvs}
    pairs = [(a.meeting_id, a.actor_id) for a in ds.attendance]
    assert len(pairs) == len(set(pairs))
    assert all(m in ds.meeting_by_id and a in ds.actor_by_id for m, a in pairs)
    for actor in ds.actors:
        assert actor.institution_id in institutions
        assert actor.cite_id is None or actor.cite_id in ds.cite_by_id
    assert all(set(m.organiser_ids) <= institutions for m in ds.meetings)
    assert all(
        g.cite_id in ds.cite_by_id and g.institution_id in institutions for g in ds.governance
    )
    assert all(s.crpv_id in crpvs and s.cite_id in ds.cite_by_id for s in ds.support)
    assert len(ds.cite_by_id) == len(ds.cites) and len(ds.actor_by_id) == len(ds.actors)
    assert len(ds.meeting_by_id) == len(ds.meetings)
    assert len(ds.institution_by_id) == len(ds.institutions)


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_identical_files(tmp_path):
    for run in ("a", "b"):
        write_dataset(generate_dataset(**SMALL, seed=11), tmp_path / run)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(spec.filename for spec in TABLES.values())
    assert first == second


def test_same_seed_gives_identical_files_across_processes(tmp_path):
    """Python randomises str hashing per process: set or dict-of-set order
    must never leak into the output."""
    for run, hash_seed in (("a", "1"), ("b", "2")):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        script = (
            "import sys; from pathlib import Path;"
            "from coopgraph.synth import generate_dataset;"
            "from coopgraph.io.writer import write_dataset;"
            "write_dataset(generate_dataset(30, 900, 200, seed=5), Path(sys.argv[1]))"
        )
        subprocess.run([sys.executable, "-c", script, str(tmp_path / run)], env=env, check=True)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_different_seeds_give_different_files(tmp_path):
    write_dataset(generate_dataset(**SMALL, seed=1), tmp_path / "a")
    write_dataset(generate_dataset(**SMALL, seed=2), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(second)
    for name in ("cites.csv", "actors.csv", "meetings.csv", "attendance.csv"):
        assert first[name] != second[name], name


# ---------------------------------------------------------------- validity and sizes


def test_written_directory_is_valid_and_reads_back_equal(tmp_path, small):
    write_dataset(small, tmp_path / "data")
    back = read_dataset(tmp_path / "data")  # full validation, raises on any problem
    assert back.canonical() == small.canonical()


@pytest.mark.slow
def test_national_dataset_is_valid(tmp_path, national):
    counts = national.counts()
    assert (counts["cites"], counts["actors"], counts["meetings"]) == (250, 20000, 5000)
    assert counts["attendance"] == 200_000
    write_dataset(national, tmp_path / "national")
    back = read_dataset(tmp_path / "national")
    assert back.counts() == counts


def test_counts_match_requested_sizes(small):
    counts = small.counts()
    assert (counts["cites"], counts["actors"], counts["meetings"]) == (40, 2000, 400)
    assert counts["attendance"] == 40 * 400  # the default target, met exactly
    assert counts["governance"] == 3 * 40


def test_attendance_target_is_met_exactly():
    ds = generate_dataset(cites=20, actors=800, meetings=150, seed=3, attendance=2345)
    assert len(ds.attendance) == 2345


def test_attendance_target_beyond_capacity_saturates():
    """Two cités of 3 actors cannot fill 10 meetings of 1,000: every eligible
    actor attends, no pair twice."""
    ds = generate_dataset(cites=2, actors=20, meetings=10, seed=0, attendance=10_000)
    assert_consistent(ds)
    assert 0 < len(ds.attendance) < 10_000


@settings(max_examples=25, deadline=None)
@given(
    cites=st.integers(1, 30),
    per_cite=st.integers(2, 40),
    meetings=st.integers(0, 120),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_consistent_size_gives_consistent_data(cites, per_cite, meetings, seed):
    actors = cites * per_cite + 60
    ds = generate_dataset(cites, actors, meetings, seed)
    assert_consistent(ds)
    assert (len(ds.cites), len(ds.actors), len(ds.meetings)) == (cites, actors, meetings)


def test_impossible_sizes_are_refused():
    with pytest.raises(SynthesisError, match="too few"):
        generate_dataset(cites=30, actors=20, meetings=10)
    with pytest.raises(SynthesisError, match="isolate"):
        generate_dataset(cites=5, actors=200, meetings=10, isolated=4)


# ---------------------------------------------------------------- structure


def test_cites_are_placed_in_real_departements_of_several_regions(small):
    regions = Counter(c.region for c in small.cites)
    assert len(regions) >= 5
    for c in small.cites:
        assert geo.DEPARTEMENTS[c.departement][1] == c.region
        assert geo.departement_of_commune(c.insee_communes[0]) == c.departement
        lat, lon = geo.DEPARTEMENT_CENTROIDS[c.departement]
        assert geo.haversine_km(lat, lon, c.lat, c.lon) < 60
        assert c.wave in (2019, 2021, 2022)


def test_national_distribution_looks_like_the_programme(national):
    regions = Counter(c.region for c in national.cites)
    biggest = {r for r, _ in regions.most_common(6)}
    assert {"11", "32"} <= biggest  # Île-de-France and Hauts-de-France lead
    assert any(r in geo.OVERSEAS_REGIONS for r in regions)
    assert set(Counter(c.wave for c in national.cites)) == {2019, 2021, 2022}


def test_crpv_network_is_shaped_like_the_real_one(national):
    crpvs = national.crpvs
    occitanie = [i for i in crpvs if "76" in i.regions]
    assert len(occitanie) == 2 and all(i.departements for i in occitanie)
    assert any(set(i.regions) == {"52", "53"} for i in crpvs)
    idf = [i for i in crpvs if i.regions == ("11",)]
    assert len(idf) >= 2 and all(len(i.departements) == 1 for i in idf)
    assert not any("94" in i.regions for i in crpvs)  # no CRPV in Corse
    # Supported cités are in their CRPV's territory.
    crpv = national.institution_by_id
    for s in national.support:
        c = national.cite_by_id[s.cite_id]
        territory = crpv[s.crpv_id]
        assert c.departement in territory.departements or (
            not territory.departements and c.region in territory.regions
        )


def test_every_cite_has_a_full_troika(small):
    roles = defaultdict(dict)
    for g in small.governance:
        roles[g.cite_id][g.role] = small.institution_by_id[g.institution_id]
    for c in small.cites:
        troika = roles[c.id]
        assert set(troika) == {"prefecture", "education", "collectivite"}
        assert troika["prefecture"].kind == "prefecture"
        assert troika["education"].kind == "education"
        assert troika["prefecture"].departements == (c.departement,)
        assert troika["collectivite"].kind == "collectivite"


def test_actors_mostly_work_for_cites(national):
    with_cite = sum(a.cite_id is not None for a in national.actors)
    assert 0.9 * len(national.actors) < with_cite < len(national.actors)
    kinds = Counter(
        national.institution_by_id[a.institution_id].kind
        for a in national.actors
        if a.cite_id is None
    )
    assert set(kinds) == {"crpv", "anct"}


def test_meetings_span_the_period_with_every_scale(national):
    scales = Counter(m.scale for m in national.meetings)
    assert set(scales) == {"local", "departemental", "regional", "interregional", "national"}
    assert (
        scales["local"]
        > scales["departemental"]
        > scales["interregional"]
        > scales["national"]
        >= 1
    )
    assert all(FIRST_DAY <= m.date <= LAST_DAY for m in national.meetings)
    assert all(m.date.weekday() < 5 for m in national.meetings)


def test_national_events_are_large_and_organised_by_the_anct(small, national):
    for ds in (small, national):
        attendees = _attendees(ds)
        events = [m for m in ds.meetings if m.scale == "national"]
        assert events
        assert all(m.organiser_ids == ("anct",) for m in events)
        local = [len(attendees[m.id]) for m in ds.meetings if m.scale == "local"]
        assert min(len(attendees[m.id]) for m in events) > sum(local) / len(local)


def test_regional_meetings_are_led_by_a_crpv(national):
    crpvs = {i.id for i in national.crpvs}
    regional = [m for m in national.meetings if m.scale == "regional"]
    assert regional and all(
        len(m.organiser_ids) == 1 and m.organiser_ids[0] in crpvs for m in regional
    )


def _interregional_regions(ds: Dataset) -> list[tuple[Meeting, set[str]]]:
    attendees = _attendees(ds)
    found = []
    for m in ds.meetings:
        if m.scale == "interregional":
            cites = {ds.actor_by_id[a].cite_id for a in attendees[m.id]} - {None}
            found.append((m, {ds.cite_by_id[c].region for c in cites}))
    return found


@pytest.mark.parametrize("which", ["small", "national"])
def test_interregional_clubs_join_cites_of_bordering_regions(which, request):
    ds = request.getfixturevalue(which)
    clubs = _interregional_regions(ds)
    assert clubs
    joined = [
        regions
        for m, regions in clubs
        if len(regions) >= 2
        and any(geo.bordering(a, b) for a in regions for b in regions if a < b)
        and len(m.organiser_ids) >= 2
        and all(ds.institution_by_id[o].kind == "crpv" for o in m.organiser_ids)
    ]
    assert joined


@pytest.mark.parametrize("which", ["small", "national"])
def test_requested_isolated_cites_stay_isolated_over_the_whole_period(which, request):
    ds = request.getfixturevalue(which)
    isolated = {c.cite_id for c in fully_isolated_cites(cite_graph(ds))}
    assert len(isolated) >= (3 if which == "small" else 5)
    # Their actors only ever attend their own cité's local meetings.
    for a in ds.attendance:
        actor = ds.actor_by_id[a.actor_id]
        if actor.cite_id in isolated:
            assert ds.meeting_by_id[a.meeting_id].scale == "local"
    # The other cités are tied to someone.
    assert len(isolated) < len(ds.cites) / 5


def test_isolated_parameter_controls_the_isolates():
    def isolates(n: int) -> set[str]:
        ds = generate_dataset(**SMALL, seed=7, isolated=n)
        return {c.cite_id for c in fully_isolated_cites(cite_graph(ds))}

    assert len(isolates(6)) >= 6
    assert len(isolates(0)) < len(isolates(6))


@pytest.mark.parametrize("which", ["small", "national"])
def test_attendance_is_zipf_like(which, request):
    ds = request.getfixturevalue(which)
    per_actor = sorted(Counter(a.actor_id for a in ds.attendance).values(), reverse=True)
    top = max(1, len(ds.actors) // 100)
    share = sum(per_actor[:top]) / len(ds.attendance)
    assert share > 3 * (top / len(ds.actors))  # uniform would give about 1 %
    median = per_actor[len(per_actor) // 2]
    assert per_actor[0] > 5 * median and per_actor[top] > 3 * median


def test_actors_attend_only_after_their_cite_joined(small):
    starts = {2019: date(2019, 9, 2), 2021: date(2021, 1, 11), 2022: date(2022, 1, 10)}
    for a in small.attendance:
        actor = small.actor_by_id[a.actor_id]
        if actor.cite_id:
            wave = small.cite_by_id[actor.cite_id].wave
            assert small.meeting_by_id[a.meeting_id].date >= starts[wave]


# ---------------------------------------------------------------- writer


def test_writer_refuses_a_non_empty_directory_unless_told(tmp_path, small):
    out = tmp_path / "data"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        write_dataset(small, out)
    assert (out / "notes.txt").read_text() == "mine"
    write_dataset(small, out, overwrite=True)
    assert not (out / "notes.txt").exists()
    assert read_dataset(out).counts() == small.counts()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no temporary left


def test_writer_failure_leaves_nothing_half_written(tmp_path, small):
    """A meeting without a date makes the writer fail after some files are
    written: neither the destination nor a temporary directory remains, and
    a previous directory is kept intact."""
    broken = Dataset(
        cites=small.cites,
        institutions=small.institutions,
        actors=small.actors,
        meetings=(Meeting("m1", None, "Sans date"),),  # type: ignore[arg-type]
        attendance=(Attendance("m1", small.actors[0].id),),
    )
    with pytest.raises(AttributeError):
        write_dataset(broken, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []

    write_dataset(small, tmp_path / "old")
    before = _files(tmp_path / "old")
    with pytest.raises(AttributeError):
        write_dataset(broken, tmp_path / "old", overwrite=True)
    assert _files(tmp_path / "old") == before
    assert [p.name for p in tmp_path.iterdir()] == ["old"]


# ---------------------------------------------------------------- CLI


def test_cli_generate_writes_a_valid_directory(tmp_path):
    out = tmp_path / "synth"
    args = ["generate", "--cites", "25", "--actors", "900", "--meetings", "150", "--seed", "4"]
    result = CliRunner().invoke(
        cli, [*args, "--attendance", "3000", "--isolated", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"écrit : {out}" in result.output and "participations : 3000" in result.output
    ds = read_dataset(out)
    assert (len(ds.cites), len(ds.actors), len(ds.meetings), len(ds.attendance)) == (
        25,
        900,
        150,
        3000,
    )
    assert len(fully_isolated_cites(cite_graph(ds))) >= 2
    # Same seed through the library: same files.
    write_dataset(generate_dataset(25, 900, 150, 4, 3000, isolated=2), tmp_path / "lib")
    assert _files(out) == _files(tmp_path / "lib")

    again = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert again.exit_code == InputError.exit_code
    assert "not empty" in again.stderr and "--force" in again.stderr
    forced = CliRunner().invoke(cli, [*args, "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(read_dataset(out).attendance) == 40 * 150


def test_cli_generate_reports_impossible_sizes(tmp_path):
    out = tmp_path / "x"
    result = CliRunner().invoke(
        cli, ["generate", "--cites", "30", "--actors", "10", "--out", str(out)]
    )
    assert result.exit_code == SynthesisError.exit_code
    assert "too few" in result.stderr
    assert not out.exists()


def test_cli_generate_has_help():
    result = CliRunner().invoke(cli, ["generate", "--help"])
    assert result.exit_code == 0
    for option in (
        "--cites",
        "--actors",
        "--meetings",
        "--attendance",
        "--isolated",
        "--seed",
        "--out",
    ):
        assert option in result.output
