"""French administrative geography, built in.

This module holds the régions, départements and overseas collectivities of
France, together with their land borders and approximate centroids, and a
few helpers to resolve user-typed codes and names into INSEE codes.

The tables are data, not code: they are read once, when the module is
imported, from small CSV files shipped inside the package
(``coopgraph/data/geo/``, described in its ``README.md``), through
:mod:`importlib.resources`, so an installed wheel finds them as a source
checkout does. After that everything is a constant and no function
performs I/O.

Codes
-----
All codes are INSEE (COG) codes, as strings:

* régions: two digits (``'11'`` Île-de-France ... ``'94'`` Corse, and
  ``'01'``-``'06'`` for the five overseas régions);
* départements: ``'01'``-``'95'`` (no ``'20'``), ``'2A'``, ``'2B'`` for
  Corsica, and three digits for the overseas départements (``'971'``...);
* overseas collectivities (``'975'``, ``'977'``, ``'978'``, ...) are *not*
  régions nor départements, but INSEE and the ANCT files use their code
  at both levels (the cité éducative of Saint-Martin has département and
  région code ``'978'``). They are therefore accepted wherever a région or
  a département is expected; this module calls all of these *territories*.

Name matching
-------------
Names are compared through :func:`normalise_name` (lower case, no accents,
apostrophes, hyphens, underscores and runs of spaces collapsed into one
space), plus, for lookups only, removal of full stops and expansion of the
abbreviations ``st``/``ste`` into ``saint``/``sainte``. The official names
stored here are spelt exactly as in the COG / IGN Admin Express files
(e.g. ``"Provence-Alpes-Côte d'Azur"`` with an ASCII apostrophe).

Sources
-------
Names and borders were taken from IGN Admin Express COG 2018 as published
in ``gregoiredavid/france-geojson`` (two areas border when their outlines
share at least one segment; borders at sea do not count). Centroids come
from ANCT (``anct-carto/superposeur-V2``, COG 2025), rounded to 4 decimals
(about 10 m). Both are under the Licence Ouverte / Open Licence 2.0.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from importlib import resources

from coopgraph.errors import CoopgraphError

__all__ = [
    "COLLECTIVITY_POINTS",
    "DEPARTEMENTS",
    "DEPARTEMENT_BORDERS",
    "DEPARTEMENT_CENTROIDS",
    "METROPOLITAN_REGIONS",
    "OVERSEAS_COLLECTIVITIES",
    "OVERSEAS_REGIONS",
    "REGIONS",
    "REGION_BORDERS",
    "REGION_CENTROIDS",
    "UnknownPlace",
    "bordering",
    "departement_centroid",
    "departement_name",
    "departement_neighbours",
    "departement_of_commune",
    "haversine_km",
    "is_metropolitan",
    "neighbours",
    "normalise_name",
    "region_centroid",
    "region_centroids",
    "region_name",
    "region_of_departement",
    "resolve_departement",
    "resolve_region",
]


class UnknownPlace(KeyError, CoopgraphError):
    """A code or name that matches no French région, département or commune.

    Subclass of :class:`KeyError` (so ``except KeyError`` catches it) and of
    :class:`coopgraph.errors.CoopgraphError`.

    Parameters
    ----------
    value : object
        The value that could not be resolved.
    kind : str
        What was looked for: ``"region"``, ``"departement"`` or ``"commune"``.
    hint : str, optional
        Extra advice appended to the message.

    Examples
    --------
    >>> str(UnknownPlace("Atlantis", "region"))
    "unknown region: 'Atlantis'"
    """

    def __init__(self, value: object, kind: str, hint: str = "") -> None:
        self.value = value
        self.kind = kind
        message = f"unknown {kind}: {value!r}"
        if hint:
            message = f"{message} ({hint})"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


# ---------------------------------------------------------------------------
# Tables, read once at import from the CSV files of coopgraph/data/geo
# ---------------------------------------------------------------------------

# Package data, found the same way from a wheel, a zip or a source checkout.
_DATA = resources.files("coopgraph") / "data" / "geo"


def _read_table(name: str) -> list[dict[str, str]]:
    """Return the rows of one CSV file of ``coopgraph/data/geo`` as dicts."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _point(row: dict[str, str]) -> tuple[float, float]:
    """The ``(lat, lon)`` of a table row."""
    return float(row["lat"]), float(row["lon"])


_REGION_ROWS = _read_table("regions.csv")
_DEPARTEMENT_ROWS = _read_table("departements.csv")
_COLLECTIVITY_ROWS = _read_table("collectivities.csv")
_ALIAS_ROWS = _read_table("aliases.csv")

