"""French administrative geography, built in.

This module holds the régions, départements and overseas collectivities of
France as plain Python literals, together with their land borders and
approximate centroids, and a few helpers to resolve user-typed codes and
names into INSEE codes. It performs no I/O: everything is a constant.

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

import math
import re
import unicodedata

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
# Tables
# ---------------------------------------------------------------------------

#: The 18 régions (13 metropolitan, 5 overseas): INSEE code -> official name.
REGIONS: dict[str, str] = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}

#: The 13 metropolitan régions (Corse included).
METROPOLITAN_REGIONS: frozenset[str] = frozenset(
    {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}
)

#: The 5 overseas régions (each is also a single département).
OVERSEAS_REGIONS: frozenset[str] = frozenset({"01", "02", "03", "04", "06"})

#: Overseas collectivities with an INSEE code: code -> official name. Not
#: régions, but accepted as a "territory" wherever a région or a
#: département code is expected.
OVERSEAS_COLLECTIVITIES: dict[str, str] = {
    "975": "Saint-Pierre-et-Miquelon",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "986": "Wallis-et-Futuna",
    "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
}

#: The 101 départements: INSEE code -> (official name, région code).
DEPARTEMENTS: dict[str, tuple[str, str]] = {
    "01": ("Ain", "84"),
    "02": ("Aisne", "32"),
    "03": ("Allier", "84"),
    "04": ("Alpes-de-Haute-Provence", "93"),
    "05": ("Hautes-Alpes", "93"),
    "06": ("Alpes-Maritimes", "93"),
    "07": ("Ardèche", "84"),
    "08": ("Ardennes", "44"),
    "09": ("Ariège", "76"),
    "10": ("Aube", "44"),
    "11": ("Aude", "76"),
    "12": ("Aveyron", "76"),
    "13": ("Bouches-du-Rhône", "93"),
    "14": ("Calvados", "28"),
    "15": ("Cantal", "84"),
    "16": ("Charente", "75"),
    "17": ("Charente-Maritime", "75"),
    "18": ("Cher", "24"),
    "19": ("Corrèze", "75"),
    "21": ("Côte-d'Or", "27"),
    "22": ("Côtes-d'Armor", "53"),
    "23": ("Creuse", "75"),
    "24": ("Dordogne", "75"),
    "25": ("Doubs", "27"),
    "26": ("Drôme", "84"),
    "27": ("Eure", "28"),
    "28": ("Eure-et-Loir", "24"),
    "29": ("Finistère", "53"),
    "2A": ("Corse-du-Sud", "94"),
    "2B": ("Haute-Corse", "94"),
    "30": ("Gard", "76"),
    "31": ("Haute-Garonne", "76"),
    "32": ("Gers", "76"),
    "33": ("Gironde", "75"),
    "34": ("Hérault", "76"),
    "35": ("Ille-et-Vilaine", "53"),
    "36": ("Indre", "24"),
    "37": ("Indre-et-Loire", "24"),
    "38": ("Isère", "84"),
    "39": ("Jura", "27"),
    "40": ("Landes", "75"),
    "41": ("Loir-et-Cher", "24"),
    "42": ("Loire", "84"),
    "43": ("Haute-Loire", "84"),
    "44": ("Loire-Atlantique", "52"),
    "45": ("Loiret", "24"),
    "46": ("Lot", "76"),
    "47": ("Lot-et-Garonne", "75"),
    "48": ("Lozère", "76"),
    "49": ("Maine-et-Loire", "52"),
    "50": ("Manche", "28"),
    "51": ("Marne", "44"),
    "52": ("Haute-Marne", "44"),
    "53": ("Mayenne", "52"),
    "54": ("Meurthe-et-Moselle", "44"),
    "55": ("Meuse", "44"),
    "56": ("Morbihan", "53"),
    "57": ("Moselle", "44"),
    "58": ("Nièvre", "27"),
    "59": ("Nord", "32"),
    "60": ("Oise", "32"),
    "61": ("Orne", "28"),
    "62": ("Pas-de-Calais", "32"),
    "63": ("Puy-de-Dôme", "84"),
    "64": ("Pyrénées-Atlantiques", "75"),
    "65": ("Hautes-Pyrénées", "76"),
    "66": ("Pyrénées-Orientales", "76"),
    "67": ("Bas-Rhin", "44"),
    "68": ("Haut-Rhin", "44"),
    "69": ("Rhône", "84"),
    "70": ("Haute-Saône", "27"),
    "71": ("Saône-et-Loire", "27"),
    "72": ("Sarthe", "52"),
    "73": ("Savoie", "84"),
    "74": ("Haute-Savoie", "84"),
    "75": ("Paris", "11"),
    "76": ("Seine-Maritime", "28"),
    "77": ("Seine-et-Marne", "11"),
    "78": ("Yvelines", "11"),
    "79": ("Deux-Sèvres", "75"),
    "80": ("Somme", "32"),
    "81": ("Tarn", "76"),
    "82": ("Tarn-et-Garonne", "76"),
    "83": ("Var", "93"),
    "84": ("Vaucluse", "93"),
    "85": ("Vendée", "52"),
    "86": ("Vienne", "75"),
    "87": ("Haute-Vienne", "75"),
    "88": ("Vosges", "44"),
    "89": ("Yonne", "27"),
    "90": ("Territoire de Belfort", "27"),
    "91": ("Essonne", "11"),
    "92": ("Hauts-de-Seine", "11"),
    "93": ("Seine-Saint-Denis", "11"),
    "94": ("Val-de-Marne", "11"),
    "95": ("Val-d'Oise", "11"),
    "971": ("Guadeloupe", "01"),
    "972": ("Martinique", "02"),
    "973": ("Guyane", "03"),
    "974": ("La Réunion", "04"),
    "976": ("Mayotte", "06"),
}

#: Pairs of metropolitan régions sharing a land border (23 pairs).
REGION_BORDERS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("11", "24"),  # Île-de-France / Centre-Val de Loire
        ("11", "27"),  # Île-de-France / Bourgogne-Franche-Comté
        ("11", "28"),  # Île-de-France / Normandie
        ("11", "32"),  # Île-de-France / Hauts-de-France
        ("11", "44"),  # Île-de-France / Grand Est
        ("24", "27"),  # Centre-Val de Loire / Bourgogne-Franche-Comté
        ("24", "28"),  # Centre-Val de Loire / Normandie
        ("24", "52"),  # Centre-Val de Loire / Pays de la Loire
        ("24", "75"),  # Centre-Val de Loire / Nouvelle-Aquitaine
        ("24", "84"),  # Centre-Val de Loire / Auvergne-Rhône-Alpes
        ("27", "44"),  # Bourgogne-Franche-Comté / Grand Est
        ("27", "84"),  # Bourgogne-Franche-Comté / Auvergne-Rhône-Alpes
        ("28", "32"),  # Normandie / Hauts-de-France
        ("28", "52"),  # Normandie / Pays de la Loire
        ("28", "53"),  # Normandie / Bretagne
        ("32", "44"),  # Hauts-de-France / Grand Est
        ("52", "53"),  # Pays de la Loire / Bretagne
        ("52", "75"),  # Pays de la Loire / Nouvelle-Aquitaine
        ("75", "76"),  # Nouvelle-Aquitaine / Occitanie
        ("75", "84"),  # Nouvelle-Aquitaine / Auvergne-Rhône-Alpes
        ("76", "84"),  # Occitanie / Auvergne-Rhône-Alpes
        ("76", "93"),  # Occitanie / Provence-Alpes-Côte d'Azur
        ("84", "93"),  # Auvergne-Rhône-Alpes / Provence-Alpes-Côte d'Azur
    )
)

# Département land borders, each pair listed once under its smaller code.
_DEPARTEMENT_ADJACENCY: dict[str, tuple[str, ...]] = {
    "01": ("38", "39", "69", "71", "73", "74"),
    "02": ("08", "51", "59", "60", "77", "80"),
    "03": ("18", "23", "42", "58", "63", "71"),
    "04": ("05", "06", "26", "83", "84"),
    "05": ("26", "38", "73"),
    "06": ("83",),
    "07": ("26", "30", "38", "42", "43", "48", "84"),
    "08": ("51", "55"),
    "09": ("11", "31", "66"),
    "10": ("21", "51", "52", "77", "89"),
    "11": ("31", "34", "66", "81"),
    "12": ("15", "30", "34", "46", "48", "81", "82"),
    "13": ("30", "83", "84"),
    "14": ("27", "50", "61"),
    "15": ("19", "43", "46", "48", "63"),
    "16": ("17", "24", "79", "86", "87"),
    "17": ("24", "33", "79", "85"),
    "18": ("23", "36", "41", "45", "58"),
    "19": ("23", "24", "46", "63", "87"),
    "21": ("39", "52", "58", "70", "71", "89"),
    "22": ("29", "35", "56"),
    "23": ("36", "63", "87"),
    "24": ("33", "46", "47", "87"),
    "25": ("39", "70", "90"),
    "26": ("38", "84"),
    "27": ("28", "60", "61", "76", "78", "95"),
    "28": ("41", "45", "61", "72", "78", "91"),
    "29": ("56",),
    "2A": ("2B",),
    "30": ("34", "48", "84"),
    "31": ("32", "65", "81", "82"),
    "32": ("40", "47", "64", "65", "82"),
    "33": ("40", "47"),
    "34": ("81",),
    "35": ("44", "49", "50", "53", "56"),
    "36": ("37", "41", "86", "87"),
    "37": ("41", "49", "72", "86"),
    "38": ("42", "69", "73"),
    "39": ("70", "71"),
    "40": ("47", "64"),
    "41": ("45", "72"),
    "42": ("43", "63", "69", "71"),
    "43": ("48", "63"),
    "44": ("49", "56", "85"),
    "45": ("58", "77", "89", "91"),
    "46": ("47", "82"),
    "47": ("82",),
    "49": ("53", "72", "79", "85", "86"),
    "50": ("53", "61"),
    "51": ("52", "55", "77"),
    "52": ("55", "70", "88"),
    "53": ("61", "72"),
    "54": ("55", "57", "67", "88"),
    "55": ("88",),
    "57": ("67",),
    "58": ("71", "89"),
    "59": ("62", "80"),
    "60": ("76", "77", "80", "95"),
    "61": ("72",),
    "62": ("80",),
    "64": ("65",),
    "67": ("68", "88"),
    "68": ("88", "90"),
    "69": ("71",),
    "70": ("88", "90"),
    "73": ("74",),
    "75": ("92", "93", "94"),
    "76": ("80",),
    "77": ("89", "91", "93", "94", "95"),
    "78": ("91", "92", "95"),
    "79": ("85", "86"),
    "81": ("82",),
    "83": ("84",),
    "86": ("87",),
    "88": ("90",),
    "91": ("92", "94"),
    "92": ("93", "94", "95"),
    "93": ("94", "95"),
}

#: Pairs of départements sharing a land border (238 pairs; overseas
#: départements have none).
DEPARTEMENT_BORDERS: frozenset[frozenset[str]] = frozenset(
    frozenset((a, b)) for a, others in _DEPARTEMENT_ADJACENCY.items() for b in others
)

#: Approximate centroid (lat, lon in WGS84 degrees) of each of the 18 régions.
REGION_CENTROIDS: dict[str, tuple[float, float]] = {
    "01": (16.1595, -61.6797),  # Guadeloupe
    "02": (14.6551, -61.0198),  # Martinique
    "03": (3.9166, -53.2401),  # Guyane
    "04": (-21.1334, 55.5325),  # La Réunion
    "06": (-12.8229, 45.1438),  # Mayotte
    "11": (48.7112, 2.5027),  # Île-de-France
    "24": (47.4945, 1.6839),  # Centre-Val de Loire
    "27": (47.2408, 4.8056),  # Bourgogne-Franche-Comté
    "28": (49.1248, 0.1134),  # Normandie
    "32": (49.9776, 2.7693),  # Hauts-de-France
    "44": (48.6975, 5.6099),  # Grand Est
    "52": (47.4881, -0.8093),  # Pays de la Loire
    "53": (48.1830, -2.8386),  # Bretagne
    "75": (45.2310, 0.2248),  # Nouvelle-Aquitaine
    "76": (43.7123, 2.1487),  # Occitanie
    "84": (45.5236, 4.5349),  # Auvergne-Rhône-Alpes
    "93": (43.9636, 6.0665),  # Provence-Alpes-Côte d'Azur
    "94": (42.1547, 9.1067),  # Corse
}

#: Same dictionary as :data:`REGION_CENTROIDS` (historical lower-case name).
region_centroids: dict[str, tuple[float, float]] = REGION_CENTROIDS

#: Approximate centroid (lat, lon) of each of the 101 départements.
DEPARTEMENT_CENTROIDS: dict[str, tuple[float, float]] = {
    "01": (46.1008, 5.3485),
    "02": (49.5638, 3.5599),
    "03": (46.3946, 3.1873),
    "04": (44.1074, 6.2451),
    "05": (44.6648, 6.2657),
    "06": (43.9393, 7.1163),
    "07": (44.7543, 4.4260),
    "08": (49.6173, 4.6407),
    "09": (42.9216, 1.5035),
    "10": (48.3056, 4.1614),
    "11": (43.1041, 2.4135),
    "12": (44.2830, 2.6779),
    "13": (43.5464, 5.0852),
    "14": (49.1004, -0.3613),
    "15": (45.0522, 2.6690),
    "16": (45.7201, 0.2038),
    "17": (45.7737, -0.6510),
    "18": (47.0680, 2.4912),
    "19": (45.3583, 1.8778),
    "21": (47.4280, 4.7725),
    "22": (48.4411, -2.8651),
    "23": (46.0916, 2.0181),
    "24": (45.1065, 0.7410),
    "25": (47.1674, 6.3633),
    "26": (44.6875, 5.1670),
    "27": (49.1149, 0.9964),
    "28": (48.3895, 1.3699),
    "29": (48.2627, -4.0569),
    "2A": (41.8653, 8.9878),
    "2B": (42.3959, 9.2063),
    "30": (43.9947, 4.1797),
    "31": (43.3607, 1.1762),
    "32": (43.6937, 0.4528),
    "33": (44.8269, -0.5766),
    "34": (43.5802, 3.3687),
    "35": (48.1525, -1.6338),
    "36": (46.7797, 1.5761),
    "37": (47.2598, 0.6909),
    "38": (45.2658, 5.5733),
    "39": (46.7311, 5.6973),
    "40": (43.9675, -0.7837),
    "41": (47.6183, 1.4271),
    "42": (45.7299, 4.1641),
    "43": (45.1288, 3.8064),
    "44": (47.3643, -1.6788),
    "45": (47.9129, 2.3440),
    "46": (44.6256, 1.6058),
    "47": (44.3688, 0.4610),
    "48": (44.5187, 3.4993),
    "49": (47.3911, -0.5594),
    "50": (49.0846, -1.3296),
    "51": (48.9513, 4.2384),
    "52": (48.1124, 5.2250),
    "53": (48.1486, -0.6571),
    "54": (48.7916, 6.1608),
    "55": (48.9936, 5.3813),
    "56": (47.8551, -2.8056),
    "57": (49.0389, 6.6607),
    "58": (47.1172, 3.5040),
    "59": (50.4522, 3.2119),
    "60": (49.4108, 2.4246),
    "61": (48.6238, 0.1273),
    "62": (50.4958, 2.2848),
    "63": (45.7272, 3.1397),
    "64": (43.2571, -0.7611),
    "65": (43.0524, 0.1664),
    "66": (42.6002, 2.5224),
    "67": (48.6730, 7.5524),
    "68": (47.8607, 7.2739),
    "69": (45.8722, 4.6407),
    "70": (47.6421, 6.0878),
    "71": (46.6461, 4.5432),
    "72": (47.9963, 0.2227),
    "73": (45.4785, 6.4424),
    "74": (46.0354, 6.4285),
    "75": (48.8567, 2.3422),
    "76": (49.6556, 1.0283),
    "77": (48.6295, 2.9343),
    "78": (48.8160, 1.8412),
    "79": (46.5595, -0.3182),
    "80": (49.9589, 2.2757),
    "81": (43.7865, 2.1655),
    "82": (44.0861, 1.2826),
    "83": (43.4449, 6.2443),
    "84": (43.9948, 5.1849),
    "85": (46.6736, -1.2880),
    "86": (46.5668, 0.4591),
    "87": (45.8938, 1.2348),
    "88": (48.1969, 6.3801),
    "89": (47.8424, 3.5626),
    "90": (47.6321, 6.9285),
    "91": (48.5229, 2.2432),
    "92": (48.8412, 2.2001),
    "93": (48.9179, 2.4783),
    "94": (48.7777, 2.4689),
    "95": (49.0828, 2.1307),
    "971": (16.1595, -61.6797),
    "972": (14.6551, -61.0198),
    "973": (3.9166, -53.2401),
    "974": (-21.1334, 55.5325),
    "976": (-12.8229, 45.1438),
}

#: Representative point (lat, lon) of each overseas collectivity: its
#: chef-lieu, where most of the population lives (a geometric centroid of
#: scattered islands can fall in the sea). Approximate.
COLLECTIVITY_POINTS: dict[str, tuple[float, float]] = {
    "975": (46.7811, -56.1764),  # Saint-Pierre
    "977": (17.8962, -62.8498),  # Gustavia
    "978": (18.0677, -63.0825),  # Marigot
    "986": (-13.2825, -176.1745),  # Mata-Utu
    "987": (-17.5350, -149.5696),  # Papeete
    "988": (-22.2758, 166.4580),  # Nouméa
}

# Extra names accepted by resolve_region (besides the official names).
# Former régions (before 2016) are unambiguous, so they are accepted too.
_REGION_ALIASES: dict[str, str] = {
    "IDF": "11",
    "Centre": "24",
    "CVL": "24",
    "BFC": "27",
    "Bourgogne": "27",
    "Franche-Comté": "27",
    "Basse-Normandie": "28",
    "Haute-Normandie": "28",
    "Normandy": "28",
    "HDF": "32",
    "Nord-Pas-de-Calais": "32",
    "Picardie": "32",
    "Nord-Pas-de-Calais-Picardie": "32",
    "Alsace": "44",
    "Lorraine": "44",
    "Champagne-Ardenne": "44",
    "ACAL": "44",
    "Alsace-Champagne-Ardenne-Lorraine": "44",
    "Bretagne": "53",
    "Brittany": "53",
    "Aquitaine": "75",
    "Limousin": "75",
    "Poitou-Charentes": "75",
    "Aquitaine-Limousin-Poitou-Charentes": "75",
    "Midi-Pyrénées": "76",
    "Languedoc-Roussillon": "76",
    "Languedoc-Roussillon-Midi-Pyrénées": "76",
    "AURA": "84",
    "ARA": "84",
    "Auvergne": "84",
    "Rhône-Alpes": "84",
    "PACA": "93",
    "Région Sud": "93",
    "Corsica": "94",
    "Guyane française": "03",
    "French Guiana": "03",
    "Réunion": "04",
    "Île de la Réunion": "04",
}

# Extra names accepted by resolve_departement.
_DEPARTEMENT_ALIASES: dict[str, str] = {
    "Belfort": "90",
    "Guyane française": "973",
    "French Guiana": "973",
    "Réunion": "974",
    "Île de la Réunion": "974",
}

# Extra names accepted for the overseas collectivities (both resolvers).
_COLLECTIVITY_ALIASES: dict[str, str] = {
    "SPM": "975",
    "Saint-Barth": "977",
    "Polynésie": "987",
    "Tahiti": "987",
    "Wallis": "986",
    "Calédonie": "988",
}


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
