#!/usr/bin/env python3
"""Generate the coopgraph sample dataset (``data/sample/``).

The sample is a *scenario* built on real facts:

* real facts, read from ``sample_facts.json`` next to this script: the cités
  éducatives (ANCT ids, names, communes, INSEE codes, coordinates, labelling
  wave), the département chefs-lieux used to place préfectures and DSDEN,
  and the centres de ressources politique de la ville (CRPV) with their
  territories; names of régions and départements, and the région of each
  département, come from ``coopgraph.geo`` (of this checkout: ``src/`` is
  put first on the import path, and the script needs nothing else beyond the
  standard library);
* fiction: every person (names drawn from the lists of the same file), the
  partner associations, the meetings (their dates, titles, themes and cités
  are in the file's ``story``; how each series is attended is the code
  below), who attended them, and the support dates. The
  story follows the ANCT / RNCRPV report "Les centres de ressources politique
  de la ville aux côtés des cités éducatives - retour sur 3 ans
  d'accompagnement à 360°" (March 2023): the Club de l'Ouest, Cité Ressources
  in Marseille, the Île-de-France cycle "Mesurer l'impact des coopérations
  éducatives", the IREV in Hauts-de-France, the national events.

Sources of the real facts (Licence Ouverte 2.0):
  ANCT, 2024 - cartography of the cités éducatives (anct-carto/superposeur-anct,
  ``citeduc_geom.geojson``, Sept. 2024); wave = heuristic from ANCT id blocks.
  ANCT / IGN - chefs-lieux (anct-carto/ci-ville2).
  CRPV list compiled by hand from each centre's public pages.

Scenario invariants (checked by ``validate`` below and by
``tests/test_sample_data.py``):

* the 13 cités of the Club de l'Ouest (``CLUB_CITES``) never share a meeting
  with an actor of another cité before the first club meeting (2020-05-14);
  the club's visio meetings then tie each of them to cités of all four régions
  (Normandie 28, Bretagne 53, Pays de la Loire 52, Centre-Val de Loire 24);
* until 2021-12-01 no meeting other than the club joins a cité of those four
  régions to a cité of another région, and none of their actors attends a
  national event;
* the cités in ``ISOLATED_CITES`` (cite-058 Pau, cite-080 Ajaccio) never share
  a meeting with an actor of another cité (2019-09 .. 2023-06);
* every cité has a full troïka (prefecture, education, collectivite);
  Marseille's is a quatuor (the Métropole Aix-Marseille-Provence is a second
  collectivite).

Usage: ``python scripts/make_sample.py [--out DIR]`` (default ``data/sample``
next to this script's parent). Deterministic: ``random.Random(2019)``, sorted
iteration everywhere, ``\\n`` line endings.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
# The geography of this checkout (not of whatever coopgraph is installed).
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))
from coopgraph import geo  # noqa: E402
from coopgraph.io.anct import CITES_COLUMNS  # noqa: E402


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


SEED = 2019
FIRST_DAY = dt.date(2019, 9, 1)
LAST_DAY = dt.date(2023, 6, 30)
CLUB_START = dt.date(2020, 5, 14)
WEST_OPEN = dt.date(2021, 12, 1)  # western cités may meet other régions from here

# --------------------------------------------------------------------------
# Facts, read from sample_facts.json next to this script
# --------------------------------------------------------------------------

with open(os.path.join(HERE, "sample_facts.json"), encoding="utf-8") as _f:
    FACTS = json.load(_f)

# département code -> (name, "de ..." form, chef-lieu, lat, lon of the chef-lieu;
# "" when the source has no usable point). Names come from coopgraph.geo.
DEPARTEMENTS = {
    code: (geo.departement_name(code), f["de"], f["chef_lieu"], f["lat"], f["lon"])
    for code, f in FACTS["departements"].items()
}
# Single-département académies overseas: the education leg is the rectorat.
RECTORAT_DEPS = set(FACTS["rectorat_departements"])

# (cite_id, name, région, département, wave, [(commune, insee, lat, lon), ...]);
# the région is the département's, from coopgraph.geo.
# Communes are listed in the order of the cité's name. The ANCT layer gives one
# point per commune, but for several multi-commune cités the order of its points
# does not follow the order of its commune list (e.g. Nantes / Saint-Herblain),
# so per-commune points are not trusted: a cité is placed at the mean of its
# points and a commune of a multi-commune cité gets no coordinates.
CITES = [
    (
        c["id"],
        c["name"],
        geo.region_of_departement(c["departement"]),
        c["departement"],
        c["wave"],
        [tuple(commune) for commune in c["communes"]],
    )
    for c in FACTS["cites"]
]

# CRPV (compiled list, 18 of its 19 rows: the Guadeloupe centre, whose name
# is unknown, is left out). (id, name, régions, départements, lat, lon)
# lat/lon only where the list gives a seat city (its chef-lieu point).
CRPVS = [
    (c["id"], c["name"], c["regions"], c["departements"], c["lat"], c["lon"])
    for c in FACTS["crpvs"]
]

# Scenario: see the module docstring.
_SCENARIO = FACTS["scenario"]
WEST_REGIONS = tuple(_SCENARIO["west_regions"])
CLUB_CRPV = tuple(_SCENARIO["club_crpv"])
# The 12 cités labelled in 2019 in the four western régions, plus Le Mans
# (2021 wave) which joined the club from its first meeting.
CLUB_CITES = tuple(_SCENARIO["club_cites"])
# Never share a meeting with another cité: Pau (Nouvelle-Aquitaine, whose CRPV
# PQN-A does not accompany cités directly) and Ajaccio (Corse, no CRPV).
ISOLATED_CITES = tuple(_SCENARIO["isolated_cites"])
MARSEILLE_CITES = tuple(_SCENARIO["marseille_cites"])
MARSEILLE_2019 = tuple(_SCENARIO["marseille_2019"])
METROPOLE_AMP = _SCENARIO["metropole_amp"]

# When a cité's actors start meeting: the first list was announced on
# 2019-09-05; the 2021 and 2022 waves are dated to the start of the year's
# labelling. Le Mans takes part in the club from 2020-05-14 (see above) and
# holds local meetings from 2020-09.
WAVE_START = {int(wave): d(day) for wave, day in _SCENARIO["wave_start"].items()}
ACTIVE_OVERRIDE = {cite: d(day) for cite, day in _SCENARIO["active_override"].items()}

# (crpv, cité, since, kind). One row per CRPV x cité pair. Seven CRPV were
# engaged before 2019-09-05, 15 by the end of 2020, one more in 2021 (Guyane);
# PQN-A and Villes & Territoires Occitanie do not support cités directly.
SUPPORT = [tuple(row) for row in FACTS["support"]]

# Themes: lowercase, unaccented, ';'-separated in meetings.csv.
LOCAL_THEMES = tuple(FACTS["themes"]["local"])
THEME_LABELS = FACTS["themes"]["labels"]

# Fictional people. Names of real people quoted in the report are excluded.
FIRST_NAMES = tuple(FACTS["people"]["first_names"])
LAST_NAMES = tuple(FACTS["people"]["last_names"])
OVERSEAS_LAST_NAMES = {
    dep: tuple(names) for dep, names in FACTS["people"]["overseas_last_names"].items()
}
REAL_PEOPLE = set(FACTS["people"]["real_people_excluded"])

# The meetings of the story: dates, titles, themes and the cités of each series
# (how each series is attended stays in the Sample methods below).
STORY = FACTS["story"]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def de(name: str) -> str:
    """French "de <name>" with elision and contraction (du Havre, d'Angers)."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[0] in "AEIOUYÉÈÎÂ" or name.startswith("Hérouville"):  # h muet
        return "d'" + name
    return "de " + name


def fmt_coord(values: list[str]) -> str:
    if not values or any(v == "" for v in values):
        return ""
    return f"{sum(float(v) for v in values) / len(values):.6f}"


class Sample:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.cites = {c[0]: c for c in CITES}
        self.institutions: dict[str, dict] = {}
        self.actors: dict[str, dict] = {}
        self.governance: list[tuple[str, str, str]] = []
        self.support = SUPPORT
        self.meetings: list[dict] = []
        self.busy: dict[str, set] = defaultdict(set)
        self.used_names: set[str] = set()
        self.cite_actors: dict[str, list[str]] = defaultdict(list)
        self.cite_role: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.inst_staff: dict[str, list[str]] = defaultdict(list)
        self.dep_staff: dict[str, list[str]] = defaultdict(list)  # préfecture staff, no cité

    # ---- basic facts --------------------------------------------------------

    def region(self, cite_id: str) -> str:
        return self.cites[cite_id][2]

    def dep(self, cite_id: str) -> str:
        return self.cites[cite_id][3]

    def name(self, cite_id: str) -> str:
        return self.cites[cite_id][1]

    def active_from(self, cite_id: str) -> dt.date:
        return ACTIVE_OVERRIDE.get(cite_id, WAVE_START[self.cites[cite_id][4]])

    def is_west(self, cite_id: str) -> bool:
        return self.region(cite_id) in WEST_REGIONS

    # ---- institutions -------------------------------------------------------

    def add_inst(self, iid, name, kind, region="", dep="", lat="", lon=""):
        if iid in self.institutions:
            raise ValueError(f"duplicate institution id {iid}")
        self.institutions[iid] = dict(
            institution_id=iid,
            name=name,
            kind=kind,
            region=region,
            departement=dep,
            lat=lat,
            lon=lon,
        )
        return iid

    def ville_id(self, commune: str) -> str:
        return "inst-ville-" + slug(commune)

    def build_institutions(self) -> None:
        self.add_inst("inst-anct", "Agence nationale de la cohésion des territoires (ANCT)", "anct")
        self.add_inst(
            "inst-rncrpv",
            "Réseau national des centres de ressources politique de la ville (RNCRPV)",
            "association",
        )
        self.add_inst(
            "inst-cnoe",
            "Comité national d'orientation et d'évaluation des cités éducatives (CNOE)",
            "other",
        )
        self.add_inst(
            "inst-ema-cyu",
            "Laboratoire EMA (École, mutations, apprentissages), CY Cergy Paris Université",
            "research",
            "11",
            "95",
            "49.039970",
            "2.051780",
        )
        self.add_inst("inst-la-fonda", "La Fonda", "association", "11", "75")
        for cid, name, region, dep, lat, lon in CRPVS:
            self.add_inst(cid, name, "crpv", region, dep, lat, lon)
        deps = sorted({c[3] for c in CITES}, key=lambda x: (len(x), x))
        for dep in deps:
            _, de_dep, _, lat, lon = DEPARTEMENTS[dep]
            region = next(c[2] for c in CITES if c[3] == dep)
            self.add_inst(
                f"inst-prefecture-{dep.lower()}",
                f"Préfecture {de_dep}",
                "prefecture",
                region,
                dep,
                lat,
                lon,
            )
            if dep in RECTORAT_DEPS:
                self.add_inst(
                    f"inst-rectorat-{dep}", f"Rectorat {de_dep}", "education", region, dep, lat, lon
                )
            else:
                self.add_inst(
                    f"inst-dsden-{dep.lower()}",
                    f"Direction des services départementaux de l'Éducation nationale {de_dep} (DSDEN)",
                    "education",
                    region,
                    dep,
                    lat,
                    lon,
                )
        self.add_inst(
            "inst-rectorat-aix-marseille",
            "Rectorat de l'académie d'Aix-Marseille",
            "education",
            "93",
            "",
            "43.298693",
            "5.382924",
        )
        self.add_inst(
            METROPOLE_AMP,
            "Métropole Aix-Marseille-Provence",
            "collectivite",
            "93",
            "13",
            "43.298693",
            "5.382924",
        )
        for _cid, _cname, region, dep, _wave, communes in CITES:
            for commune, _insee, lat, lon in communes:
                iid = self.ville_id(commune)
                if iid in self.institutions:
                    continue
                if len(communes) > 1:
                    lat = lon = ""
                self.add_inst(
                    iid,
                    "Ville " + de(commune),
                    "collectivite",
                    region,
                    dep,
                    fmt_coord([lat]),
                    fmt_coord([lon]),
                )

    def education_id(self, dep: str) -> str:
        return f"inst-rectorat-{dep}" if dep in RECTORAT_DEPS else f"inst-dsden-{dep.lower()}"

    def prefecture_id(self, dep: str) -> str:
        return f"inst-prefecture-{dep.lower()}"

    def build_governance(self) -> None:
        for cid, _cname, _region, dep, _wave, communes in CITES:
            self.governance.append((cid, self.prefecture_id(dep), "prefecture"))
            self.governance.append((cid, self.education_id(dep), "education"))
            for commune, *_ in communes:
                self.governance.append((cid, self.ville_id(commune), "collectivite"))
            if cid in MARSEILLE_CITES:
                self.governance.append((cid, METROPOLE_AMP, "collectivite"))

    # ---- actors -------------------------------------------------------------

    def person(self, dep: str = "") -> str:
        lasts = OVERSEAS_LAST_NAMES.get(dep)
        while True:
            first = self.rng.choice(FIRST_NAMES)
            last = (
                self.rng.choice(lasts)
                if lasts and self.rng.random() < 0.7
                else self.rng.choice(LAST_NAMES)
            )
            full = f"{first} {last}"
            if full not in self.used_names and full not in REAL_PEOPLE:
                self.used_names.add(full)
                return full

    def add_actor(self, inst: str, role: str, cite: str = "", dep: str = "") -> str:
        aid = f"act-{len(self.actors) + 1:04d}"
        self.actors[aid] = dict(
            actor_id=aid, name=self.person(dep), institution_id=inst, role=role, cite_id=cite
        )
        self.inst_staff[inst].append(aid)
        if cite:
            self.cite_actors[cite].append(aid)
            self.cite_role[(cite, role)].append(aid)
        return aid

    def add_association(
        self, iid: str, name: str, region: str, dep: str, lat: str, lon: str
    ) -> str:
        if iid not in self.institutions:
            self.add_inst(iid, name, "association", region, dep, lat, lon)
        return iid

    def build_actors(self) -> None:
        rng = self.rng
        self.add_actor("inst-anct", "chef de mission cités éducatives")
        self.add_actor("inst-anct", "chargé de mission anct")
        self.add_actor("inst-anct", "chargé de mission anct")
        self.add_actor("inst-rncrpv", "président rncrpv")
        self.add_actor("inst-rncrpv", "chargé de mission rncrpv")
        self.add_actor("inst-cnoe", "membre du cnoe")
        self.add_actor("inst-ema-cyu", "enseignant-chercheur")
        self.add_actor("inst-ema-cyu", "enseignant-chercheur")
        self.add_actor("inst-ema-cyu", "doctorant")
        self.add_actor("inst-la-fonda", "chargé de mission")
        self.add_actor("inst-la-fonda", "chargé de mission")
        for cid, _name, _region, dep, *_ in CRPVS:
            overseas = dep if dep in OVERSEAS_LAST_NAMES else ""
            self.add_actor(cid, "directeur crpv", dep=overseas)
            for _ in range(1 + (rng.random() < 0.6)):
                self.add_actor(cid, "chargé de mission crpv", dep=overseas)
        # Préfecture staff working for the whole département (no cité).
        for dep, role in STORY["prefecture_staff"]:
            self.dep_staff[dep].append(self.add_actor(self.prefecture_id(dep), role))
        self.rectorat_am = self.add_actor(
            "inst-rectorat-aix-marseille", "conseiller technique du recteur"
        )

        for cid, cname, region, dep, _wave, communes in CITES:
            ville = self.ville_id(communes[0][0])
            edu = self.education_id(dep)
            pref = self.prefecture_id(dep)
            lat = fmt_coord([c[2] for c in communes])
            lon = fmt_coord([c[3] for c in communes])
            od = dep if dep in OVERSEAS_LAST_NAMES else ""
            self.add_actor(ville, "chef de projet", cid, od)
            self.add_actor(edu, "coordonnateur", cid, od)
            self.add_actor(pref, "délégué du préfet", cid, od)
            self.add_actor(edu, "principal de collège", cid, od)
            self.add_actor(ville, "élu à l'éducation", cid, od)
            for commune, *_ in communes[1:]:
                self.add_actor(self.ville_id(commune), "élu à l'éducation", cid, od)
            if cid in MARSEILLE_CITES:
                self.add_actor(METROPOLE_AMP, "chargé de mission métropole", cid)
            if rng.random() < 0.5:
                self.add_actor(edu, "directeur d'école", cid, od)
            if rng.random() < 0.3:
                self.add_actor(edu, "inspecteur de l'éducation nationale", cid, od)
            if rng.random() < 0.3:
                self.add_actor(ville, "directeur de l'éducation", cid, od)
            # Partner associations.
            cs = self.add_association(
                f"inst-cs-{slug(cname)}", f"Centre social {cname}", region, dep, lat, lon
            )
            options = [
                (
                    self.add_association(
                        f"inst-aps-{dep.lower()}",
                        f"Association de prévention spécialisée {DEPARTEMENTS[dep][1]}",
                        region,
                        dep,
                        "",
                        "",
                    ),
                    "éducateur spécialisé",
                ),
                (
                    self.add_association(
                        f"inst-mjc-{slug(communes[0][0])}",
                        "Maison des jeunes et de la culture " + de(communes[0][0]),
                        region,
                        dep,
                        lat if len(communes) == 1 else "",
                        lon if len(communes) == 1 else "",
                    ),
                    "animateur",
                ),
                (
                    self.add_association(
                        f"inst-clas-{slug(cname)}",
                        f"Association d'accompagnement à la scolarité {cname}",
                        region,
                        dep,
                        lat,
                        lon,
                    ),
                    "coordonnateur clas",
                ),
                (
                    self.add_association(
                        f"inst-parents-{slug(cname)}",
                        f"Collectif de parents d'élèves {cname}",
                        region,
                        dep,
                        lat,
                        lon,
                    ),
                    "représentant des parents d'élèves",
                ),
            ]
            n_partners = (
                12 if cid == "cite-108" else (6 if cid in MARSEILLE_CITES else rng.randint(2, 4))
            )
            self.add_actor(cs, "directeur de centre social", cid, od)
            for k in range(n_partners - 1):
                inst, role = options[k % len(options)] if k < len(options) else rng.choice(options)
                self.add_actor(inst, role, cid, od)

    # Institutions that were only created as partner options but got no actor
    # are dropped, so that every institution of the sample is used.
    def prune_institutions(self) -> None:
        used = {a["institution_id"] for a in self.actors.values()}
        used |= {g[1] for g in self.governance}
        used |= {s[0] for s in SUPPORT}
        for m in self.meetings:
            used |= set(m["organisers"])
        keep_kinds = {
            "crpv",
            "anct",
            "research",
            "other",
            "prefecture",
            "education",
            "collectivite",
        }
        for iid in list(self.institutions):
            if iid not in used and self.institutions[iid]["kind"] not in keep_kinds:
                del self.institutions[iid]

    # ---- attendance helpers ------------------------------------------------

    def free(self, pool, day):
        return [a for a in pool if day not in self.busy[a]]

    def pick(self, pool, k, day):
        avail = self.free(pool, day)
        k = max(0, min(k, len(avail)))
        return self.rng.sample(avail, k)

    def crpv_staff(self, crpv):
        return self.inst_staff[crpv]

    def cite_delegation(self, cite, day, lo, hi, lead=("chef de projet", "coordonnateur")):
        """Actors of one cité attending a multi-cité meeting: the lead roles
        first, then others, lo..hi people in all."""
        n = self.rng.randint(lo, hi)
        out = []
        for role in lead:
            for a in self.cite_role[(cite, role)]:
                if len(out) < n and day not in self.busy[a]:
                    out.append(a)
        rest = [a for a in self.cite_actors[cite] if a not in out]
        out += self.pick(rest, n - len(out), day)
        return out

    def meeting_format(self, day: dt.date) -> str:
        r = self.rng.random()
        if day < dt.date(2020, 3, 17):
            return "presentiel"
        if day <= dt.date(2020, 5, 10) or dt.date(2020, 10, 30) <= day <= dt.date(2020, 12, 14):
            return "visio"
        if day <= dt.date(2021, 6, 30):
            return "visio" if r < 0.55 else ("hybride" if r < 0.8 else "presentiel")
        if day <= dt.date(2021, 12, 31):
            return "presentiel" if r < 0.5 else ("hybride" if r < 0.8 else "visio")
        return "presentiel" if r < 0.7 else ("hybride" if r < 0.85 else "visio")

    def add_meeting(self, day, title, scale, organisers, themes, attendees, fmt=None):
        if isinstance(day, str):
            day = d(day)
        assert FIRST_DAY <= day <= LAST_DAY, (day, title)
        attendees = sorted(set(attendees))
        for a in attendees:
            assert day not in self.busy[a], (a, day, title)
            self.busy[a].add(day)
        for o in organisers:
            assert o in self.institutions, o
        m = dict(
            date=day,
            title=title,
            format=fmt or self.meeting_format(day),
            scale=scale,
            organisers=list(organisers),
            themes=list(themes),
            attendees=set(attendees),
        )
        self.meetings.append(m)
        return m

    def multi(
        self,
        day,
        title,
        scale,
        organisers,
        themes,
        cites,
        lo=1,
        hi=3,
        extra=(),
        fmt=None,
        share=1.0,
        min_cites=2,
    ):
        """A meeting of several cités: a delegation of each active cité (a
        share of them when share < 1), the organising CRPV staff in extra."""
        day = d(day)
        active = [c for c in cites if self.active_from(c) <= day]
        for c in active:
            assert c not in ISOLATED_CITES, (title, c)
        if share < 1.0:
            k = max(min(min_cites, len(active)), round(share * len(active)))
            active = sorted(self.rng.sample(active, k))
        people = []
        for c in active:
            people += self.cite_delegation(c, day, lo, hi)
        people += self.free(list(extra), day)
        return self.add_meeting(day, title, scale, organisers, themes, people, fmt)

    # ---- the scenario -------------------------------------------------------

    def build_meetings(self) -> None:
        self.club_de_l_ouest()
        self.national()
        self.marseille_paca()
        self.ile_de_france()
        self.hauts_de_france()
        self.other_regions()
        self.west_after_club()
        self.local_meetings()
        self.everyone_attends()

    def club_de_l_ouest(self) -> None:
        staff = [a for c in CLUB_CRPV for a in self.crpv_staff(c)]
        cnoe = self.inst_staff["inst-cnoe"]
        sessions = STORY["club_sessions"]
        by_region = defaultdict(list)
        for c in CLUB_CITES:
            by_region[self.region(c)].append(c)
        for i, (day, title, themes) in enumerate(sessions):
            chosen = {c for c in CLUB_CITES if self.rng.random() < 0.8}
            chosen.add("cite-062")  # Rennes Le Blosne, the only Breton cité, at every session
            for region in WEST_REGIONS:
                if not chosen & set(by_region[region]):
                    chosen.add(self.rng.choice(by_region[region]))
            if i == 0:
                chosen = set(CLUB_CITES)  # everyone comes to the first session
            people = []
            dday = d(day)
            for c in sorted(chosen):
                people += self.cite_delegation(c, dday, 1, 3)
            people += staff
            if i in (0, 3, 6):
                people += cnoe
            self.add_meeting(day, title, "interregional", CLUB_CRPV, themes, people, fmt="visio")
        # After the club: the chargés de mission keep in touch.
        self.add_meeting(
            "2022-06-30",
            "Échange interrégional des chargés de mission Normanvilles, RésOVilles "
            "et Villes au Carré",
            "interregional",
            CLUB_CRPV,
            ["mise en reseau", "capitalisation"],
            staff,
            fmt="visio",
        )

    def national(self) -> None:
        anct = self.inst_staff["inst-anct"]
        rnc = self.inst_staff["inst-rncrpv"]
        cnoe = self.inst_staff["inst-cnoe"]
        all_crpv = [c[0] for c in CRPVS]
        directors = [self.inst_staff[c][0] for c in all_crpv]
        self.add_meeting(
            "2020-07-20",
            "Signature de la convention entre le Réseau national des CRPV et l'ANCT",
            "national",
            ["inst-anct", "inst-rncrpv"],
            ["capitalisation", "mise en reseau"],
            anct + rnc + self.rng.sample(directors, 6),
            fmt="presentiel",
        )
        gt = STORY["crpv_working_group"]
        for day, what in gt:
            pool = [self.inst_staff[c][-1] for c in all_crpv]
            people = rnc + self.pick(pool, self.rng.randint(10, 15), d(day))
            self.add_meeting(
                day,
                f"Groupe de travail éducation du Réseau national des CRPV : {what}",
                "national",
                ["inst-rncrpv"],
                ["capitalisation"],
                people,
                fmt="visio",
            )
        events = STORY["national_events"]
        self.national_events = []
        for day, title, themes, fmt in events:
            dday = d(day)
            eligible = [
                c
                for c in sorted(self.cites)
                if self.active_from(c) <= dday
                and c not in ISOLATED_CITES
                and not (self.is_west(c) and dday < WEST_OPEN)
            ]
            people = []
            for c in eligible:
                if self.rng.random() < 0.6:
                    people += self.cite_delegation(c, dday, 1, 2)
            engaged = [c for c in all_crpv if any(s[0] == c and d(s[2]) <= dday for s in SUPPORT)]
            for c in engaged:
                if self.rng.random() < 0.7:
                    people += self.pick(self.crpv_staff(c), 1, dday)
            people += anct + rnc + cnoe
            orgs = ["inst-anct", "inst-rncrpv"] + (["inst-cnoe"] if dday.year == 2022 else [])
            m = self.add_meeting(day, title, "national", orgs, themes, people, fmt=fmt)
            self.national_events.append(m)

    def marseille_paca(self) -> None:
        cr = self.crpv_staff("crpv-cite-ressources")
        pdec = self.dep_staff["13"]
        quatuor = [
            "crpv-cite-ressources",
            METROPOLE_AMP,
            "inst-ville-marseille",
            "inst-prefecture-13",
            "inst-dsden-13",
        ]
        people = (
            [a for c in MARSEILLE_2019 for a in self.cite_actors[c]]
            + cr
            + pdec
            + [self.rectorat_am]
        )
        self.add_meeting(
            "2019-09-26",
            "Rentrée des cités éducatives marseillaises : rencontre des acteurs de l'éducation",
            "local",
            quatuor,
            ["mise en reseau", "gouvernance"],
            people,
            fmt="presentiel",
        )
        for k, day in enumerate(STORY["marseille_workshop_days"], start=1):
            self.multi(
                day,
                f"Plan d'actions triennal des cités éducatives marseillaises : atelier {k}/4",
                "local",
                quatuor,
                ["programmation", "gouvernance"],
                MARSEILLE_2019,
                3,
                6,
                extra=cr + ([self.rectorat_am] if k in (1, 4) else []),
            )
        # Miramas, newly labelled: a large visio (close to 100 people in reality;
        # here every actor of the cité).
        self.add_meeting(
            "2021-03-25",
            "Visio de lancement du projet de cité éducative de Miramas",
            "local",
            ["crpv-cite-ressources", "inst-ville-miramas", "inst-prefecture-13"],
            ["cooperation educative", "gouvernance"],
            self.cite_actors["cite-108"] + cr + pdec,
            fmt="visio",
        )
        # The 14th arrondissement challenge (cite-172, labelled 2022).
        for k, day in enumerate(STORY["defi_14e_days"], start=1):
            people = self.pick(self.cite_actors["cite-172"], self.rng.randint(5, 8), d(day))
            people += self.free(cr, d(day))
            self.add_meeting(
                day,
                f"Le défi du 14e arrondissement : atelier de co-construction {k}",
                "local",
                ["crpv-cite-ressources", "inst-ville-marseille", METROPOLE_AMP],
                ["cooperation educative", "programmation"],
                people,
            )
        paca = STORY["paca_cites"]
        for day, themes in STORY["paca_meetings"]:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives de Provence-Alpes-Côte d'Azur",
                "regional",
                ["crpv-cite-ressources", "inst-prefecture-13"],
                themes,
                paca,
                1,
                3,
                extra=cr + pdec,
                share=0.8,
                min_cites=4,
            )
        bdr = STORY["bouches_du_rhone_cites"]
        for day, themes in STORY["bouches_du_rhone_meetings"]:
            self.multi(
                day,
                "Réunion départementale des cités éducatives des Bouches-du-Rhône",
                "departemental",
                ["inst-prefecture-13", "crpv-cite-ressources"],
                themes,
                bdr,
                1,
                3,
                extra=cr + pdec + [self.rectorat_am],
            )

    def ile_de_france(self) -> None:
        pr = self.crpv_staff("crpv-pole-ressources-95")
        pb = self.crpv_staff("crpv-profession-banlieue")
        es = self.crpv_staff("crpv-essonne")
        v95 = STORY["val_d_oise_cites"]
        s93 = STORY["seine_saint_denis_cites"]
        e91 = STORY["essonne_cites"]
        for day, title, themes in STORY["val_d_oise_meetings"]:
            self.multi(
                day,
                title,
                "departemental",
                ["crpv-pole-ressources-95", "inst-prefecture-95"],
                themes,
                v95,
                2,
                4,
                extra=pr + self.dep_staff["95"],
            )
        for day, themes in STORY["seine_saint_denis_meetings"]:
            self.multi(
                day,
                "Réseau des chefs de projet des cités éducatives de Seine-Saint-Denis",
                "departemental",
                ["crpv-profession-banlieue"],
                themes,
                s93,
                1,
                2,
                extra=pb + self.dep_staff["93"],
                share=0.85,
                min_cites=3,
            )
        for day, themes in STORY["essonne_meetings"]:
            self.multi(
                day,
                "Rencontre des cités éducatives de l'Essonne",
                "departemental",
                ["crpv-essonne", "inst-prefecture-91"],
                themes,
                e91,
                1,
                3,
                extra=es,
            )
        # The IDF CRPV cycle "Mesurer l'impact des coopérations éducatives".
        orgs = [
            "crpv-profession-banlieue",
            "crpv-pole-ressources-95",
            "crpv-essonne",
            "inst-ema-cyu",
            "inst-la-fonda",
        ]
        idf = v95 + s93 + e91
        ema = self.inst_staff["inst-ema-cyu"]
        fonda = self.inst_staff["inst-la-fonda"]
        cycle = STORY["idf_cycle"]
        for i, (day, title, themes, fmt) in enumerate(cycle):
            extra = pr + pb + es + (ema if i < 2 else ema[:2]) + (fonda if i < 2 else fonda[:1])
            self.multi(
                day,
                title,
                "regional",
                orgs,
                themes,
                idf,
                1,
                3 if i < 2 else 2,
                extra=extra,
                fmt=fmt,
                share=0.9 if i < 2 else 0.6,
                min_cites=5,
            )

    def hauts_de_france(self) -> None:
        irev = self.crpv_staff("crpv-irev")
        hdf = STORY["hauts_de_france_cites"]
        nord = STORY["nord_cites"]
        pdc = STORY["pas_de_calais_cites"]
        regional = STORY["hauts_de_france_meetings"]
        for day, themes in regional:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives des Hauts-de-France",
                "regional",
                ["crpv-irev", "inst-prefecture-59"],
                themes,
                hdf,
                1,
                3,
                extra=irev + self.dep_staff["59"],
                share=0.85,
                min_cites=6,
            )
        for day, themes in STORY["nord_meetings"]:
            self.multi(
                day,
                "Réseau des coordonnateurs des cités éducatives du Nord",
                "departemental",
                ["crpv-irev", "inst-prefecture-59"],
                themes,
                nord,
                1,
                3,
                extra=irev[:2],
            )
        for day, themes in STORY["pas_de_calais_meetings"]:
            self.multi(
                day,
                "Rencontre des cités éducatives du Pas-de-Calais",
                "departemental",
                ["crpv-irev", "inst-prefecture-62"],
                themes,
                pdc,
                2,
                4,
                extra=irev[:2],
            )

    def other_regions(self) -> None:
        oriv = self.crpv_staff("crpv-oriv")
        for day, themes in STORY["grand_est_meetings"]:
            self.multi(
                day,
                "Journée régionale des cités éducatives du Grand Est",
                "regional",
                ["crpv-oriv"],
                themes,
                STORY["grand_est_cites"],
                1,
                3,
                extra=oriv,
            )
        labo = self.crpv_staff("crpv-labo-cites")
        self.multi(
            "2020-12-03",
            "Rencontre des cités éducatives du Rhône",
            "departemental",
            ["crpv-labo-cites", "inst-prefecture-69"],
            ["gouvernance"],
            STORY["rhone_cites"],
            1,
            3,
            extra=labo + self.dep_staff["69"],
            fmt="visio",
        )
        for day, themes in STORY["auvergne_rhone_alpes_meetings"]:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives d'Auvergne-Rhône-Alpes",
                "regional",
                ["crpv-labo-cites"],
                themes,
                STORY["auvergne_rhone_alpes_cites"],
                1,
                3,
                extra=labo,
            )
        tr = self.crpv_staff("crpv-trajectoire-ressources")
        for day, themes in STORY["bourgogne_franche_comte_meetings"]:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives de Bourgogne-Franche-Comté",
                "regional",
                ["crpv-trajectoire-ressources"],
                themes,
                STORY["bourgogne_franche_comte_cites"],
                1,
                3,
                extra=tr,
            )
        self.multi(
            "2022-04-07",
            "Rencontre régionale des cités éducatives d'Occitanie",
            "regional",
            ["inst-prefecture-31"],
            ["mise en reseau", "evaluation"],
            STORY["occitanie_cites"],
            1,
            2,
            extra=self.crpv_staff("crpv-ressources-territoires")[:1],
        )
        # Nouvelle-Aquitaine: PQN-A does not accompany the cités; Pau stays apart.
        self.multi(
            "2022-02-03",
            "Rencontre régionale des cités éducatives de Nouvelle-Aquitaine",
            "regional",
            ["inst-prefecture-33"],
            ["gouvernance", "evaluation"],
            ["cite-038", "cite-004"],
            1,
            3,
        )
        # Martinique: Ville Caraïbe helps Fort-de-France build its protocol in a few weeks.
        vc = self.crpv_staff("crpv-ville-caraibe")
        for k, day in enumerate(STORY["fort_de_france_days"], start=1):
            people = self.pick(self.cite_actors["cite-025"], self.rng.randint(4, 7), d(day)) + vc
            self.add_meeting(
                day,
                f"Protocole et programme d'actions de la cité éducative de Fort-de-France : "
                f"séance {k}",
                "local",
                ["crpv-ville-caraibe", "inst-ville-fort-de-france"],
                ["gouvernance", "programmation"],
                people,
            )

    def west_after_club(self) -> None:
        norm = self.crpv_staff("crpv-normanvilles")
        reso = self.crpv_staff("crpv-resovilles")
        vac = self.crpv_staff("crpv-villes-au-carre")
        self.multi(
            "2021-01-14",
            "Réunion départementale des cités éducatives de la Seine-Maritime",
            "departemental",
            ["inst-prefecture-76", "crpv-normanvilles"],
            ["gouvernance", "evaluation"],
            STORY["seine_maritime_cites"],
            1,
            3,
            extra=norm[:1] + self.dep_staff["76"],
            fmt="visio",
        )
        normandie = STORY["normandie_cites"]
        for day, themes in STORY["normandie_meetings"]:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives de Normandie",
                "regional",
                ["crpv-normanvilles"],
                themes,
                normandie,
                1,
                3,
                extra=norm,
            )
        pdl = STORY["pays_de_la_loire_cites"]
        self.multi(
            "2021-05-06",
            "Rencontre des cités éducatives des Pays de la Loire",
            "regional",
            ["crpv-resovilles"],
            ["gouvernance", "financements"],
            pdl,
            1,
            2,
            extra=reso,
            fmt="visio",
        )
        for day, themes in (
            ("2022-03-31", ["mise en reseau", "evaluation"]),
            ("2023-03-30", ["valorisation", "droit commun"]),
        ):
            self.multi(
                day,
                "Rencontre Bretagne - Pays de la Loire des cités éducatives",
                "interregional",
                ["crpv-resovilles"],
                themes,
                pdl + ["cite-062"],
                1,
                3,
                extra=reso,
            )
        cvl = STORY["centre_val_de_loire_cites"]
        for day, themes in STORY["centre_val_de_loire_meetings"]:
            self.multi(
                day,
                "Rencontre régionale des cités éducatives du Centre-Val de Loire",
                "regional",
                ["crpv-villes-au-carre"],
                themes,
                cvl,
                1,
                3,
                extra=vac,
            )

    def local_meetings(self) -> None:
        """Each cité's own meetings: a comité de pilotage per school year and
        some working groups, attended by its actors and possibly by its CRPV
        staff or préfecture staff (no cité)."""
        rng = self.rng
        supporters = defaultdict(list)
        for crpv, cite, since, _kind in SUPPORT:
            supporters[cite].append((crpv, d(since)))
        for cid, cname, _region, dep, _wave, communes in CITES:
            ville = self.ville_id(communes[0][0])
            troika = [self.prefecture_id(dep), self.education_id(dep), ville]
            start = self.active_from(cid)
            slots = []
            for year in (2019, 2020, 2021, 2022):
                lo, hi = dt.date(year, 11, 3), dt.date(year + 1, 1, 28)
                if year == 2019:
                    lo, hi = dt.date(2019, 10, 1), dt.date(2019, 12, 13)
                if start <= lo:
                    slots.append(("copil", lo, hi))
                elif start <= dt.date(year + 1, 4, 30):
                    s = max(start, lo) + dt.timedelta(days=14)
                    slots.append(("installation", s, s + dt.timedelta(days=60)))
                glo, ghi = dt.date(year + 1, 3, 1), dt.date(year + 1, 6, 26)
                if start <= glo and rng.random() < 0.6:
                    slots.append(("gt", glo, ghi))
            for kind, lo, hi in slots:
                for _ in range(50):
                    day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
                    if (
                        day.weekday() < 5
                        and day not in (dt.date(2019, 12, 25), dt.date(2020, 1, 1))
                        and day not in self.busy[self.cite_role[(cid, "chef de projet")][0]]
                    ):
                        break
                else:
                    raise RuntimeError(f"no free day for {cid} {kind}")
                day = min(max(day, FIRST_DAY), LAST_DAY)
                if kind == "copil":
                    title = f"Comité de pilotage de la cité éducative {de(cname)}"
                    themes = ["gouvernance"] + rng.sample(STORY["copil_themes"], 1)
                    n = rng.randint(4, 7)
                elif kind == "installation":
                    title = f"Comité de pilotage d'installation de la cité éducative {de(cname)}"
                    themes = ["gouvernance", "programmation"]
                    n = rng.randint(4, 7)
                else:
                    themes = sorted(rng.sample(LOCAL_THEMES, rng.randint(1, 2)))
                    title = (
                        f"Groupe de travail {THEME_LABELS[themes[0]]} - cité éducative {de(cname)}"
                    )
                    n = rng.randint(3, 6)
                people = self.free(self.cite_role[(cid, "chef de projet")], day)
                rest = [a for a in self.cite_actors[cid] if a not in people]
                people += self.pick(rest, n - len(people), day)
                for crpv, since in supporters[cid]:
                    if since <= day and rng.random() < 0.4:
                        people += self.pick(self.crpv_staff(crpv), 1, day)
                if self.dep_staff.get(dep) and kind != "gt" and rng.random() < 0.3:
                    people += self.pick(self.dep_staff[dep], 1, day)
                orgs = (
                    troika + ([METROPOLE_AMP] if cid in MARSEILLE_CITES else [])
                    if kind != "gt"
                    else [ville]
                )
                self.add_meeting(day, title, "local", orgs, themes, people)

    def everyone_attends(self) -> None:
        """Make sure every actor attends at least one meeting: an actor of a
        cité joins one of its cité's local meetings, anyone else joins a
        national working group."""
        attended = set()
        for m in self.meetings:
            attended |= m["attendees"]
        local_of = defaultdict(list)
        for m in self.meetings:
            if m["scale"] == "local":
                cites = {self.actors[a]["cite_id"] for a in m["attendees"]} - {""}
                if len(cites) == 1:
                    local_of[cites.pop()].append(m)
        gts = [
            m
            for m in self.meetings
            if m["title"].startswith("Groupe de travail éducation du Réseau")
        ]
        for aid in self.actors:
            if aid in attended:
                continue
            cite = self.actors[aid]["cite_id"]
            candidates = local_of[cite] if cite else gts
            for m in candidates:
                if m["date"] not in self.busy[aid]:
                    m["attendees"].add(aid)
                    self.busy[aid].add(m["date"])
                    break
            else:
                raise RuntimeError(f"could not place {aid}")

    # ---- output -------------------------------------------------------------

    def assign_meeting_ids(self) -> None:
        self.meetings.sort(key=lambda m: (m["date"], m["title"], m["scale"]))
        keys = [(m["date"], m["title"]) for m in self.meetings]
        assert len(keys) == len(set(keys)), "two meetings with the same date and title"
        per_year = defaultdict(int)
        for m in self.meetings:
            per_year[m["date"].year] += 1
            m["meeting_id"] = f"mtg-{m['date'].year}-{per_year[m['date'].year]:03d}"

    def tables(self) -> dict[str, tuple[list[str], list[list[str]]]]:
        cites = []
        for cid, cname, region, dep, wave, communes in CITES:
            cites.append(
                [
                    cid,
                    cname,
                    region,
                    ";".join(c[0] for c in communes),
                    ";".join(c[1] for c in communes),
                    dep,
                    str(wave),
                    fmt_coord([c[2] for c in communes]),
                    fmt_coord([c[3] for c in communes]),
                ]
            )
        inst_cols = ["institution_id", "name", "kind", "region", "departement", "lat", "lon"]
        institutions = [
            [i[k] for k in inst_cols]
            for i in sorted(self.institutions.values(), key=lambda i: i["institution_id"])
        ]
        actor_cols = ["actor_id", "name", "institution_id", "role", "cite_id"]
        actors = [[a[k] for k in actor_cols] for a in self.actors.values()]
        meetings = [
            [
                m["meeting_id"],
                m["date"].isoformat(),
                m["title"],
                m["format"],
                m["scale"],
                ";".join(m["organisers"]),
                ";".join(m["themes"]),
            ]
            for m in self.meetings
        ]
        attendance = [[m["meeting_id"], a] for m in self.meetings for a in sorted(m["attendees"])]
        governance = [list(g) for g in self.governance]
        support = [[s[0], s[1], s[2], s[3]] for s in self.support]
        return {
            "cites.csv": (
                list(CITES_COLUMNS),  # the columns import-cites writes
                cites,
            ),
            "institutions.csv": (inst_cols, institutions),
            "actors.csv": (actor_cols, actors),
            "meetings.csv": (
                ["meeting_id", "date", "title", "format", "scale", "organiser_ids", "themes"],
                meetings,
            ),
            "attendance.csv": (["meeting_id", "actor_id"], attendance),
            "governance.csv": (["cite_id", "institution_id", "role"], governance),
            "support.csv": (["crpv_id", "cite_id", "since", "kind"], support),
        }

    def build(self):
        self.build_institutions()
        self.build_governance()
        self.build_actors()
        self.build_meetings()
        self.prune_institutions()
        self.assign_meeting_ids()
        return self.tables()


