"""coopgraph suggest: features against networkx, the model and its
fallback, introducers, edge cases, the CLI, and the sample's club."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.graph.projections import Period
from coopgraph.model import Actor, Attendance, Cite, Dataset, Institution, Meeting, Support
from coopgraph.suggest import Scope, model_summary, suggest_partners, suggestion_records
from coopgraph.suggest.backtest import backtest, ranking_scores
from coopgraph.suggest.features import link_measures, pair_context, pair_features
from coopgraph.suggest.model import DEFAULT_WEIGHTS, FEATURES, fit_model

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
BEFORE_CLUB = Period(None, date(2020, 5, 13))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ---------------------------------------------------------------- features


def test_link_measures_match_networkx():
    G = nx.gnp_random_graph(40, 0.12, seed=3)
    A = nx.to_numpy_array(G, nodelist=range(40))
    m = link_measures(A)
    pairs = [(u, v) for u in range(40) for v in range(u + 1, 40) if not G.has_edge(u, v)]
    oracle = {
        "adamic_adar": nx.adamic_adar_index(G, pairs),
        "resource_allocation": nx.resource_allocation_index(G, pairs),
        "jaccard": nx.jaccard_coefficient(G, pairs),
        "preferential_attachment": nx.preferential_attachment(G, pairs),
    }
    for name, values in oracle.items():
        for u, v, expected in values:
            assert m[name][u, v] == pytest.approx(expected), (name, u, v)
    for u, v in pairs:
        assert m["common_neighbours"][u, v] == len(list(nx.common_neighbors(G, u, v)))


def _tiny() -> Dataset:
    """Four cités: a (Normandie, 76) and b (Normandie, 14) met at m1 with the
    CRPV's person s; c (Pays de la Loire) met the CRPV at m2; d (Bretagne,
    alone in its région, no coordinates, never at a meeting); e (Occitanie)."""
    return Dataset(
        cites=(
            Cite("a", "A", "28", "76", wave=2019, lat=49.44, lon=1.10),
            Cite("b", "B", "28", "14", wave=2019, lat=49.18, lon=-0.37),
            Cite("c", "C", "52", "49", wave=2019, lat=47.47, lon=-0.55),
            Cite("d", "D", "53", "35", wave=2019),
            Cite("e", "E", "76", "31", wave=2021, lat=43.60, lon=1.44),
        ),
        institutions=(
            Institution("crpv", "Normanvilles", "crpv", regions=("28",)),
            Institution("reso", "RésOVilles", "crpv", regions=("52", "53")),
            Institution("ville", "Ville", "collectivite"),
        ),
        actors=(
            Actor("xa", "Xavier Alpha", "ville", cite_id="a"),
            Actor("xb", "Yasmine Beta", "ville", cite_id="b"),
            Actor("xc", "Zoé Gamma", "ville", cite_id="c"),
            Actor("xd", "Denise Delta", "ville", cite_id="d"),
            Actor("xe", "Eve Epsilon", "ville", cite_id="e"),
            Actor("s", "Sophie Secret", "crpv"),
        ),
        meetings=(
            Meeting("m1", date(2020, 1, 9), "Réunion", themes=("evaluation",)),
            Meeting("m2", date(2020, 2, 9), "Atelier", themes=("evaluation", "parentalite")),
            Meeting("m3", date(2021, 2, 9), "Local", themes=("sante",)),
        ),
        attendance=(
            Attendance("m1", "xa"),
            Attendance("m1", "xb"),
            Attendance("m1", "s"),
            Attendance("m2", "xc"),
            Attendance("m2", "s"),
            Attendance("m3", "xe"),
        ),
        support=(Support("reso", "d"),),
    )


def test_features_of_a_hand_checked_pair():
    ctx = pair_context(_tiny())
    fm = pair_features(ctx, [("a", "c"), ("c", "d")])
    row = dict(zip(FEATURES, fm.X[0], strict=True))
    assert row["same_region"] == 0 and row["bordering_region"] == 1  # Normandie–Pays de la Loire
    assert row["common_partners"] == pytest.approx(np.log1p(1))  # the CRPV met both
    assert row["theme_similarity"] == pytest.approx(1 / np.sqrt(2))  # (1,0)·(1,1)/√2
    assert row["same_wave"] == 1
    row = dict(zip(FEATURES, fm.X[1], strict=True))
    assert row["common_crpv"] == 1  # RésOVilles covers Pays de la Loire and supports d


# ---------------------------------------------------------------- model


def test_empty_history_falls_back_to_defaults_and_says_so():
    ds = _tiny()
    empty = Dataset(cites=ds.cites, institutions=ds.institutions, actors=ds.actors)
    found = suggest_partners(empty, scope=Scope(cite="a"), top=3)
    assert not found.model.learnt and found.model.note == "empty_history"
    assert found.model.weights == DEFAULT_WEIGHTS
    assert [s.partner_cite_id for s in found]  # still suggestions
    assert "Historique vide" in model_summary(found.model, "fr")
    assert "Empty history" in model_summary(found.model, "en")


def test_short_history_falls_back_to_defaults():
    model = fit_model(_tiny())
    assert not model.learnt and model.note == "short_history"


@pytest.fixture(scope="module")
def sample():
    from coopgraph.io import read_dataset

    return read_dataset(SAMPLE)


def test_sample_history_prefers_the_defaults_and_says_why(sample):
    # Before the club, new ties stop at the lockdown (none after 2020-03-31):
    # the comparison runs at the 2019-12-09 cut, where the defaults win.
    a = fit_model(sample, BEFORE_CLUB, seed=0)
    assert not a.learnt and a.note == "defaults_better"
    v = a.validation
    assert v["cut"] == date(2019, 12, 9) and v["queries"] >= 5
    assert v["defaults"] > v["learnt"]
    assert a.weights == DEFAULT_WEIGHTS
    assert "classent mieux" in model_summary(a, "fr")
    assert fit_model(sample, BEFORE_CLUB, seed=0).validation == v


WORKING = ("local", "departemental", "regional", "interregional")


@pytest.fixture(scope="module")
def small_generated():
    from coopgraph.synth import generate_dataset

    return generate_dataset(cites=60, actors=3000, meetings=900, seed=2)


def test_weights_are_learnt_from_generated_history_and_deterministic(small_generated):
    period = Period(None, date(2022, 6, 30))
    a = fit_model(small_generated, period, scales=WORKING, seed=0)
    b = fit_model(small_generated, period, scales=WORKING, seed=0)
    assert a.learnt and a.note is None and a.positives >= 20
    assert a.validation is not None and a.validation["learnt"] >= a.validation["defaults"]
    assert a.weights == b.weights and a.intercept == b.intercept
    # in generated data, a shared CRPV (regional meetings) and nearness make ties
    assert a.weights["common_crpv"] > 0 and a.weights["distance"] < 0
    assert "poids appris" in model_summary(a, "fr")


# ---------------------------------------------------------------- edge cases


def test_cite_without_coordinates_or_themes_gets_suggestions_and_notes():
    found = suggest_partners(_tiny(), scope=Scope(cite="d"), top=4)
    assert len(found) == 4
    notes = suggestion_records(_tiny(), found, "en")[0]["notes"]
    assert any("no coordinates for D" in n and "département" in n for n in notes)
    assert any("no known theme for D" in n for n in notes)


def test_alone_in_its_region_gets_bordering_regions_first():
    found = suggest_partners(_tiny(), scope=Scope(cite="d"), top=4)
    regions = [s.partner_region for s in found]
    # Bretagne borders Normandie (28) and Pays de la Loire (52), not Occitanie (76)
    assert set(regions[:3]) == {"28", "52"} and regions[3] == "76"
    first = suggestion_records(_tiny(), found, "fr")[0]
    assert any("régions voisines d'abord" in n for n in first["notes"])
    assert "bordering_region" in first["reason_codes"]


def test_scope_and_bad_input():
    ds = _tiny()
    with pytest.raises(InputError, match="unknown cité"):
        suggest_partners(ds, scope=Scope(cite="zz"))
    with pytest.raises(InputError, match="CRPV"):
        suggest_partners(ds, scope=Scope(crpv="ville"))
    with pytest.raises(InputError, match="not labelled yet"):
        suggest_partners(ds, period=Period(None, date(2020, 6, 1)), scope=Scope(cite="e"))
    by_region = suggest_partners(ds, scope=Scope(regions=("Normandie",)), top=1)
    assert {s.cite_id for s in by_region} == {"a", "b"}  # regional_only
    by_crpv = suggest_partners(ds, scope=Scope(crpv="reso"), top=1)
    assert {s.cite_id for s in by_crpv} == {"c", "d"}


def test_introducer_met_both_and_pseudonymised():
    ds = _tiny()
    found = suggest_partners(ds, scope=Scope(cite="a"), top=4)
    to_c = next(s for s in found if s.partner_cite_id == "c")
    assert (to_c.introducer_id, to_c.introducer_kind, to_c.introducer_basis) == (
        "crpv",
        "crpv",
        "met_both",
    )
    assert to_c.introducer_meetings == {"a": ("m1",), "c": ("m2",)}
    # without the CRPV as an institution, the person who met both introduces them
    no_crpv = Dataset(
        cites=ds.cites,
        institutions=(Institution("crpv", "Normanvilles", "association"),),
        actors=ds.actors,
        meetings=ds.meetings,
        attendance=ds.attendance,
    )
    found = suggest_partners(no_crpv, scope=Scope(cite="a"), top=4)
    to_c = next(s for s in found if s.partner_cite_id == "c")
    assert (to_c.introducer_id, to_c.introducer_kind) == ("s", "actor")
    plain = suggestion_records(no_crpv, [to_c], "fr")[0]
    hidden = suggestion_records(no_crpv, [to_c], "fr", pseudonymise=True)[0]
    assert plain["introducer_name"] == "Sophie Secret"
    assert "Sophie" not in json.dumps(hidden) and hidden["introducer_name"].startswith("Personne ")


# ---------------------------------------------------------------- backtest


def test_ranking_scores_by_hand():
    rankings = {"a": ["x", "y", "z"], "b": ["z", "x"]}
    truth = {"a": {"y", "z"}, "b": {"z"}}
    s = ranking_scores("m", rankings, truth, ks=(1, 2))
    assert s.precision == {1: 0.5, 2: 0.5}  # a: x,y has y; b: z,x has z
    assert s.recall == {1: 0.5, 2: 0.75}
    assert s.mrr == pytest.approx((0.5 + 1) / 2)


def test_sample_club_backtest_beats_random(sample):
    club = [m.id for m in sample.meetings if m.title.startswith("Club de l'Ouest")]
    r = backtest(sample, date(2020, 5, 13), date(2021, 10, 14), new_ties_from=club)
    assert r.queries >= 10
    model, rand = r.scores["model"], r.scores["random"]
    assert model.precision[5] > 2 * rand.precision[5]
    assert model.mrr > rand.mrr


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_cli_every_format(fmt):
    result = run(
        "suggest", SAMPLE, "--until", "2020-05-13", "--region", "28", "--top", "2", "--format", fmt
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        records = json.loads(out)
        assert len(records) == 8  # 4 isolated Normandie cités x 2
        for key in ("cite_id", "partner_cite_id", "score", "reasons", "introducer_id"):
            assert all(key in r for r in records)
        assert records[0]["cite_id"] == "cite-029" and records[0]["rank"] == 1
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(out)))) == 8
    elif fmt == "markdown":
        assert out.startswith("| Cité | Rang | Cité partenaire |")
    else:
        assert "Qui peut faire le lien" in out and "même région (Normandie)" in out
    assert "Poids par défaut" in result.stderr


def test_cli_english_and_one_cite():
    result = run(
        "suggest", SAMPLE, "--until", "2020-05-13", "--cite", "cite-001", "--lang", "en",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 5 and {r["cite_id"] for r in records} == {"cite-001"}
    assert any("same région" in reason for r in records for reason in r["reasons"])


def test_cli_unknown_cite_is_one_error():
    result = run("suggest", SAMPLE, "--cite", "cite-999")
    assert result.exit_code != 0
    assert "erreur : cité inconnue : « cite-999 »" in result.stderr
    english = run("suggest", SAMPLE, "--cite", "cite-999", "--lang", "en")
    assert "unknown cité: 'cite-999'" in english.stderr
    later = run("suggest", SAMPLE, "--until", "2020-05-13", "--cite", "cite-104")
    assert "la cité « cite-104 » n'est pas encore labellisée" in later.stderr


def test_cli_is_deterministic():
    args = (
        "suggest",
        SAMPLE,
        "--until",
        "2020-05-13",
        "--crpv",
        "crpv-resovilles",
        "--format",
        "json",
    )
    assert run(*args).stdout == run(*args).stdout


def test_introducer_falls_back_to_territories():
    ds = _tiny()
    # d is supported by RésOVilles, which also covers c (Pays de la Loire)
    to_c = next(
        s for s in suggest_partners(ds, scope=Scope(cite="d"), top=4) if s.partner_cite_id == "c"
    )
    assert (to_c.introducer_id, to_c.introducer_basis) == ("reso", "territory_both")
    assert to_c.introducer_meetings == {"d": (), "c": ()}
    # e (Occitanie) has no CRPV: the partner's CRPV introduces them
    to_d = next(
        s for s in suggest_partners(ds, scope=Scope(cite="e"), top=4) if s.partner_cite_id == "d"
    )
    assert (to_d.introducer_id, to_d.introducer_basis) == ("reso", "territory_partner")
    record = suggestion_records(ds, [to_d], "en")[0]
    assert record["introducer_basis"] == "its territory covers D"


def test_readme_example_is_what_the_command_prints():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    head = "$ coopgraph suggest data/sample --until 2020-05-13 --cite cite-062 --top 2 --format markdown\n"
    shown = readme[readme.index(head) + len(head) :].split("```")[0]
    args = head.split()[2:]
    result = run(*args[:1], SAMPLE, *args[2:])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == shown.strip()


def test_messages_exist_in_both_languages():
    # the catalogues' key sets are compared in tests/test_catalogues.py
    ds = _tiny()
    found = suggest_partners(ds, scope=Scope(cite="d"), top=4)
    for lang in ("fr", "en"):
        for r in suggestion_records(ds, found, lang):
            for text in [*r["reasons"], *r["notes"], r["introducer_basis"]]:
                assert "suggest." not in text and "{" not in text, text


# ---------------------------------------------------------------- edge cases, end to end


def test_cite_with_no_position_and_no_theme_gets_fewer_reasons_and_says_so():
    """A cité of an unknown région, without coordinates nor département and
    never at a meeting: it still gets partners, but no distance and no
    shared theme can be said, and the notes say why."""
    ds = _tiny()
    lost = Cite("z", "Zed", "99", None, wave=2019)
    ds = Dataset(
        cites=(*ds.cites, lost),
        institutions=ds.institutions,
        actors=ds.actors,
        meetings=ds.meetings,
        attendance=ds.attendance,
    )
    found = suggest_partners(ds, scope=Scope(cite="z"), top=4)
    assert len(found) == 4
    records = suggestion_records(ds, found, "fr")
    codes = {c for r in records for c in r["reason_codes"]}
    assert "distance" not in codes and "themes" not in codes
    # with coordinates and themes, the same partners come with those reasons
    known = suggestion_records(_tiny(), suggest_partners(_tiny(), scope=Scope(cite="a")), "fr")
    assert {"distance", "themes"} <= {c for r in known for c in r["reason_codes"]}
    notes = records[0]["notes"]
    assert "coordonnées inconnues pour Zed : distance non prise en compte" in notes
    assert "aucun thème connu pour Zed : thèmes non pris en compte" in notes


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    from coopgraph.io.writer import write_dataset

    out = tmp_path_factory.mktemp("tiny")
    write_dataset(_tiny(), out)
    return out


def test_cli_one_cite_territory_gets_partners_from_bordering_regions(tiny_dir):
    # Bretagne holds one cité (d): its partners come from the bordering
    # régions (Normandie, Pays de la Loire) before Occitanie, and it says so
    result = run("suggest", tiny_dir, "--region", "Bretagne", "--top", 4, "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {r["cite_id"] for r in records} == {"d"}
    assert [r["partner_region"] for r in records][3] == "76"
    assert set(r["partner_region"] for r in records[:3]) == {"28", "52"}
    assert all(
        "aucune autre cité à relier en Bretagne : cités des régions voisines d'abord" in r["notes"]
        for r in records
    )


def test_cli_empty_history_falls_back_to_defaults_and_says_so(tiny_dir):
    result = run("suggest", tiny_dir, "--until", "2019-12-31", "--cite", "a", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Historique vide sur la période : poids par défaut" in result.stderr
    # suggestions all the same: every cité labelled by then (e only in 2021)
    assert sorted(r["partner_cite_id"] for r in json.loads(result.stdout)) == ["b", "c", "d"]
