"""Synthetic datasets with the structure of the real cités éducatives network.

:func:`generate_dataset` builds a :class:`~coopgraph.model.Dataset` of any
size from a seed, for benchmarks, demonstrations and tests at national scale
without personal data. Everything is invented (names, communes, people,
meetings) except the geography, taken from :mod:`coopgraph.geo`, and the
*shape* of the programme:

* cités placed in real départements, distributed roughly like the real
  programme (many in Île-de-France, Hauts-de-France, Auvergne-Rhône-Alpes,
  Grand Est, PACA; a few overseas), labelled in waves 2019, 2021 and 2022;
* a CRPV (centre de ressources politique de la ville) network shaped like the
  real one: mostly one per région, departmental ones in Île-de-France (93,
  95, 91 only), two in Occitanie, one for Bretagne and Pays de la Loire,
  none in Corse;
* a full troïka per cité (préfecture and DSDEN of its département, its
  collectivité), recorded in ``governance``;
* actors mostly working for one cité, a few CRPV and ANCT staff;
* meetings: mostly local (one cité) and departmental, CRPV-led regional
  meetings, a few interregional clubs (the CRPVs of bordering régions
  gathering cités that are otherwise poorly tied, like the "Club de l'Ouest"
  of 2020-2021), a few large national events organised by the ANCT;
* some *isolated* cités whose actors only ever attend their own local
  meetings, so they have no tie to another cité over the whole period;
* attendance drawn without replacement with Zipf-like (Pareto) actor
  activity, so a few actors attend a great many meetings.

The same arguments always give the same dataset (no use of Python's
randomised string hashing; one :func:`numpy.random.default_rng` stream).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat

import numpy as np

from coopgraph import geo
from coopgraph.errors import CoopgraphError
from coopgraph.model import (
    SUPPORT_KINDS,
    Actor,
    Attendance,
    Cite,
    Dataset,
    Governance,
    Institution,
    Meeting,
    Support,
)

__all__ = ["FIRST_DAY", "LAST_DAY", "SynthesisError", "default_isolated", "generate_dataset"]

#: Meetings are dated from the start of the 2019 school year to June 2023.
FIRST_DAY = date(2019, 9, 2)
LAST_DAY = date(2023, 6, 30)


class SynthesisError(CoopgraphError):
    """The requested sizes cannot make a consistent dataset."""

    exit_code = 2


# ---------------------------------------------------------------- the programme's shape

# Cités per région, roughly as in the ANCT list of 2024 (208 cités).
_REGION_WEIGHTS: dict[str, float] = {
    "11": 50, "32": 32, "84": 18, "44": 16, "93": 15, "75": 13, "28": 10, "76": 10,
    "27": 8, "24": 7, "52": 6, "04": 5, "01": 4, "53": 4, "06": 3, "03": 3, "94": 2, "02": 1,
}  # fmt: skip

# Départements with many cités (the others of a région weigh 1).
_DEPARTEMENT_WEIGHTS: dict[str, float] = {
    "59": 15, "93": 12, "78": 9, "62": 8, "69": 8, "13": 8, "91": 6, "95": 6, "94": 5,
    "76": 5, "60": 4, "92": 4, "83": 4, "77": 4, "34": 4, "75": 4, "57": 3, "33": 3,
    "68": 3, "51": 3, "35": 3, "02": 3, "31": 3, "67": 3, "44": 3, "06": 2, "38": 2, "42": 2,
}  # fmt: skip

# Wave -> (share of cités, first day a cité of that wave takes part in meetings).
_WAVES: dict[int, tuple[float, date]] = {
    2019: (0.40, FIRST_DAY),
    2021: (0.23, date(2021, 1, 11)),
    2022: (0.37, date(2022, 1, 10)),
}

_OCCITANIE_WEST = ("09", "12", "31", "32", "46", "65", "81", "82")
_OCCITANIE_EAST = ("11", "30", "34", "48", "66")


@dataclass(frozen=True)
class _CrpvSpec:
    key: str
    name: str
    regions: tuple[str, ...]
    departements: tuple[str, ...] = ()

    def covers(self, region: str, departement: str) -> bool:
        if self.departements:
            return departement in self.departements
        return region in self.regions


# Shaped like the real network (see ../shared/data/crpv), with invented names.
_CRPVS: tuple[_CrpvSpec, ...] = (
    _CrpvSpec("idf-93", "Centre de ressources ville de Seine-Saint-Denis", ("11",), ("93",)),
    _CrpvSpec("idf-95", "Pôle ressources ville du Val-d'Oise", ("11",), ("95",)),
    _CrpvSpec("idf-91", "Centre de ressources ville de l'Essonne", ("11",), ("91",)),
    _CrpvSpec("cvl", "Centre de ressources Centre-Val de Loire", ("24",)),
    _CrpvSpec("bfc", "Ressources ville Bourgogne-Franche-Comté", ("27",)),
    _CrpvSpec("nor", "Réseau ville Normandie", ("28",)),
    _CrpvSpec("hdf", "Institut ville Hauts-de-France", ("32",)),
    _CrpvSpec("ge", "Observatoire ville Grand Est", ("44",)),
    _CrpvSpec("bpl", "Ressources ville Bretagne-Pays de la Loire", ("52", "53")),
    _CrpvSpec("naq", "Quartiers de Nouvelle-Aquitaine", ("75",)),
    _CrpvSpec("occ-ouest", "Ressources ville Occitanie Ouest", ("76",), _OCCITANIE_WEST),
    _CrpvSpec("occ-est", "Ressources ville Occitanie Est", ("76",), _OCCITANIE_EAST),
    _CrpvSpec("aura", "Labo ville Auvergne-Rhône-Alpes", ("84",)),
    _CrpvSpec("paca", "Ressources ville Provence-Alpes-Côte d'Azur", ("93",)),
    _CrpvSpec("gp", "Centre de ressources ville de Guadeloupe", ("01",), ("971",)),
    _CrpvSpec("mq", "Centre de ressources ville de Martinique", ("02",), ("972",)),
    _CrpvSpec("gf", "Centre de ressources ville de Guyane", ("03",), ("973",)),
    _CrpvSpec("re", "Centre de ressources ville de La Réunion", ("04",), ("974",)),
    _CrpvSpec("yt", "Centre de ressources ville de Mayotte", ("06",), ("976",)),
)

_THEMES = (
    "réussite éducative", "parentalité", "petite enfance", "décrochage scolaire",
    "numérique", "santé", "sport", "culture", "orientation", "vacances apprenantes",
    "citoyenneté", "gouvernance", "évaluation", "égalité filles-garçons", "continuité éducative",
)  # fmt: skip

_FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Julie", "Nadia", "Sophie",
    "Claire", "Aïcha", "Fatou", "Céline", "Isabelle", "Nathalie", "Sandrine", "Hélène",
    "Marie", "Anne", "Laure", "Mélanie", "Yasmine", "Karima", "Élodie", "Amandine", "Lucie",
    "Thomas", "Nicolas", "Julien", "Karim", "Mehdi", "Yannick", "Olivier", "Sébastien",
    "Mathieu", "Antoine", "Pierre", "Jean", "François", "Mamadou", "Samir", "Youssef",
    "Hugo", "Lucas", "Maxime", "Romain", "Vincent", "Éric", "Philippe", "Laurent",
    "Stéphane", "David", "Rachid", "Bruno", "Damien", "Guillaume", "Fabrice", "Alexis",
    "Dominique",
)  # fmt: skip

_LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Diallo", "Benali", "Traoré", "Haddad",
    "Nguyen", "Mendy", "Bouzid", "Cissé", "Ferreira", "Da Silva", "Le Gall", "Kerbrat",
    "Colin", "Vidal", "Caron", "Picard", "Roger", "Lemoine", "Renaud", "Aubert",
    "Barbier", "Arnaud", "Hoarau", "Payet", "Jean-Baptiste", "Saïd", "Madi", "Joseph",
)  # fmt: skip

_COMMUNE_HEADS = (
    "Beau", "Bel", "Mont", "Ville", "Roche", "Clair", "Font", "Val", "Pont", "Castel",
    "Bourg", "Champ", "Vaux", "Fleur", "Sauve", "Haute", "Rose", "Bois", "Grand", "Lor",
    "Mar", "Ser", "Cour", "Brie", "Neu",
)  # fmt: skip
_COMMUNE_TAILS = (
    "mont", "ville", "court", "fort", "val", "lieu", "bourg", "mesnil", "ignac", "ières",
    "ange", "erre", "ay", "ois", "euil", "ancourt", "igny", "erville", "essac", "ouse",
)  # fmt: skip
_COMMUNE_SUFFIXES = ("", "", "", "", "-sur-Rive", "-le-Haut", "-la-Plaine", "-les-Prés")
_DISTRICTS = (
    "Les Tilleuls", "La Source", "Le Val Fleuri", "Les Hauts", "La Plaine", "Les Coteaux",
    "Le Centre", "Les Bruyères", "La Butte", "Les Sablons", "Le Moulin", "Les Peupliers",
)  # fmt: skip
_ASSOCIATIONS = (
    "Passerelles", "Trait d'union", "Horizons", "Ricochets", "Tremplin", "Boussole",
    "Cap Avenir", "Graines de savoir", "Ensemble", "Les Ateliers du quartier",
)  # fmt: skip

# Roles per institution kind; the first one of a cité's three troïka seats.
_ROLES: dict[str, tuple[str, ...]] = {
    "collectivite": (
        "agent de la ville", "coordinatrice réussite éducative", "animateur",
        "directeur de centre social", "élue", "chargé de mission jeunesse",
    ),
    "education": ("enseignante", "principal de collège", "directrice d'école", "CPE", "IEN"),
    "prefecture": ("chargée de mission politique de la ville", "sous-préfet ville"),
    "association": ("responsable associative", "éducateur", "médiatrice"),
    "crpv": ("chargée de mission", "directeur", "chargé d'études"),
    "anct": ("chargé de mission national", "cheffe de bureau"),
}  # fmt: skip
_TROIKA_SEATS = (
    ("collectivite", "chef de projet cité éducative"),
    ("prefecture", "délégué du préfet"),
    ("education", "coordonnatrice Éducation nationale"),
)
# Where the other actors of a cité work.
_CITE_STAFF_KINDS = ("collectivite", "education", "prefecture", "association")
_CITE_STAFF_SHARES = (0.45, 0.35, 0.05, 0.15)

_SCALE_ORDER = {"local": 0, "departemental": 1, "regional": 2, "interregional": 3, "national": 4}
# Typical number of attendees per scale, before scaling to the attendance target.
_BASE_SIZE = {
    "local": 14.0,
    "departemental": 45.0,
    "regional": 90.0,
    "interregional": 30.0,
    "national": 400.0,
}
# Meetings of a scale attended by a "poorly tied" cité get this share of its weight.
_PERIPHERAL_FACTOR = {"departemental": 0.3, "regional": 0.05, "national": 0.05}

_COVID = (date(2020, 3, 16), date(2021, 6, 30))


def default_isolated(cites: int) -> int:
    """Number of cités kept isolated when not given: 2 %, at least one from 10 cités.

    >>> default_isolated(250), default_isolated(30), default_isolated(5)
    (5, 1, 0)
    """
    return max(1, round(0.02 * cites)) if cites >= 10 else 0


# ---------------------------------------------------------------- plan records


@dataclass
class _PlannedCite:
    region: str
    departement: str
    wave: int
    lat: float
    lon: float
    communes: tuple[str, ...]
    insee: tuple[str, ...]
    name: str
    id: str = ""
    start: date = FIRST_DAY


@dataclass
class _PlannedMeeting:
    scale: str
    day: date
    title: str
    organisers: tuple[str, ...]
    pool: np.ndarray  # actor indices, unique
    weights: np.ndarray  # sampling weight of each pool member
    forced: np.ndarray  # bool mask over pool: attends whatever the size
    themes: tuple[str, ...] = ()
    format: str = "presentiel"
    size: int = 0


@dataclass
class _Club:
    name: str
    regions: tuple[str, ...]
    cites: list[int]
    crpvs: list[int]
    window: tuple[date, date]


# ---------------------------------------------------------------- entry point


def generate_dataset(
    cites: int = 250,
    actors: int = 20000,
    meetings: int = 5000,
    seed: int = 0,
    attendance: int | None = None,
    *,
    isolated: int | None = None,
) -> Dataset:
    """A synthetic dataset with the structure of the real programme.

    Parameters
    ----------
    cites, actors, meetings : int
        Exact numbers of cités, actors and meetings.
    seed : int
        Seed of the random generator (non-negative); the same arguments give
        the same dataset.
    attendance : int, optional
        Target number of attendance rows (default ``40 * meetings``). It is
        met exactly unless the meetings cannot hold that many distinct
        attendees (every actor eligible for every meeting it may attend), in
        which case every eligible actor attends.
    isolated : int, optional
        Number of cités whose actors only attend their own local meetings
        (default :func:`default_isolated`).

    Returns
    -------
    Dataset
        Valid records: every reference resolves, no duplicate attendance.

    Raises
    ------
    SynthesisError
        When the sizes cannot make a consistent dataset (e.g. fewer actors
        than cités).

    Examples
    --------
    >>> ds = generate_dataset(cites=12, actors=300, meetings=60, seed=1)
    >>> ds.counts()["cites"], ds.counts()["actors"], ds.counts()["meetings"]
    (12, 300, 60)
    >>> len(ds.attendance) <= 40 * 60
    True
    >>> generate_dataset(cites=12, actors=300, meetings=60, seed=1) == ds
    True
    """
    if cites < 1 or meetings < 0 or seed < 0:
        raise SynthesisError("need at least one cité, a non-negative number of meetings and seed")
    n_isolated = default_isolated(cites) if isolated is None else isolated
    if not 0 <= n_isolated <= max(0, cites - 2):
        raise SynthesisError(
            f"cannot isolate {n_isolated} of {cites} cités (at most {max(0, cites - 2)})"
        )
    target = 40 * meetings if attendance is None else attendance
    if target < 0:
        raise SynthesisError("the attendance target cannot be negative")
    return _Builder(
        np.random.default_rng(seed), cites, actors, meetings, target, n_isolated
    ).build()


class _Builder:
    """One generation run; methods run in a fixed order on one random stream."""

    def __init__(self, rng, n_cites, n_actors, n_meetings, target, n_isolated):
        self.rng = rng
        self.n_cites = n_cites
        self.n_actors = n_actors
        self.n_meetings = n_meetings
        self.target = target
        self.n_isolated = n_isolated
        self.days = _meeting_days()
        self._buffer: list[float] = []

    def _u(self) -> float:
        """The next uniform number in [0, 1): scalar draws from numpy are slow,
        so they come from blocks drawn in advance (same stream, same order)."""
        if not self._buffer:
            self._buffer = self.rng.random(4096).tolist()[::-1]
        return self._buffer.pop()

    def _pick(self, n: int) -> int:
        """A uniform index in ``range(n)``."""
        return min(int(self._u() * n), n - 1)

    def build(self) -> Dataset:
        self.place_cites()
        self.make_institutions()
        self.make_actors()
        self.pick_isolated_and_peripheral()
        self.make_clubs()
        plans = self.plan_meetings()
        self.size_meetings(plans)
        return self.assemble(plans)

    # ------------------------------------------------------------ cités

    def place_cites(self) -> None:
        rng = self.rng
        regions = sorted(_REGION_WEIGHTS)
        p = np.array([_REGION_WEIGHTS[r] for r in regions], dtype=float)
        drawn = rng.choice(len(regions), size=self.n_cites, p=p / p.sum())
        deps_of: dict[str, list[str]] = defaultdict(list)
        for dep, (_, region) in sorted(geo.DEPARTEMENTS.items()):
            deps_of[region].append(dep)
        wave_years = sorted(_WAVES)
        wave_p = np.array([_WAVES[w][0] for w in wave_years])
        waves = rng.choice(wave_years, size=self.n_cites, p=wave_p / wave_p.sum())
        used_names: set[str] = set()
        used_codes: set[str] = set()
        planned = []
        for i in range(self.n_cites):
            region = regions[drawn[i]]
            deps = deps_of[region]
            dp = np.array([_DEPARTEMENT_WEIGHTS.get(d, 1.0) for d in deps])
            dep = deps[rng.choice(len(deps), p=dp / dp.sum())]
            lat0, lon0 = geo.DEPARTEMENT_CENTROIDS[dep]
            spread = 0.12 if geo.is_metropolitan(region) else 0.03
            dlat, dlon = np.clip(rng.normal(0.0, spread, 2), -2.5 * spread, 2.5 * spread)
            n_communes = 2 if rng.random() < 0.08 else 1
            communes = tuple(self._commune_name(used_names) for _ in range(n_communes))
            insee = tuple(self._insee_code(dep, used_codes) for _ in range(n_communes))
            name = f"Cité éducative de {communes[0]}"
            if rng.random() < 0.3:
                name += f" – {_DISTRICTS[rng.integers(len(_DISTRICTS))]}"
            planned.append(
                _PlannedCite(
                    region,
                    dep,
                    int(waves[i]),
                    round(float(lat0 + dlat), 5),
                    round(float(lon0 + dlon), 5),
                    communes,
                    insee,
                    name,
                )
            )
        planned.sort(key=lambda c: (c.region, c.departement, c.name))
        width = max(3, len(str(self.n_cites)))
        for number, c in enumerate(planned, start=1):
            c.id = f"cite-{number:0{width}d}"
            c.start = _WAVES[c.wave][1]
        self.cites = planned
        self.cite_start = np.array([self._day_index(c.start) for c in planned])

    def _commune_name(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            head = _COMMUNE_HEADS[rng.integers(len(_COMMUNE_HEADS))]
            tail = _COMMUNE_TAILS[rng.integers(len(_COMMUNE_TAILS))]
            suffix = _COMMUNE_SUFFIXES[rng.integers(len(_COMMUNE_SUFFIXES))]
            name = f"{head}{tail}{suffix}"
            if name not in used:
                used.add(name)
                return name

    def _insee_code(self, dep: str, used: set[str]) -> str:
        digits = 5 - len(dep)
        while True:
            code = f"{dep}{int(self.rng.integers(1, 10**digits)):0{digits}d}"
            if code not in used:
                used.add(code)
                return code

    # ------------------------------------------------------------ institutions

    def make_institutions(self) -> None:
        cites = self.cites
        self.institutions: list[Institution] = [
            Institution("anct", "Agence nationale de la cohésion des territoires", "anct",
                        lat=geo.DEPARTEMENT_CENTROIDS["75"][0], lon=geo.DEPARTEMENT_CENTROIDS["75"][1])
        ]  # fmt: skip
        # CRPVs that cover at least one cité; cité index -> CRPV indices.
        self.crpvs: list[tuple[str, _CrpvSpec, list[int]]] = []
        self.crpvs_of_cite: list[list[int]] = [[] for _ in cites]
        for spec in _CRPVS:
            covered = [i for i, c in enumerate(cites) if spec.covers(c.region, c.departement)]
            if not covered:
                continue
            k = len(self.crpvs)
            self.crpvs.append((f"crpv-{spec.key}", spec, covered))
            for i in covered:
                self.crpvs_of_cite[i].append(k)
            seat = spec.departements[0] if spec.departements else None
            lat, lon = (
                geo.departement_centroid(seat) if seat else geo.region_centroid(spec.regions[0])
            )
            self.institutions.append(
                Institution(f"crpv-{spec.key}", spec.name, "crpv", spec.regions, spec.departements,
                            round(lat, 5), round(lon, 5))
            )  # fmt: skip
        for dep in sorted({c.departement for c in cites}):
            name, region = geo.DEPARTEMENTS[dep]
            lat, lon = geo.DEPARTEMENT_CENTROIDS[dep]
            self.institutions.append(
                Institution(
                    f"pref-{dep}", f"Préfecture ({name})", "prefecture", (region,), (dep,), lat, lon
                )
            )
            self.institutions.append(
                Institution(
                    f"dsden-{dep}", f"DSDEN ({name})", "education", (region,), (dep,), lat, lon
                )
            )
        for c in cites:
            self.institutions.append(
                Institution(f"ville-{c.id}", f"Ville de {c.communes[0]}", "collectivite",
                            (c.region,), (c.departement,), c.lat, c.lon)
            )  # fmt: skip
        self.associations: dict[str, list[str]] = {}
        by_region: dict[str, int] = defaultdict(int)
        for c in cites:
            by_region[c.region] += 1
        self.cites_per_region = dict(by_region)
        for region in sorted(by_region):
            ids = []
            for k in range(1 + by_region[region] // 6):
                label = _ASSOCIATIONS[(k + int(region[-1])) % len(_ASSOCIATIONS)]
                lat, lon = geo.region_centroid(region)
                inst = Institution(
                    f"asso-{region}-{k + 1}", f"Association {label} ({geo.region_name(region)})",
                    "association", (region,), (), round(lat, 5), round(lon, 5),
                )  # fmt: skip
                self.institutions.append(inst)
                ids.append(inst.id)
            self.associations[region] = ids

    # ------------------------------------------------------------ actors

    def make_actors(self) -> None:
        rng = self.rng
        n_crpv = len(self.crpvs)
        n_anct = max(1, round(0.0015 * self.n_actors))
        n_crpv_staff = max(n_crpv, round(0.0135 * self.n_actors)) if n_crpv else 0
        n_staff = n_anct + n_crpv_staff
        if self.n_actors - n_staff < self.n_cites:
            raise SynthesisError(
                f"{self.n_actors} actors are too few for {self.n_cites} cités "
                f"(need at least {self.n_cites + n_staff})"
            )
        # CRPV staff in proportion to the cités each CRPV covers, at least one.
        per_crpv = np.ones(n_crpv, dtype=int)
        if n_crpv:
            share = np.sqrt([len(covered) for _, _, covered in self.crpvs])
            per_crpv += rng.multinomial(n_crpv_staff - n_crpv, share / share.sum())
        # Cité actors: at least the troïka seats where possible, the rest by cité size.
        free = self.n_actors - n_staff
        base = min(3, free // self.n_cites)
        size = rng.lognormal(0.0, 0.5, self.n_cites)
        per_cite = base + rng.multinomial(free - base * self.n_cites, size / size.sum())

        names = self._person_names(self.n_actors)
        records: list[tuple[str, str, str | None, str | None]] = []  # inst, role, cite, kind
        cite_of: list[int] = []
        for k in range(n_anct):
            records.append(("anct", _ROLES["anct"][k % 2], None, "anct"))
            cite_of.append(-1)
        self.crpv_staff: list[np.ndarray] = []
        for k, (crpv_id, _, _) in enumerate(self.crpvs):
            first = len(records)
            for j in range(per_crpv[k]):
                records.append((crpv_id, _ROLES["crpv"][j % 3], None, "crpv"))
                cite_of.append(-1)
            self.crpv_staff.append(np.arange(first, len(records)))
        self.anct_staff = np.arange(n_anct)
        self.referent = np.zeros(self.n_cites, dtype=int)
        kinds = rng.choice(len(_CITE_STAFF_KINDS), size=free, p=_CITE_STAFF_SHARES)
        drawn = 0
        for i, c in enumerate(self.cites):
            self.referent[i] = len(records)
            for j in range(per_cite[i]):
                if j < len(_TROIKA_SEATS):
                    kind, role = _TROIKA_SEATS[j]
                else:
                    kind = _CITE_STAFF_KINDS[kinds[drawn]]
                    roles = _ROLES[kind]
                    role = roles[self._pick(len(roles))]
                drawn += 1
                records.append((self._institution_for(kind, c), role, c.id, kind))
                cite_of.append(i)
        self.cite_of = np.array(cite_of)
        width = max(5, len(str(self.n_actors)))
        self.actors = [
            Actor(f"act-{k + 1:0{width}d}", names[k], inst, role, cite)
            for k, (inst, role, cite, _) in enumerate(records)
        ]
        # Zipf-like activity: Pareto tail, troïka seats and staff more active.
        activity = 1.0 + rng.pareto(1.3, self.n_actors)
        activity[self.referent] *= 4.0
        activity[self.cite_of < 0] *= 2.0
        self.activity = np.minimum(activity, 500.0)
        cite_idx = np.where(self.cite_of >= 0, self.cite_of, 0)
        self.actor_start = np.where(self.cite_of >= 0, self.cite_start[cite_idx], 0)
        order = np.argsort(self.cite_of, kind="stable")
        bounds = np.searchsorted(self.cite_of[order], np.arange(self.n_cites + 1))
        self.actors_of_cite = [order[bounds[i] : bounds[i + 1]] for i in range(self.n_cites)]
        self._mark = np.zeros(self.n_actors, dtype=bool)

    def _institution_for(self, kind: str, c: _PlannedCite) -> str:
        if kind == "collectivite":
            return f"ville-{c.id}"
        if kind == "education":
            return f"dsden-{c.departement}"
        if kind == "prefecture":
            return f"pref-{c.departement}"
        options = self.associations[c.region]
        return options[self._pick(len(options))]

    def _person_names(self, n: int) -> list[str]:
        first = self.rng.integers(len(_FIRST_NAMES), size=n)
        last = self.rng.integers(len(_LAST_NAMES), size=n)
        return [f"{_FIRST_NAMES[f]} {_LAST_NAMES[la]}" for f, la in zip(first, last, strict=True)]

    # ------------------------------------------------------------ isolation

    def pick_isolated_and_peripheral(self) -> None:
        rng = self.rng
        n = self.n_cites
        # Cités of small régions are more often left alone (as in the real network).
        smallness = np.array([1.0 / self.cites_per_region[c.region] for c in self.cites])
        self.isolated = np.zeros(n, dtype=bool)
        if self.n_isolated:
            chosen = rng.choice(
                n, size=self.n_isolated, replace=False, p=smallness / smallness.sum()
            )
            self.isolated[chosen] = True
        self.peripheral = np.zeros(n, dtype=bool)
        candidates = np.flatnonzero(~self.isolated)
        n_peripheral = min(len(candidates), round(0.12 * n))
        if n_peripheral:
            p = np.sqrt(smallness[candidates])
            chosen = rng.choice(candidates, size=n_peripheral, replace=False, p=p / p.sum())
            self.peripheral[chosen] = True

    def make_clubs(self) -> None:
        """A few clubs of CRPVs of bordering régions, gathering poorly tied cités
        already labelled when the club meets."""
        rng = self.rng
        wanted = max(1, min(5, round(self.n_meetings / 1500)))
        self.clubs: list[_Club] = []
        used_seeds: set[str] = set()
        for n in range(wanted):
            if n == 0:  # the first club meets during the health crisis, like the Club de l'Ouest
                window = (date(2020, 9, 1), date(2021, 12, 17))
            else:
                begin = FIRST_DAY + timedelta(days=int(rng.integers(120, 900)))
                window = (begin, min(LAST_DAY, begin + timedelta(days=540)))
            # When too few cités are labelled yet, the club meets once all waves are.
            for when in (window, (date(2022, 2, 1), LAST_DAY)):
                club = self._club(when, used_seeds)
                if club is not None:
                    self.clubs.append(club)
                    break

    def _club(self, window: tuple[date, date], used_seeds: set[str]) -> _Club | None:
        rng = self.rng
        joined_by = window[1] - timedelta(days=90)
        open_cites: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(self.cites):
            if (
                not self.isolated[i]
                and geo.is_metropolitan(c.region)
                and self.crpvs_of_cite[i]
                and c.start <= joined_by
            ):
                open_cites[c.region].append(i)
        regions = sorted(open_cites)
        seeds = [
            r
            for r in regions
            if r not in used_seeds and any(geo.bordering(r, o) for o in regions if o != r)
        ]
        if not seeds:
            return None
        weight = np.array([1.0 + sum(self.peripheral[i] for i in open_cites[r]) for r in seeds])
        seed_region = seeds[rng.choice(len(seeds), p=weight / weight.sum())]
        used_seeds.add(seed_region)
        around = [r for r in regions if r != seed_region and geo.bordering(seed_region, r)]
        k = int(min(len(around), rng.integers(1, 4)))
        members = [seed_region] + [
            around[j] for j in sorted(rng.choice(len(around), size=k, replace=False))
        ]
        club_cites: list[int] = []
        for region in members:
            in_region = open_cites[region]
            poorly_tied = [i for i in in_region if self.peripheral[i]]
            if not poorly_tied:  # every member région brings at least one cité
                poorly_tied = [in_region[rng.integers(len(in_region))]]
                self.peripheral[poorly_tied] = True
            club_cites.extend(poorly_tied)
        crpvs = sorted({k for i in club_cites for k in self.crpvs_of_cite[i]})
        label = " – ".join(geo.region_name(r) for r in sorted(members))
        return _Club(
            f"Club interrégional {label}", tuple(sorted(members)), sorted(club_cites), crpvs, window
        )

    # ------------------------------------------------------------ meetings

    def plan_meetings(self) -> list[_PlannedMeeting]:
        n = self.n_meetings
        n_national = min(n, max(1, round(0.004 * n))) if n else 0
        n_inter = (
            min(n - n_national, max(2 * len(self.clubs), round(0.008 * n))) if self.clubs else 0
        )
        rest = n - n_national - n_inter
        regional_crpvs = [
            k
            for k, (_, _, covered) in enumerate(self.crpvs)
            if any(not self.isolated[i] for i in covered)
        ]
        n_regional = round(0.18 * rest) if regional_crpvs else 0
        open_deps = sorted(
            {c.departement for i, c in enumerate(self.cites) if not self.isolated[i]}
        )
        n_departemental = round(0.22 * rest) if open_deps else 0
        n_local = rest - n_regional - n_departemental

        plans: list[_PlannedMeeting] = []
        plans += self._national(n_national)
        plans += self._interregional(n_inter)
        plans += self._regional(n_regional, regional_crpvs)
        plans += self._departemental(n_departemental, open_deps)
        plans += self._local(n_local)
        for plan in plans:
            plan.themes = self._themes(plan.themes)
            if plan.format == "presentiel":
                plan.format = self._format(plan.day, plan.scale)
        return plans

    def _spread(self, n: int, weights) -> np.ndarray:
        """``n`` split over groups in proportion to ``weights``."""
        w = np.asarray(weights, dtype=float)
        if n == 0 or len(w) == 0:
            return np.zeros(len(w), dtype=int)
        return self.rng.multinomial(n, w / w.sum())

    def _open_actors(self, cite_indices) -> np.ndarray:
        parts = [self.actors_of_cite[i] for i in cite_indices if not self.isolated[i]]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=int)

    def _cite_weights(self, pool: np.ndarray, scale: str) -> np.ndarray:
        w = self.activity[pool].copy()
        factor = _PERIPHERAL_FACTOR.get(scale)
        if factor is not None:
            cites = self.cite_of[pool]
            periph = (cites >= 0) & self.peripheral[np.maximum(cites, 0)]
            w[periph] *= factor
        return w

    def _meeting(self, scale, day, title, organisers, pool, forced, themes=(), fmt="presentiel"):
        active = self.actor_start[pool] <= self._day_index(day)
        pool = pool[active]
        self._mark[forced] = True  # a reusable marker array: faster than np.isin
        forced_mask = self._mark[pool]
        self._mark[forced] = False
        return _PlannedMeeting(
            scale,
            day,
            title,
            organisers,
            pool,
            self._cite_weights(pool, scale),
            forced_mask,
            themes,
            fmt,
        )

    def _national(self, n: int) -> list[_PlannedMeeting]:
        pool = np.concatenate(
            [self._open_actors(range(self.n_cites)), self.anct_staff, *self.crpv_staff]
        )
        plans = []
        for _ in range(n):
            day = self._day(FIRST_DAY, LAST_DAY)
            theme = self._theme()
            title = (
                "Rencontre nationale des cités éducatives",
                f"Séminaire national « {theme} »",
                f"Webinaire national « {theme} »",
            )[self._pick(3)]
            forced = self.anct_staff[: min(3, len(self.anct_staff))]
            plans.append(self._meeting("national", day, title, ("anct",), pool, forced, (theme,)))
        return plans

    def _interregional(self, n: int) -> list[_PlannedMeeting]:
        plans = []
        for club, count in zip(self.clubs, self._spread(n, [1.0] * len(self.clubs)), strict=True):
            staff = [self.crpv_staff[k] for k in club.crpvs]
            pool = np.concatenate([self._open_actors(club.cites), *staff])
            organisers = tuple(self.crpvs[k][0] for k in club.crpvs)
            days = sorted(self._day(*club.window) for _ in range(count))
            for number, day in enumerate(days, start=1):
                # The référent of most member cités, one person per CRPV.
                present = [self.referent[i] for i in club.cites if self._u() < 0.7]
                forced = np.array(present + [s[0] for s in staff], dtype=int)
                fmt = "visio" if self._u() < 0.9 else "hybride"
                plans.append(
                    self._meeting(
                        "interregional",
                        day,
                        f"{club.name} — séance {number}",
                        organisers,
                        pool,
                        forced,
                        fmt=fmt,
                    )
                )
        return plans

    def _regional(self, n: int, crpvs: list[int]) -> list[_PlannedMeeting]:
        sizes = [sum(not self.isolated[i] for i in self.crpvs[k][2]) for k in crpvs]
        plans = []
        for k, count in zip(crpvs, self._spread(n, sizes), strict=True):
            crpv_id, spec, covered = self.crpvs[k]
            staff = self.crpv_staff[k]
            pool = np.concatenate([self._open_actors(covered), staff])
            first = min(self.cites[i].start for i in covered if not self.isolated[i])
            for _ in range(count):
                theme = self._theme()
                title = (
                    f"Journée régionale des cités éducatives ({spec.name})",
                    f"Atelier régional « {theme} » ({spec.name})",
                    f"Formation des chefs de projet ({spec.name})",
                )[self._pick(3)]
                forced = staff[: 1 + self._pick(2)]
                plans.append(
                    self._meeting(
                        "regional",
                        self._day(first, LAST_DAY),
                        title,
                        (crpv_id,),
                        pool,
                        forced,
                        (theme,),
                    )
                )
        return plans

    def _departemental(self, n: int, deps: list[str]) -> list[_PlannedMeeting]:
        cites_in: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(self.cites):
            if not self.isolated[i]:
                cites_in[c.departement].append(i)
        plans = []
        for dep, count in zip(deps, self._spread(n, [len(cites_in[d]) for d in deps]), strict=True):
            pool = self._open_actors(cites_in[dep])
            first = min(self.cites[i].start for i in cites_in[dep])
            name = geo.departement_name(dep)
            for _ in range(count):
                theme = self._theme()
                title = (
                    f"Rencontre départementale des cités éducatives ({name})",
                    f"Séminaire départemental « {theme} » ({name})",
                )[self._pick(2)]
                r = self._u()
                organisers = (
                    (f"pref-{dep}",)
                    if r < 0.5
                    else (f"dsden-{dep}",)
                    if r < 0.75
                    else (f"pref-{dep}", f"dsden-{dep}")
                )
                plans.append(
                    self._meeting(
                        "departemental",
                        self._day(first, LAST_DAY),
                        title,
                        organisers,
                        pool,
                        np.zeros(0, int),
                        (theme,),
                    )
                )
        return plans

    def _local(self, n: int) -> list[_PlannedMeeting]:
        sizes = [len(a) ** 0.7 for a in self.actors_of_cite]
        plans = []
        for i, count in enumerate(self._spread(n, sizes)):
            c = self.cites[i]
            pool = self.actors_of_cite[i]
            for _ in range(count):
                theme = self._theme()
                title = (
                    "Comité de pilotage", "Comité technique", "Réunion de la troïka",
                    f"Groupe de travail « {theme} »", "Atelier parents", "Réunion d'équipe",
                )[self._pick(6)]  # fmt: skip
                forced = pool[:1] if self._u() < 0.9 else pool[:0]
                plans.append(
                    self._meeting(
                        "local",
                        self._day(c.start, LAST_DAY),
                        f"{title} — {c.name}",
                        (f"ville-{c.id}",),
                        pool,
                        forced,
                        (theme,),
                    )
                )
        return plans

    def _theme(self) -> str:
        return _THEMES[self._pick(len(_THEMES))]

    def _themes(self, first: tuple[str, ...]) -> tuple[str, ...]:
        picked = list(first)
        for _ in range(self._pick(3)):
            theme = self._theme()
            if theme not in picked:
                picked.append(theme)
        return tuple(picked)

    def _format(self, day: date, scale: str) -> str:
        r = self._u()
        if _COVID[0] <= day <= _COVID[1]:
            return "visio" if r < 0.75 else "hybride" if r < 0.85 else "presentiel"
        if scale == "national":
            return "presentiel" if r < 0.6 else "hybride" if r < 0.85 else "visio"
        return "presentiel" if r < 0.65 else "visio" if r < 0.85 else "hybride"

    # ------------------------------------------------------------ days

    def _day_index(self, day: date) -> int:
        return (day - FIRST_DAY).days

    def _day(self, lo: date, hi: date) -> date:
        """A working day of the school calendar between ``lo`` and ``hi``."""
        a = bisect_left(self.days, self._day_index(lo))
        b = bisect_right(self.days, self._day_index(hi))
        if b <= a:
            return lo
        return FIRST_DAY + timedelta(days=self.days[a + self._pick(b - a)])

    # ------------------------------------------------------------ attendance

    def size_meetings(self, plans: list[_PlannedMeeting]) -> None:
        if not plans:
            return
        base = np.array([_BASE_SIZE[p.scale] for p in plans]) * self.rng.lognormal(
            0.0, 0.4, len(plans)
        )
        cap = np.array([len(p.pool) for p in plans])
        lower = np.minimum(np.array([max(1, int(p.forced.sum())) for p in plans]), cap)
        for plan, size in zip(plans, _allocate(self.target, base, lower, cap), strict=True):
            plan.size = int(size)

    def _attendees(self, plan: _PlannedMeeting) -> np.ndarray:
        """``plan.size`` distinct actors, the forced ones first, the others
        drawn without replacement in proportion to their weight
        (Efraimidis–Spirakis keys)."""
        k = plan.size
        if k >= len(plan.pool):
            return np.sort(plan.pool)
        keys = self.rng.exponential(size=len(plan.pool)) / plan.weights
        keys[plan.forced] = -1.0
        return np.sort(plan.pool[np.argpartition(keys, k - 1)[:k]]) if k else plan.pool[:0]

    # ------------------------------------------------------------ records

    def assemble(self, plans: list[_PlannedMeeting]) -> Dataset:
        cites = tuple(
            Cite(c.id, c.name, c.region, c.departement, c.communes, c.insee, c.wave, c.lat, c.lon)
            for c in self.cites
        )
        governance = tuple(
            Governance(c.id, inst, role)
            for c in self.cites
            for inst, role in (
                (f"pref-{c.departement}", "prefecture"),
                (f"dsden-{c.departement}", "education"),
                (f"ville-{c.id}", "collectivite"),
            )
        )
        support = []
        kind_p = np.array([0.5, 0.3, 0.2])
        for i, c in enumerate(self.cites):
            for k in self.crpvs_of_cite[i]:
                since = c.start + timedelta(days=int(self.rng.integers(0, 150)))
                kind = SUPPORT_KINDS[self.rng.choice(len(SUPPORT_KINDS), p=kind_p)]
                support.append(Support(self.crpvs[k][0], c.id, since, kind))
        # Meetings numbered in date order; attendance drawn in that order.
        order = sorted(
            range(len(plans)), key=lambda j: (plans[j].day, _SCALE_ORDER[plans[j].scale], j)
        )
        width = max(5, len(str(len(plans))))
        meetings = []
        attendance: list[Attendance] = []
        actor_ids = [a.id for a in self.actors]
        for number, j in enumerate(order, start=1):
            plan = plans[j]
            mid = f"mtg-{number:0{width}d}"
            meetings.append(
                Meeting(
                    mid, plan.day, plan.title, plan.format, plan.scale, plan.organisers, plan.themes
                )
            )
            attendance.extend(
                map(Attendance, repeat(mid), (actor_ids[a] for a in self._attendees(plan).tolist()))
            )
        return Dataset(
            cites=cites,
            institutions=tuple(self.institutions),
            actors=tuple(self.actors),
            meetings=tuple(meetings),
            attendance=tuple(attendance),
            governance=governance,
            support=tuple(support),
        )


# ---------------------------------------------------------------- helpers


def _meeting_days() -> list[int]:
    """Day offsets from FIRST_DAY of the working days meetings may fall on:
    weekdays outside August and the Christmas break."""
    offsets = []
    day, k = FIRST_DAY, 0
    while day <= LAST_DAY:
        closed = (
            day.weekday() >= 5
            or day.month == 8
            or (day.month == 12 and day.day >= 22)
            or (day.month == 1 and day.day <= 2)
        )
        if not closed:
            offsets.append(k)
        day += timedelta(days=1)
        k += 1
    return offsets


def _allocate(target: int, base: np.ndarray, lower: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Integer sizes with ``lower <= size <= cap``, roughly proportional to
    ``base``, summing to ``target`` clamped to ``[sum(lower), sum(cap)]``.

    >>> _allocate(10, np.array([1.0, 1.0, 2.0]), np.array([0, 0, 0]), np.array([9, 9, 3])).tolist()
    [4, 3, 3]
    """
    lower = np.minimum(lower, cap)
    total = int(min(max(target, lower.sum()), cap.sum()))
    # Water filling: the factor t with sum(clip(t * base)) == total, by bisection.
    lo, hi = 0.0, 1.0
    while np.clip(hi * base, lower, cap).sum() < total and hi < 1e18:
        hi *= 2.0
    for _ in range(100):
        mid = (lo + hi) / 2.0
        if np.clip(mid * base, lower, cap).sum() < total:
            lo = mid
        else:
            hi = mid
    x = np.clip(hi * base, lower, cap)
    sizes = np.floor(x).astype(np.int64)
    missing = total - int(sizes.sum())
    # Largest remainders first (ties by position), among meetings with room.
    order = np.lexsort((np.arange(len(x)), -(x - sizes)))
    if missing > 0:
        room = order[sizes[order] < cap[order]]
        sizes[room[:missing]] += 1
    elif missing < 0:
        spare = order[::-1][sizes[order[::-1]] > lower[order[::-1]]]
        sizes[spare[:-missing]] -= 1
    return sizes
