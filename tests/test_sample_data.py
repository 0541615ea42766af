"""Checks of the sample dataset in data/sample/ (written by scripts/make_sample.py).

Standard library only (csv, subprocess): these tests do not import coopgraph,
so they run before the rest of the package exists.
"""

from __future__ import annotations

import csv
import functools
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SCRIPT = ROOT / "scripts" / "make_sample.py"

COLUMNS = {
    "cites.csv": [
        "cite_id",
        "name",
        "region",
        "commune",
        "insee_commune",
        "departement",
        "wave",
        "lat",
        "lon",
    ],
    "institutions.csv": ["institution_id", "name", "kind", "region", "departement", "lat", "lon"],
    "actors.csv": ["actor_id", "name", "institution_id", "role", "cite_id"],
    "meetings.csv": ["meeting_id", "date", "title", "format", "scale", "organiser_ids", "themes"],
    "attendance.csv": ["meeting_id", "actor_id"],
    "governance.csv": ["cite_id", "institution_id", "role"],
    "support.csv": ["crpv_id", "cite_id", "since", "kind"],
}
KINDS = {
    "prefecture",
    "education",
    "collectivite",
    "crpv",
    "anct",
    "association",
    "research",
    "other",
}
FORMATS = {"presentiel", "visio", "hybride"}
SCALES = {"local", "departemental", "regional", "interregional", "national"}
SUPPORT_KINDS = {"qualification", "gouvernance", "capitalisation"}

WEST_REGIONS = {"28", "53", "52", "24"}
CLUB_CRPV = {"crpv-normanvilles", "crpv-resovilles", "crpv-villes-au-carre"}
CLUB_CITES = {
    "cite-001": "Allonnes",
    "cite-003": "Angers",
    "cite-010": "Blois",
    "cite-023": "Dreux / Vernouillet",
    "cite-029": "Hérouville-Saint-Clair",
    "cite-032": "Le Havre Nord",
    "cite-051": "Nantes / Saint-Herblain",
    "cite-054": "Orléans",
    "cite-062": "Rennes Le Blosne",
    "cite-065": "Rouen",
    "cite-067": "Saint-Étienne-du-Rouvray",
    "cite-068": "Saint-Nazaire",
    "cite-104": "Le Mans",
}
ISOLATED_CITES = {"cite-058", "cite-080"}  # Pau, Ajaccio
CLUB_START = "2020-05-14"
WEST_OPEN = "2021-12-01"