#: The 18 régions (13 metropolitan, 5 overseas): INSEE code -> official name.
REGIONS: dict[str, str] = {row["code"]: row["name"] for row in _REGION_ROWS}

#: The 13 metropolitan régions (Corse included).
METROPOLITAN_REGIONS: frozenset[str] = frozenset(
    row["code"] for row in _REGION_ROWS if row["metropolitan"] == "yes"
)

#: The 5 overseas régions (each is also a single département).
OVERSEAS_REGIONS: frozenset[str] = frozenset(
    row["code"] for row in _REGION_ROWS if row["metropolitan"] == "no"
)

#: Overseas collectivities with an INSEE code: code -> official name. Not
#: régions, but accepted as a "territory" wherever a région or a
#: département code is expected.
OVERSEAS_COLLECTIVITIES: dict[str, str] = {row["code"]: row["name"] for row in _COLLECTIVITY_ROWS}

#: The 101 départements: INSEE code -> (official name, région code).
DEPARTEMENTS: dict[str, tuple[str, str]] = {
    row["code"]: (row["name"], row["region"]) for row in _DEPARTEMENT_ROWS
}

#: Pairs of metropolitan régions sharing a land border (23 pairs).
REGION_BORDERS: frozenset[frozenset[str]] = frozenset(
    frozenset((row["code_a"], row["code_b"])) for row in _read_table("region_borders.csv")
)

#: Pairs of départements sharing a land border (238 pairs; overseas
#: départements have none).
DEPARTEMENT_BORDERS: frozenset[frozenset[str]] = frozenset(
    frozenset((row["code_a"], row["code_b"])) for row in _read_table("departement_borders.csv")
)

#: Approximate centroid (lat, lon in WGS84 degrees) of each of the 18 régions.
REGION_CENTROIDS: dict[str, tuple[float, float]] = {
    row["code"]: _point(row) for row in _REGION_ROWS
}

#: Same dictionary as :data:`REGION_CENTROIDS` (historical lower-case name).
region_centroids: dict[str, tuple[float, float]] = REGION_CENTROIDS

#: Approximate centroid (lat, lon) of each of the 101 départements.
DEPARTEMENT_CENTROIDS: dict[str, tuple[float, float]] = {
    row["code"]: _point(row) for row in _DEPARTEMENT_ROWS
}

#: Representative point (lat, lon) of each overseas collectivity: its
#: chef-lieu, where most of the population lives (a geometric centroid of
#: scattered islands can fall in the sea). Approximate.
COLLECTIVITY_POINTS: dict[str, tuple[float, float]] = {
    row["code"]: _point(row) for row in _COLLECTIVITY_ROWS
}


def _aliases(applies_to: str) -> dict[str, str]:
    """Extra names (alias -> code) of ``aliases.csv`` for one resolver."""
    return {row["alias"]: row["code"] for row in _ALIAS_ROWS if row["applies_to"] == applies_to}


# Extra names accepted by resolve_region (besides the official names); former
# régions (before 2016) are unambiguous, so they are accepted too.
_REGION_ALIASES = _aliases("region")
# Extra names accepted by resolve_departement.
_DEPARTEMENT_ALIASES = _aliases("departement")
# Extra names accepted for the overseas collectivities (both resolvers).
_COLLECTIVITY_ALIASES = _aliases("both")


# ---------------------------------------------------------------------------
# Name normalisation and lookup indexes
# ---------------------------------------------------------------------------

# Apostrophes, quotes, hyphens and dashes of all kinds, and underscores.
_SEPARATORS = dict.fromkeys(
    map(ord, "'\u2019\u2018\u02bc\u00b4`\u2032-\u2010\u2011\u2012\u2013\u2014\u2212_"),
    " ",
)
_SEPARATORS.update({ord("\u0153"): "oe", ord("\u00e6"): "ae"})  # œ, æ