# --------------------------------------------------------------------------
# Validation of the scenario invariants on the written tables
# --------------------------------------------------------------------------


def validate(tables) -> None:
    rows = {
        name: [dict(zip(cols, r, strict=True)) for r in data]
        for name, (cols, data) in tables.items()
    }
    cites = {r["cite_id"]: r for r in rows["cites.csv"]}
    insts = {r["institution_id"]: r for r in rows["institutions.csv"]}
    actors = {r["actor_id"]: r for r in rows["actors.csv"]}
    meetings = {r["meeting_id"]: r for r in rows["meetings.csv"]}
    errors = []

    def check(cond, msg):
        if not cond:
            errors.append(msg)

    for name, key in (
        ("cites.csv", "cite_id"),
        ("institutions.csv", "institution_id"),
        ("actors.csv", "actor_id"),
        ("meetings.csv", "meeting_id"),
    ):
        ids = [r[key] for r in rows[name]]
        check(len(ids) == len(set(ids)), f"duplicate ids in {name}")
    all_ids = list(cites) + list(insts) + list(actors) + list(meetings)
    check(len(all_ids) == len(set(all_ids)), "ids shared between files")
    crpvs = {i for i, r in insts.items() if r["kind"] == "crpv"}
    check(
        len(cites) >= 45 and len(crpvs) >= 15 and len(actors) >= 300 and len(meetings) >= 80,
        "sizes",
    )
    for a in actors.values():
        check(a["institution_id"] in insts, f"actor {a['actor_id']} institution")
        check(a["cite_id"] == "" or a["cite_id"] in cites, f"actor {a['actor_id']} cite")
    for m in meetings.values():
        check(
            FIRST_DAY.isoformat() <= m["date"] <= LAST_DAY.isoformat(), f"date of {m['meeting_id']}"
        )
        for o in m["organiser_ids"].split(";"):
            check(o in insts, f"organiser {o}")
    pairs = [(r["meeting_id"], r["actor_id"]) for r in rows["attendance.csv"]]
    check(len(pairs) == len(set(pairs)), "duplicate attendance")
    for mid, aid in pairs:
        check(mid in meetings and aid in actors, f"attendance {mid} {aid}")
    roles = defaultdict(set)
    for g in rows["governance.csv"]:
        check(g["cite_id"] in cites and g["institution_id"] in insts, f"governance {g}")
        check(insts[g["institution_id"]]["kind"] == g["role"], f"governance kind {g}")
        roles[g["cite_id"]].add(g["role"])
    for c in cites:
        check(roles[c] == {"prefecture", "education", "collectivite"}, f"troika of {c}")
    for c in cites.values():
        for insee in c["insee_commune"].split(";"):
            dep = geo.departement_of_commune(insee)
            check(dep == c["departement"], f"commune {insee} of {c['cite_id']} is in {dep}")
    for s in rows["support.csv"]:
        check(s["crpv_id"] in crpvs and s["cite_id"] in cites, f"support {s}")
    # Co-attendance between cités.
    by_meeting = defaultdict(set)
    for mid, aid in pairs:
        if actors[aid]["cite_id"]:
            by_meeting[mid].add(actors[aid]["cite_id"])
    for mid, cs in by_meeting.items():
        m = meetings[mid]
        if len(cs) < 2:
            continue
        for c in cs & set(ISOLATED_CITES):
            errors.append(f"isolated {c} meets another cité in {mid}")
        if m["date"] < CLUB_START.isoformat():
            for c in cs & set(CLUB_CITES):
                errors.append(f"club cité {c} meets another cité before the club in {mid}")
        west = {c for c in cs if cites[c]["region"] in WEST_REGIONS}
        club = m["scale"] == "interregional" and set(CLUB_CRPV) <= set(
            m["organiser_ids"].split(";")
        )
        if m["date"] < WEST_OPEN.isoformat() and west and not club:
            regions = {cites[c]["region"] for c in cs}
            if len(regions) > 1:
                errors.append(f"western cité meets another région before 2021-12 in {mid}")
    for c in CLUB_CITES:
        reached = {cites[c]["region"]}
        for mid, cs in by_meeting.items():
            m = meetings[mid]
            if c in cs and m["title"].startswith("Club de l'Ouest"):
                reached |= {cites[x]["region"] for x in cs}
        check(reached >= set(WEST_REGIONS), f"club cité {c} reaches {sorted(reached)}")
    attended = {aid for _, aid in pairs}
    check(attended == set(actors), "some actor attends no meeting")
    if errors:
        raise SystemExit("scenario check failed:\n  " + "\n  ".join(errors[:30]))


def write(tables, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for name, (cols, data) in tables.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            w.writerows(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        default=os.path.join(os.path.dirname(HERE), "data", "sample"),
        help="output directory (default: data/sample)",
    )
    args = parser.parse_args(argv)
    tables = Sample().build()
    validate(tables)
    write(tables, args.out)
    print(f"sample written to {args.out}")
    crpv = sum(1 for r in tables["institutions.csv"][1] if r[2] == "crpv")
    for name, (_cols, data) in tables.items():
        extra = f" (of which {crpv} crpv)" if name == "institutions.csv" else ""
        print(f"  {name:<18} {len(data):>5} rows{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