def read(name: str, directory: Path = SAMPLE) -> list[dict]:
    with open(directory / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.cache
def data() -> dict:
    return {name: read(name) for name in COLUMNS}


def by_id(name: str, key: str) -> dict:
    return {r[key]: r for r in data()[name]}


def cites_per_meeting() -> dict[str, set[str]]:
    actors = by_id("actors.csv", "actor_id")
    out: dict[str, set[str]] = defaultdict(set)
    for r in data()["attendance.csv"]:
        cite = actors[r["actor_id"]]["cite_id"]
        if cite:
            out[r["meeting_id"]].add(cite)
    return out


def club_meetings() -> dict[str, dict]:
    return {
        m["meeting_id"]: m
        for m in data()["meetings.csv"]
        if m["scale"] == "interregional"
        and CLUB_CRPV <= set(m["organiser_ids"].split(";"))
        and CLUB_START <= m["date"] < WEST_OPEN
    }


# ---- format -----------------------------------------------------------------


def test_headers():
    for name, cols in COLUMNS.items():
        with open(SAMPLE / name, encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == cols, name


def test_sizes_and_date_range():
    d = data()
    crpv = [i for i in d["institutions.csv"] if i["kind"] == "crpv"]
    assert len(d["cites.csv"]) >= 45
    assert len(crpv) >= 15
    assert len(d["actors.csv"]) >= 300
    assert len(d["meetings.csv"]) >= 80
    dates = [m["date"] for m in d["meetings.csv"]]
    assert min(dates) >= "2019-09-01" and max(dates) <= "2023-06-30"
    for day in dates + [s["since"] for s in d["support.csv"]]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), day


def test_ids_unique_and_well_formed():
    d = data()
    ids = []
    for name, key, pattern in (
        ("cites.csv", "cite_id", r"cite-\d{3}"),
        ("institutions.csv", "institution_id", r"(inst|crpv)-[a-z0-9-]+"),
        ("actors.csv", "actor_id", r"act-\d{4}"),
        ("meetings.csv", "meeting_id", r"mtg-\d{4}-\d{3}"),
    ):
        own = [r[key] for r in d[name]]
        assert len(own) == len(set(own)), name
        for i in own:
            assert re.fullmatch(pattern, i), i
        ids += own
    assert len(ids) == len(set(ids))
    for m in d["meetings.csv"]:
        assert m["meeting_id"][4:8] == m["date"][:4]
    crpv = [i["institution_id"] for i in d["institutions.csv"] if i["kind"] == "crpv"]
    assert all(i.startswith("crpv-") for i in crpv)


def test_enumerations():
    d = data()
    assert {i["kind"] for i in d["institutions.csv"]} <= KINDS
    for m in d["meetings.csv"]:
        assert m["format"] in FORMATS and m["scale"] in SCALES
        themes = m["themes"].split(";")
        assert all(t and t == t.lower() for t in themes), m
    assert {s["kind"] for s in d["support.csv"]} <= SUPPORT_KINDS
    assert {c["wave"] for c in d["cites.csv"]} <= {"2019", "2021", "2022"}
    for a in d["actors.csv"]:
        assert a["role"] == a["role"].lower(), a


def test_references_resolve():
    d = data()
    cites = by_id("cites.csv", "cite_id")
    insts = by_id("institutions.csv", "institution_id")
    actors = by_id("actors.csv", "actor_id")
    meetings = by_id("meetings.csv", "meeting_id")
    for a in d["actors.csv"]:
        assert a["institution_id"] in insts, a
        assert a["cite_id"] == "" or a["cite_id"] in cites, a
    for m in d["meetings.csv"]:
        for o in m["organiser_ids"].split(";"):
            assert o in insts, (m["meeting_id"], o)
    pairs = [(r["meeting_id"], r["actor_id"]) for r in d["attendance.csv"]]
    assert len(pairs) == len(set(pairs))
    for mid, aid in pairs:
        assert mid in meetings and aid in actors
    for g in d["governance.csv"]:
        assert g["cite_id"] in cites and g["institution_id"] in insts, g
        assert insts[g["institution_id"]]["kind"] == g["role"], g
    for s in d["support.csv"]:
        assert s["cite_id"] in cites
        assert insts[s["crpv_id"]]["kind"] == "crpv"


def test_cites_match_multi_commune_format():
    for c in data()["cites.csv"]:
        communes, codes = c["commune"].split(";"), c["insee_commune"].split(";")
        assert len(communes) == len(codes)
        assert all(re.fullmatch(r"[0-9][0-9AB][0-9]{3}", x) for x in codes), c
    cites = by_id("cites.csv", "cite_id")
    assert cites["cite-023"]["commune"] == "Dreux;Vernouillet"
    assert cites["cite-023"]["insee_commune"] == "28134;28404"


# ---- governance and CRPV --------------------------------------------------------


def test_full_troika_per_cite():
    roles = defaultdict(set)
    for g in data()["governance.csv"]:
        roles[g["cite_id"]].add(g["role"])
    for c in by_id("cites.csv", "cite_id"):
        assert roles[c] == {"prefecture", "education", "collectivite"}, c


def test_shared_prefecture_and_marseille_quatuor():
    gov = data()["governance.csv"]
    pref = defaultdict(set)
    for g in gov:
        if g["role"] == "prefecture":
            pref[g["institution_id"]].add(g["cite_id"])
    assert max(len(v) for v in pref.values()) > 1
    marseille = [c["cite_id"] for c in data()["cites.csv"] if c["commune"] == "Marseille"]
    assert len(marseille) >= 3
    for c in marseille:
        collectivites = {
            g["institution_id"] for g in gov if g["cite_id"] == c and g["role"] == "collectivite"
        }
        assert "inst-metropole-aix-marseille-provence" in collectivites
        assert len(collectivites) == 2


def test_crpv_territories():
    insts = by_id("institutions.csv", "institution_id")
    assert set(insts["crpv-resovilles"]["region"].split(";")) == {"53", "52"}
    assert insts["crpv-profession-banlieue"]["departement"] == "93"
    assert insts["crpv-pole-ressources-95"]["departement"] == "95"
    assert insts["crpv-essonne"]["departement"] == "91"
    assert insts["crpv-villes-au-carre"]["region"] == "24"
    assert insts["crpv-normanvilles"]["region"] == "28"
    occitanie = [i for i in insts.values() if i["kind"] == "crpv" and i["region"] == "76"]
    assert len(occitanie) == 2 and all(i["departement"] for i in occitanie)


def test_support_facts():
    support = data()["support.csv"]
    supporting = {s["crpv_id"] for s in support}
    assert "crpv-pqna" not in supporting
    assert "crpv-villes-territoires-occitanie" not in supporting
    early = {
        s["cite_id"]
        for s in support
        if s["crpv_id"] == "crpv-pole-ressources-95" and s["since"] < "2019-04"
    }
    assert early == {"cite-026", "cite-070", "cite-079"}


# ---- the Club de l'Ouest --------------------------------------------------------


def test_club_cites_are_the_western_2019_cites_and_le_mans():
    cites = by_id("cites.csv", "cite_id")
    for cid, name in CLUB_CITES.items():
        assert cites[cid]["name"] == name
        assert cites[cid]["region"] in WEST_REGIONS
    western_2019 = {
        c for c, r in cites.items() if r["region"] in WEST_REGIONS and r["wave"] == "2019"
    }
    assert western_2019 | {"cite-104"} == set(CLUB_CITES)


def test_club_cites_isolated_before_first_club_meeting():
    meetings = by_id("meetings.csv", "meeting_id")
    for mid, cites in cites_per_meeting().items():
        if meetings[mid]["date"] < CLUB_START and cites & set(CLUB_CITES):
            assert len(cites) == 1, (mid, sorted(cites))


def test_club_meetings():
    club = sorted(club_meetings().values(), key=lambda m: m["date"])
    assert 6 <= len(club) <= 7
    assert club[0]["date"] == CLUB_START
    assert all(m["format"] == "visio" for m in club)
    themes = {t for m in club for t in m["themes"].split(";")}
    assert {
        "crise sanitaire",
        "gouvernance",
        "evaluation",
        "financements",
        "valorisation",
        "partenariats collectivites",
        "droit commun",
    } <= themes
    per_year = defaultdict(int)
    for m in club:
        per_year[m["date"][:4]] += 1
    assert all(3 <= n <= 4 for n in per_year.values()), per_year
    # Staff of the three CRPV (no cité) attend.
    actors = by_id("actors.csv", "actor_id")
    staff = {a["actor_id"] for a in actors.values() if a["institution_id"] in CLUB_CRPV}
    assert all(a["cite_id"] == "" for a in actors.values() if a["actor_id"] in staff)
    for crpv in CLUB_CRPV:
        assert 2 <= sum(1 for a in actors.values() if a["institution_id"] == crpv) <= 3


def test_club_ties_each_cite_to_all_four_regions():
    cites = by_id("cites.csv", "cite_id")
    club = club_meetings()
    per_meeting = cites_per_meeting()
    for cid in CLUB_CITES:
        reached = {cites[cid]["region"]}
        for mid in club:
            if cid in per_meeting[mid]:
                reached |= {cites[c]["region"] for c in per_meeting[mid]}
        assert reached >= WEST_REGIONS, (cid, sorted(reached))


def test_western_cites_meet_other_regions_only_through_the_club_before_december_2021():
    cites = by_id("cites.csv", "cite_id")
    meetings = by_id("meetings.csv", "meeting_id")
    club = club_meetings()
    for mid, cs in cites_per_meeting().items():
        if mid in club or meetings[mid]["date"] >= WEST_OPEN:
            continue
        regions = {cites[c]["region"] for c in cs}
        if regions & WEST_REGIONS:
            assert len(regions) == 1, (mid, sorted(cs))


def test_national_events():
    meetings = data()["meetings.csv"]
    titles = {m["title"] for m in meetings if m["scale"] == "national"}
    for t in (
        "Printemps des cités 2021",
        "Printemps des cités 2022",
        "Rentrée des cités 2021",
        "Rentrée des cités 2022",
    ):
        assert t in titles
    by_m = by_id("meetings.csv", "meeting_id")
    cites = by_id("cites.csv", "cite_id")
    for mid, cs in cites_per_meeting().items():
        m = by_m[mid]
        if m["scale"] != "national":
            continue
        assert "inst-anct" in m["organiser_ids"].split(";")
        assert len(cs) >= 10
        if m["date"] < WEST_OPEN:
            assert not {c for c in cs if cites[c]["region"] in WEST_REGIONS}, mid


def test_isolated_cites_never_meet_another_cite():
    for mid, cs in cites_per_meeting().items():
        if cs & ISOLATED_CITES:
            assert len(cs) == 1, (mid, sorted(cs))


def test_every_cite_has_core_roles():
    roles = defaultdict(set)
    for a in data()["actors.csv"]:
        if a["cite_id"]:
            roles[a["cite_id"]].add(a["role"])
    for c in by_id("cites.csv", "cite_id"):
        assert {"chef de projet", "coordonnateur", "délégué du préfet"} <= roles[c], c


# ---- reproducibility ------------------------------------------------------------


def test_script_reproduces_committed_files(tmp_path):
    out = tmp_path / "sample"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for name in COLUMNS:
        assert (out / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_readme_examples_come_from_the_sample():
    """Each ```csv block of data/README.md is a header and rows of a sample file."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```csv\n(.*?)```", text, flags=re.S)
    assert len(blocks) == len(COLUMNS)
    by_header = {",".join(cols): name for name, cols in COLUMNS.items()}
    seen = set()
    for block in blocks:
        header, *rows = block.strip("\n").split("\n")
        name = by_header[header]
        seen.add(name)
        lines = set((SAMPLE / name).read_text(encoding="utf-8").split("\n"))
        for row in rows:
            assert row in lines, (name, row)
    assert seen == set(COLUMNS)