def normalise_name(s: str) -> str:
    """Normalise a place name for comparison.

    Lower-cases, removes accents, replaces apostrophes (straight or
    typographic), hyphens, dashes and underscores by spaces, collapses
    runs of whitespace into a single space and strips both ends.

    Parameters
    ----------
    s : str
        Any place name.

    Returns
    -------
    str
        The normalised name.

    Examples
    --------
    >>> normalise_name("Provence-Alpes-Côte d’Azur")
    'provence alpes cote d azur'
    >>> normalise_name("  ÎLE_de--France ")
    'ile de france'
    """
    decomposed = unicodedata.normalize("NFKD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().translate(_SEPARATORS).split())


_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def _match_key(s: str) -> str:
    """Lookup key: normalised name, no full stops, ``st``/``ste`` expanded."""
    words = normalise_name(s).replace(".", " ").split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _build_index(*tables: dict[str, str]) -> dict[str, str]:
    """Map match keys to codes; fail at import if a key is ambiguous."""
    index: dict[str, str] = {}
    for table in tables:
        for name, code in table.items():
            key = _match_key(name)
            if index.setdefault(key, code) != code:
                raise RuntimeError(f"ambiguous place name {name!r}")
    return index


_COLLECTIVITY_NAMES = {name: code for code, name in OVERSEAS_COLLECTIVITIES.items()}

_REGION_INDEX: dict[str, str] = _build_index(
    {name: code for code, name in REGIONS.items()},
    _COLLECTIVITY_NAMES,
    _REGION_ALIASES,
    _COLLECTIVITY_ALIASES,
)

_DEPARTEMENT_INDEX: dict[str, str] = _build_index(
    {name: code for code, (name, _) in DEPARTEMENTS.items()},
    _COLLECTIVITY_NAMES,
    _DEPARTEMENT_ALIASES,
    _COLLECTIVITY_ALIASES,
)

_REGION_NEIGHBOURS: dict[str, frozenset[str]] = {
    code: frozenset(other for pair in REGION_BORDERS if code in pair for other in pair) - {code}
    for code in REGIONS
}

_DEPARTEMENT_NEIGHBOURS: dict[str, frozenset[str]] = {
    code: frozenset(other for pair in DEPARTEMENT_BORDERS if code in pair for other in pair)
    - {code}
    for code in DEPARTEMENTS
}

_CORSICA_HINT = "Corsica is split into '2A' (Corse-du-Sud) and '2B' (Haute-Corse)"
_DEPARTEMENT_CODE = re.compile(r"[0-9]{1,3}|2A|2B")
_COMMUNE_CODE = re.compile(r"(?:[0-9]{2}|2A|2B)[0-9]{3}")


def _as_text(value: object, kind: str) -> str:
    """Accept ``str`` or ``int`` (codes typed as numbers) and strip it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"a {kind} must be given as str or int, not {value!r}")
    return str(value).strip()


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


def resolve_region(value: str | int) -> str:
    """Return the INSEE code of a région (or overseas collectivity).

    Parameters
    ----------
    value : str or int
        An INSEE région code (``'11'``; ``'1'`` or ``1`` for ``'01'``), an
        overseas collectivity code (``'978'``), an official name in any
        case, accentuation or hyphenation (``'ile-de-france'``,
        ``'Centre Val-de-Loire'``), optionally prefixed by ``'Région'``, or
        a common alias (``'PACA'``, ``'IDF'``, ``'AURA'``, ``'BFC'``,
        ``'Réunion'``, ``'Centre'``, pre-2016 régions like ``'Alsace'``).
        Département codes are *not* accepted (``'75'`` is the région
        Nouvelle-Aquitaine, not Paris).

    Returns
    -------
    str
        The région code, a key of :data:`REGIONS` or of
        :data:`OVERSEAS_COLLECTIVITIES`.

    Raises
    ------
    UnknownPlace
        If the value matches nothing.
    TypeError
        If the value is neither a ``str`` nor an ``int``.

    Examples
    --------
    >>> resolve_region("ile-de-france")
    '11'
    >>> resolve_region("Provence-Alpes-Côte d’Azur")
    '93'
    >>> resolve_region("PACA"), resolve_region("1"), resolve_region("Saint-Martin")
    ('93', '01', '978')
    >>> resolve_region("Atlantis")
    Traceback (most recent call last):
        ...
    coopgraph.geo.UnknownPlace: unknown region: 'Atlantis'
    """
    text = _as_text(value, "region")
    if text.isascii() and text.isdigit():
        code = text.zfill(2)
        if code in REGIONS or code in OVERSEAS_COLLECTIVITIES:
            return code
        raise UnknownPlace(value, "region")
    key = _match_key(text)
    code_or_none = _REGION_INDEX.get(key)
    if code_or_none is None and key.startswith("region "):
        code_or_none = _REGION_INDEX.get(key[len("region ") :])
    if code_or_none is None:
        raise UnknownPlace(value, "region")
    return code_or_none


def resolve_departement(value: str | int) -> str:
    """Return the INSEE code of a département (or overseas collectivity).

    Parameters
    ----------
    value : str or int
        A département code (``'93'``; ``'1'`` or ``1`` for ``'01'``;
        ``'2a'`` for ``'2A'``; ``'971'``), an overseas collectivity code
        (``'978'``), or a name in any case, accentuation or hyphenation,
        with ``St``/``Ste`` accepted for Saint/Sainte (``'seine st denis'``,
        ``"Val-d'Oise"``).

    Returns
    -------
    str
        The département code, a key of :data:`DEPARTEMENTS` or of
        :data:`OVERSEAS_COLLECTIVITIES`.

    Raises
    ------
    UnknownPlace
        If the value matches nothing (including ``'20'``: Corsica has two
        départements, ``'2A'`` and ``'2B'``).
    TypeError
        If the value is neither a ``str`` nor an ``int``.

    Examples
    --------
    >>> resolve_departement("1"), resolve_departement("2a"), resolve_departement(971)
    ('01', '2A', '971')
    >>> resolve_departement("seine st denis"), resolve_departement("Val d'oise")
    ('93', '95')
    """
    text = _as_text(value, "departement").upper()
    if _DEPARTEMENT_CODE.fullmatch(text):
        code = text.zfill(2)
        if code in DEPARTEMENTS or code in OVERSEAS_COLLECTIVITIES:
            return code
        raise UnknownPlace(value, "departement", _CORSICA_HINT if code == "20" else "")
    code_or_none = _DEPARTEMENT_INDEX.get(_match_key(text))
    if code_or_none is None:
        raise UnknownPlace(value, "departement")
    return code_or_none


def region_of_departement(code: str | int) -> str:
    """Return the région code of a département.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_departement` accepts.

    Returns
    -------
    str
        The région code; an overseas collectivity is its own région
        (``'978'`` -> ``'978'``).

    Raises
    ------
    UnknownPlace
        If the département is unknown.

    Examples
    --------
    >>> region_of_departement("93"), region_of_departement("2B")
    ('11', '94')
    >>> region_of_departement("974"), region_of_departement("978")
    ('04', '978')
    """
    dep = resolve_departement(code)
    if dep in DEPARTEMENTS:
        return DEPARTEMENTS[dep][1]
    return dep


def departement_of_commune(insee_commune: str | int) -> str:
    """Return the département code of an INSEE commune code.

    The département is the first two characters of the code (``'2A'`` /
    ``'2B'`` in Corsica), or the first three for codes starting with
    ``97``/``98`` (overseas départements and collectivities). A four-digit
    code is taken to have lost its leading zero (spreadsheets do that).
    Beware: INSEE commune codes are not postal codes.

    Parameters
    ----------
    insee_commune : str or int
        A 5-character INSEE commune code, e.g. ``'93066'``, ``'2A004'``.

    Returns
    -------
    str
        A key of :data:`DEPARTEMENTS` or of :data:`OVERSEAS_COLLECTIVITIES`.

    Raises
    ------
    UnknownPlace
        If the value is not a well-formed commune code of a known
        département or collectivity.
    TypeError
        If the value is neither a ``str`` nor an ``int``.

    Examples
    --------
    >>> departement_of_commune("93066"), departement_of_commune("2a004")
    ('93', '2A')
    >>> departement_of_commune("97209"), departement_of_commune("97801")
    ('972', '978')
    >>> departement_of_commune("1053")
    '01'
    """
    text = _as_text(insee_commune, "commune").upper()
    if len(text) == 4 and text.isascii() and text.isdigit():
        text = "0" + text
    if not _COMMUNE_CODE.fullmatch(text):
        raise UnknownPlace(insee_commune, "commune", "expected a 5-character code")
    dep = text[:3] if text.startswith(("97", "98")) else text[:2]
    if dep in DEPARTEMENTS or dep in OVERSEAS_COLLECTIVITIES:
        return dep
    raise UnknownPlace(insee_commune, "commune", _CORSICA_HINT if dep == "20" else "")


def region_name(code: str | int) -> str:
    """Return the official name of a région or overseas collectivity.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_region` accepts.

    Returns
    -------
    str
        The official name.

    Raises
    ------
    UnknownPlace
        If the région is unknown.

    Examples
    --------
    >>> region_name("24")
    'Centre-Val de Loire'
    >>> region_name("paca")
    "Provence-Alpes-Côte d'Azur"
    """
    region = resolve_region(code)
    return REGIONS.get(region) or OVERSEAS_COLLECTIVITIES[region]


def departement_name(code: str | int) -> str:
    """Return the official name of a département or overseas collectivity.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_departement` accepts.

    Returns
    -------
    str
        The official name.

    Raises
    ------
    UnknownPlace
        If the département is unknown.

    Examples
    --------
    >>> departement_name("2A"), departement_name(95)
    ('Corse-du-Sud', "Val-d'Oise")
    """
    dep = resolve_departement(code)
    if dep in DEPARTEMENTS:
        return DEPARTEMENTS[dep][0]
    return OVERSEAS_COLLECTIVITIES[dep]


# ---------------------------------------------------------------------------
# Borders
# ---------------------------------------------------------------------------


def bordering(a: str | int, b: str | int) -> bool:
    """Tell whether two régions share a land border.

    Parameters
    ----------
    a, b : str or int
        Anything :func:`resolve_region` accepts.

    Returns
    -------
    bool
        ``True`` if they share a land border; a région does not border
        itself, and Corse and overseas territories border nothing.

    Raises
    ------
    UnknownPlace
        If either région is unknown.

    Examples
    --------
    >>> bordering("11", "Centre"), bordering("Bretagne", "Occitanie")
    (True, False)
    """
    return frozenset((resolve_region(a), resolve_region(b))) in REGION_BORDERS


def neighbours(region_code: str | int) -> frozenset[str]:
    """Return the codes of the régions sharing a land border with a région.

    Parameters
    ----------
    region_code : str or int
        Anything :func:`resolve_region` accepts.

    Returns
    -------
    frozenset of str
        Région codes; empty for Corse and overseas territories.

    Raises
    ------
    UnknownPlace
        If the région is unknown.

    Examples
    --------
    >>> sorted(neighbours("Bretagne"))
    ['28', '52']
    >>> neighbours("94")
    frozenset()
    """
    return _REGION_NEIGHBOURS.get(resolve_region(region_code), frozenset())


def departement_neighbours(code: str | int) -> frozenset[str]:
    """Return the codes of the départements bordering a département.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_departement` accepts.

    Returns
    -------
    frozenset of str
        Département codes; empty overseas.

    Raises
    ------
    UnknownPlace
        If the département is unknown.

    Examples
    --------
    >>> sorted(departement_neighbours("75"))
    ['92', '93', '94']
    """
    return _DEPARTEMENT_NEIGHBOURS.get(resolve_departement(code), frozenset())


def is_metropolitan(region_code: str | int) -> bool:
    """Tell whether a région is in metropolitan France (Corse included).

    Parameters
    ----------
    region_code : str or int
        Anything :func:`resolve_region` accepts.

    Returns
    -------
    bool
        ``False`` for overseas régions and collectivities.

    Raises
    ------
    UnknownPlace
        If the région is unknown.

    Examples
    --------
    >>> is_metropolitan("94"), is_metropolitan("La Réunion"), is_metropolitan("978")
    (True, False, False)
    """
    return resolve_region(region_code) in METROPOLITAN_REGIONS


# ---------------------------------------------------------------------------
# Distances and centroids
# ---------------------------------------------------------------------------

#: Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres.

    Parameters
    ----------
    lat1, lon1 : float
        First point, WGS84 degrees.
    lat2, lon2 : float
        Second point, WGS84 degrees.

    Returns
    -------
    float
        Distance on a sphere of radius :data:`EARTH_RADIUS_KM`.

    Examples
    --------
    >>> round(haversine_km(48.8566, 2.3522, 43.2965, 5.3698))  # Paris-Marseille
    660
    >>> haversine_km(45.0, 5.0, 45.0, 5.0)
    0.0
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def region_centroid(code: str | int) -> tuple[float, float]:
    """Return an approximate (lat, lon) for a région or overseas collectivity.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_region` accepts.

    Returns
    -------
    tuple of float
        :data:`REGION_CENTROIDS` entry, or :data:`COLLECTIVITY_POINTS`
        entry for a collectivity.

    Raises
    ------
    UnknownPlace
        If the région is unknown.

    Examples
    --------
    >>> region_centroid("Corse")
    (42.1547, 9.1067)
    """
    region = resolve_region(code)
    return REGION_CENTROIDS.get(region) or COLLECTIVITY_POINTS[region]


def departement_centroid(code: str | int) -> tuple[float, float]:
    """Return an approximate (lat, lon) for a département or collectivity.

    Useful as a fallback location for a place with no coordinates, e.g.
    the cité éducative of Saint-Martin.

    Parameters
    ----------
    code : str or int
        Anything :func:`resolve_departement` accepts.

    Returns
    -------
    tuple of float
        :data:`DEPARTEMENT_CENTROIDS` entry, or :data:`COLLECTIVITY_POINTS`
        entry for a collectivity.

    Raises
    ------
    UnknownPlace
        If the département is unknown.

    Examples
    --------
    >>> departement_centroid("75")
    (48.8567, 2.3422)
    >>> departement_centroid("978")
    (18.0677, -63.0825)
    """
    dep = resolve_departement(code)
    return DEPARTEMENT_CENTROIDS.get(dep) or COLLECTIVITY_POINTS[dep]
