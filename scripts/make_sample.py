#!/usr/bin/env python3
"""Generate the coopgraph sample dataset (``data/sample/``).

The sample is a *scenario* built on real facts:

* real facts, embedded below as literal tables (the script reads no file):
  the cités éducatives (ANCT ids, names, communes, INSEE codes, coordinates,
  labelling wave), the département chefs-lieux used to place préfectures and
  DSDEN, and the centres de ressources politique de la ville (CRPV) with their
  territories;
* fiction: every person (names drawn from small literal lists), the partner
  associations, the meetings, who attended them, and the support dates. The
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
import os
import random
import re
import sys
import unicodedata
from collections import defaultdict

SEED = 2019
FIRST_DAY = dt.date(2019, 9, 1)
LAST_DAY = dt.date(2023, 6, 30)
CLUB_START = dt.date(2020, 5, 14)
WEST_OPEN = dt.date(2021, 12, 1)  # western cités may meet other régions from here

# --------------------------------------------------------------------------
# Real facts
# --------------------------------------------------------------------------

REGIONS = {
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

# département code -> (name, "de ..." form, chef-lieu, lat, lon of the chef-lieu;
# "" when the source has no usable point)
# fmt: off
DEPARTEMENTS = {
    "06": ("Alpes-Maritimes", "des Alpes-Maritimes", "Nice", "43.701860", "7.268308"),
    "13": ("Bouches-du-Rhône", "des Bouches-du-Rhône", "Marseille", "43.298693", "5.382924"),
    "14": ("Calvados", "du Calvados", "Caen", "49.182114", "-0.370605"),
    "16": ("Charente", "de la Charente", "Angoulême", "45.649354", "0.159548"),
    "21": ("Côte-d'Or", "de la Côte-d'Or", "Dijon", "47.322978", "5.041980"),
    "25": ("Doubs", "du Doubs", "Besançon", "47.242289", "6.021386"),
    "28": ("Eure-et-Loir", "d'Eure-et-Loir", "Chartres", "48.446740", "1.488241"),
    "2A": ("Corse-du-Sud", "de la Corse-du-Sud", "Ajaccio", "41.925582", "8.736309"),
    "30": ("Gard", "du Gard", "Nîmes", "43.836881", "4.360122"),
    "31": ("Haute-Garonne", "de la Haute-Garonne", "Toulouse", "43.604345", "1.441995"),
    "33": ("Gironde", "de la Gironde", "Bordeaux", "44.837751", "-0.579508"),
    "34": ("Hérault", "de l'Hérault", "Montpellier", "43.598478", "3.896873"),
    "35": ("Ille-et-Vilaine", "d'Ille-et-Vilaine", "Rennes", "48.114294", "-1.680729"),
    "41": ("Loir-et-Cher", "de Loir-et-Cher", "Blois", "47.593135", "1.327200"),
    "42": ("Loire", "de la Loire", "Saint-Étienne", "45.433769", "4.389597"),
    "44": ("Loire-Atlantique", "de la Loire-Atlantique", "Nantes", "47.217278", "-1.553913"),
    "45": ("Loiret", "du Loiret", "Orléans", "47.902195", "1.904046"),
    "49": ("Maine-et-Loire", "de Maine-et-Loire", "Angers", "47.472824", "-0.555505"),
    "54": ("Meurthe-et-Moselle", "de Meurthe-et-Moselle", "Nancy", "48.692646", "6.183652"),
    "57": ("Moselle", "de la Moselle", "Metz", "49.119739", "6.177063"),
    "59": ("Nord", "du Nord", "Lille", "50.631950", "3.057499"),
    "60": ("Oise", "de l'Oise", "Beauvais", "49.434264", "2.087549"),
    "62": ("Pas-de-Calais", "du Pas-de-Calais", "Arras", "50.289062", "2.780043"),
    "64": ("Pyrénées-Atlantiques", "des Pyrénées-Atlantiques", "Pau", "43.300761", "-0.369859"),
    "66": ("Pyrénées-Orientales", "des Pyrénées-Orientales", "Perpignan", "42.697623", "2.894831"),
    "67": ("Bas-Rhin", "du Bas-Rhin", "Strasbourg", "48.573315", "7.752287"),
    "68": ("Haut-Rhin", "du Haut-Rhin", "Colmar", "48.081143", "7.354900"),
    "69": ("Rhône", "du Rhône", "Lyon", "45.769509", "4.830147"),
    "72": ("Sarthe", "de la Sarthe", "Le Mans", "48.004087", "0.196806"),
    "76": ("Seine-Maritime", "de la Seine-Maritime", "Rouen", "49.443033", "1.102514"),
    "80": ("Somme", "de la Somme", "Amiens", "49.891924", "2.297759"),
    "83": ("Var", "du Var", "Toulon", "43.124889", "5.930633"),
    "84": ("Vaucluse", "de Vaucluse", "Avignon", "43.948564", "4.808250"),
    "91": ("Essonne", "de l'Essonne", "Évry-Courcouronnes", "48.623777", "2.429559"),
    "93": ("Seine-Saint-Denis", "de la Seine-Saint-Denis", "Bobigny", "48.909816", "2.438731"),
    "95": ("Val-d'Oise", "du Val-d'Oise", "Pontoise", "49.050741", "2.100792"),
    "972": ("Martinique", "de la Martinique", "Fort-de-France", "14.640364", "-61.068885"),
    "973": ("Guyane", "de la Guyane", "Cayenne", "4.924965", "-52.314006"),
    "974": ("La Réunion", "de La Réunion", "Saint-Denis", "", ""),
    "976": ("Mayotte", "de Mayotte", "Mamoudzou", "", ""),
}
# fmt: on
# Single-département académies overseas: the education leg is the rectorat.
RECTORAT_DEPS = {"972", "973", "974", "976"}

# (cite_id, name, région, département, wave, [(commune, insee, lat, lon), ...])
# Communes are listed in the order of the cité's name. The ANCT layer gives one
# point per commune, but for several multi-commune cités the order of its points
# does not follow the order of its commune list (e.g. Nantes / Saint-Herblain),
# so per-commune points are not trusted: a cité is placed at the mean of its
# points and a commune of a multi-commune cité gets no coordinates.
# fmt: off
CITES = [
    ("cite-001", "Allonnes", "52", "72", 2019, [("Allonnes", "72003", "47.959415", "0.143908")]),
    ("cite-002", "Amiens Nord", "32", "80", 2019, [("Amiens", "80021", "49.899982", "2.289872")]),
    ("cite-003", "Angers", "52", "49", 2019, [("Angers", "49007", "47.476804", "-0.555974")]),
    ("cite-004", "Angoulême", "75", "16", 2019, [("Angoulême", "16015", "45.647249", "0.145671")]),
    ("cite-005", "Arras", "32", "62", 2019, [("Arras", "62041", "50.290402", "2.765648")]),
    ("cite-006", "Aulnay-sous-Bois", "11", "93", 2019, [("Aulnay-sous-Bois", "93005", "48.946138", "2.493531")]),
    ("cite-007", "Avignon", "93", "84", 2019, [("Avignon", "84007", "43.935493", "4.840878")]),
    ("cite-008", "Behren-lès-Forbach", "44", "57", 2019, [("Behren-lès-Forbach", "57058", "49.167447", "6.943542")]),
    ("cite-009", "Besançon", "27", "25", 2019, [("Besançon", "25056", "47.255348", "6.019927")]),
    ("cite-010", "Blois", "24", "41", 2019, [("Blois", "41018", "47.58179", "1.306091")]),
    ("cite-011", "Bondy", "11", "93", 2019, [("Bondy", "93010", "48.902304", "2.48432")]),
    ("cite-017", "Chenôve", "27", "21", 2019, [("Chenôve", "21166", "47.292362", "5.005317")]),
    ("cite-018", "Clichy-sous-Bois", "11", "93", 2019, [("Clichy-sous-Bois", "93014", "48.907783", "2.546708")]),
    ("cite-019", "Corbeil-Essonnes", "11", "91", 2019, [("Corbeil-Essonnes", "91174", "48.604904", "2.468338")]),
    ("cite-020", "Creil", "32", "60", 2019, [("Creil", "60175", "49.253451", "2.483505")]),
    ("cite-022", "Denain", "32", "59", 2019, [("Denain", "59172", "50.329844", "3.389874")]),
    ("cite-023", "Dreux / Vernouillet", "24", "28", 2019,
     [("Dreux", "28134", "48.74846", "1.359544"), ("Vernouillet", "28404", "48.720192", "1.350178")]),
    ("cite-024", "Évry-Courcouronnes", "11", "91", 2019, [("Évry-Courcouronnes", "91228", "48.626694", "2.429857")]),
    ("cite-025", "Fort-de-France", "02", "972", 2019, [("Fort-de-France", "97209", "14.640364", "-61.068885")]),
    ("cite-026", "Garges-lès-Gonesse", "11", "95", 2019, [("Garges-lès-Gonesse", "95268", "48.970195", "2.404681")]),
    ("cite-028", "Grigny", "11", "91", 2019, [("Grigny", "91286", "48.657625", "2.387835")]),
    ("cite-029", "Hérouville-Saint-Clair", "28", "14", 2019,
     [("Hérouville-Saint-Clair", "14327", "49.207673", "-0.33087")]),
    ("cite-030", "La Courneuve", "11", "93", 2019, [("La Courneuve", "93027", "48.932581", "2.400027")]),
    ("cite-031", "La Seyne-sur-Mer", "93", "83", 2019, [("La Seyne-sur-Mer", "83126", "43.089038", "5.870449")]),
    ("cite-032", "Le Havre Nord", "28", "76", 2019, [("Le Havre", "76351", "49.498823", "0.141804")]),
    ("cite-033", "Le Port", "04", "974", 2019, [("Le Port", "97407", "-20.944091", "55.304837")]),
    ("cite-034", "Lens", "32", "62", 2019, [("Lens", "62498", "50.437643", "2.821151")]),
    ("cite-037", "Lille Sud", "32", "59", 2019, [("Lille", "59350", "50.631503", "3.046348")]),
    ("cite-038", "Lormont", "75", "33", 2019, [("Lormont", "33249", "44.876239", "-0.519678")]),
    ("cite-039", "Lyon 8e", "84", "69", 2019, [("Lyon", "69123", "45.755152", "4.836015")]),
    ("cite-040", "Mamoudzou", "06", "976", 2019, [("Mamoudzou", "97611", "-12.789769", "45.193885")]),
    ("cite-042", "Marseille Centre ville", "93", "13", 2019, [("Marseille", "13055", "43.292622", "5.422412")]),
    ("cite-043", "Marseille Malpassé Corot", "93", "13", 2019, [("Marseille", "13055", "43.292622", "5.422412")]),
    ("cite-044", "Marseille Nord Littoral", "93", "13", 2019, [("Marseille", "13055", "43.292622", "5.422412")]),
    ("cite-047", "Montbéliard / Bethoncourt", "27", "25", 2019,
     [("Montbéliard", "25388", "47.515788", "6.791843"), ("Bethoncourt", "25057", "47.54176", "6.800222")]),
    ("cite-048", "Montpellier", "76", "34", 2019, [("Montpellier", "34172", "43.61363", "3.869163")]),
    ("cite-049", "Mulhouse Les Coteaux", "44", "68", 2019, [("Mulhouse", "68224", "47.74899", "7.325597")]),
    ("cite-050", "Nancy / Laxou / Maxéville", "44", "54", 2019,
     [("Nancy", "54395", "48.682377", "6.113574"), ("Laxou", "54304", "48.690179", "6.175379"),
      ("Maxéville", "54357", "48.709718", "6.150405")]),
    ("cite-051", "Nantes / Saint-Herblain", "52", "44", 2019,
     [("Nantes", "44109", "47.224845", "-1.634113"), ("Saint-Herblain", "44162", "47.232422", "-1.547918")]),
    ("cite-052", "Nice / Saint-Laurent-du-Var", "93", "06", 2019,
     [("Nice", "06088", "43.712774", "7.239132"), ("Saint-Laurent-du-Var", "06123", "43.687075", "7.181962")]),
    ("cite-053", "Nîmes", "76", "30", 2019, [("Nîmes", "30189", "43.844575", "4.347452")]),
    ("cite-054", "Orléans", "24", "45", 2019, [("Orléans", "45234", "47.869361", "1.920216")]),
    ("cite-058", "Pau", "75", "64", 2019, [("Pau", "64445", "43.320478", "-0.350012")]),
    ("cite-059", "Perpignan", "76", "66", 2019, [("Perpignan", "66136", "42.696455", "2.898617")]),
    ("cite-060", "Port-de-Bouc", "93", "13", 2019, [("Port-de-Bouc", "13077", "43.424017", "4.991721")]),
    ("cite-062", "Rennes Le Blosne", "53", "35", 2019, [("Rennes", "35238", "48.111199", "-1.682262")]),
    ("cite-064", "Roubaix", "32", "59", 2019, [("Roubaix", "59512", "50.688769", "3.182712")]),
    ("cite-065", "Rouen", "28", "76", 2019, [("Rouen", "76540", "49.441507", "1.095387")]),
    ("cite-066", "Saint-Étienne Tarentaize Beaubrun", "84", "42", 2019,
     [("Saint-Étienne", "42218", "45.426609", "4.417674")]),
    ("cite-067", "Saint-Étienne-du-Rouvray", "28", "76", 2019,
     [("Saint-Étienne-du-Rouvray", "76575", "49.381876", "1.089817")]),
    ("cite-068", "Saint-Nazaire", "52", "44", 2019, [("Saint-Nazaire", "44184", "47.280213", "-2.251173")]),
    ("cite-070", "Sarcelles", "11", "95", 2019, [("Sarcelles", "95585", "48.990182", "2.381254")]),
    ("cite-071", "Sevran", "11", "93", 2019, [("Sevran", "93071", "48.938577", "2.530633")]),
    ("cite-072", "Strasbourg Neuhof - Elsau", "44", "67", 2019, [("Strasbourg", "67482", "48.570689", "7.767309")]),
    ("cite-073", "Toulouse Grand Mirail", "76", "31", 2019, [("Toulouse", "31555", "43.596044", "1.432079")]),
    ("cite-074", "Tourcoing Nord Est", "32", "59", 2019, [("Tourcoing", "59599", "50.7258", "3.160054")]),
    ("cite-076", "Valenciennes / Anzin", "32", "59", 2019,
     [("Valenciennes", "59606", "50.375322", "3.5105"), ("Anzin", "59014", "50.358706", "3.515786")]),
    ("cite-077", "Vaulx-en-Velin", "84", "69", 2019, [("Vaulx-en-Velin", "69256", "45.786092", "4.926315")]),
    ("cite-078", "Vénissieux / Saint-Fons", "84", "69", 2019,
     [("Vénissieux", "69259", "45.703281", "4.850762"), ("Saint-Fons", "69199", "45.704136", "4.881354")]),
    ("cite-079", "Villiers-le-Bel", "11", "95", 2019, [("Villiers-le-Bel", "95680", "49.007881", "2.403403")]),
    ("cite-080", "Ajaccio", "94", "2A", 2021, [("Ajaccio", "2A004", "41.935143", "8.702231")]),
    ("cite-081", "Argenteuil", "11", "95", 2021, [("Argenteuil", "95018", "48.951484", "2.241074")]),
    ("cite-082", "Aubervilliers", "11", "93", 2021, [("Aubervilliers", "93001", "48.912507", "2.382885")]),
    ("cite-083", "Avion", "32", "62", 2021, [("Avion", "62065", "50.404052", "2.827189")]),
    ("cite-096", "Dunkerque / Grande-Synthe", "32", "59", 2021,
     [("Dunkerque", "59183", "51.016906", "2.290714"), ("Grande-Synthe", "59271", "51.033542", "2.356432")]),
    ("cite-099", "Goussainville", "11", "95", 2021, [("Goussainville", "95280", "49.024562", "2.465639")]),
    ("cite-104", "Le Mans", "52", "72", 2021, [("Le Mans", "72181", "47.989442", "0.200328")]),
    ("cite-108", "Miramas", "93", "13", 2021, [("Miramas", "13063", "43.584396", "5.013721")]),
    ("cite-115", "Saint-Denis", "11", "93", 2021, [("Saint-Denis", "93066", "48.928958", "2.358757")]),
    ("cite-116", "Saint-Laurent-du-Maroni", "03", "973", 2021,
     [("Saint-Laurent-du-Maroni", "97311", "4.948102", "-53.978121")]),
    ("cite-123", "Trélazé", "52", "49", 2021, [("Trélazé", "49353", "47.451236", "-0.474325")]),
    ("cite-125", "Vitrolles", "93", "13", 2021, [("Vitrolles", "13117", "43.44998", "5.263518")]),
    ("cite-139", "Caen", "28", "14", 2022, [("Caen", "14118", "49.184907", "-0.370596")]),
    ("cite-142", "Cergy", "11", "95", 2022, [("Cergy", "95127", "49.03997", "2.05178")]),
    # Bon Secours and Les Rosiers are in Marseille's 14th arrondissement.
    ("cite-172", "Marseille Bon Secours Les Rosiers", "93", "13", 2022,
     [("Marseille", "13055", "43.292622", "5.422412")]),
]
# fmt: on

# CRPV (compiled list, 18 of its 19 rows: the Guadeloupe centre, whose name
# is unknown, is left out). (id, name, régions, départements, lat, lon)
# lat/lon only where the list gives a seat city (its chef-lieu point).
# fmt: off
CRPVS = [
    ("crpv-irev", "IREV - Institut Régional de la Ville", "32", "", "", ""),
    ("crpv-oriv", "ORIV - Observatoire Régional de l'Intégration et de la Ville", "44", "", "", ""),
    ("crpv-labo-cites", "Labo Cités", "84", "", "", ""),
    ("crpv-trajectoire-ressources", "Trajectoire Ressources", "27", "", "", ""),
    ("crpv-villes-au-carre", "Villes au Carré", "24", "", "", ""),
    ("crpv-resovilles", "RésOVilles", "53;52", "", "", ""),
    ("crpv-normanvilles", "Normanvilles", "28", "", "", ""),
    ("crpv-pqna", "PQN-A - Pays et Quartiers de Nouvelle-Aquitaine", "75", "", "", ""),
    ("crpv-ressources-territoires", "Ressources & Territoires", "76",
     "09;12;31;32;46;65;81;82", "43.604345", "1.441995"),
    ("crpv-villes-territoires-occitanie", "Villes & Territoires Occitanie", "76",
     "11;30;34;48;66", "43.598478", "3.896873"),
    ("crpv-cite-ressources", "Cité Ressources", "93", "", "", ""),
    ("crpv-profession-banlieue", "Profession Banlieue", "11", "93", "", ""),
    ("crpv-pole-ressources-95", "Pôle Ressources Ville et Développement Social", "11", "95", "", ""),
    ("crpv-essonne", "Centre de ressources politique de la ville en Essonne (CRPVE)", "11", "91", "", ""),
    ("crpv-ville-caraibe", "Ville Caraïbe", "02", "972", "14.640364", "-61.068885"),
    ("crpv-guyane", "Centre de ressources politique de la ville de Guyane", "03", "973", "", ""),
    ("crpv-cr-csur", "CR-CSUR - Centre de Ressources de la Cohésion Sociale Urbaine de La Réunion",
     "04", "974", "", ""),
    ("crpv-maore-ouvoimoja", "GIP CRPV-CS Maoré Ouvoimoja", "06", "976", "", ""),
]
# fmt: on

# --------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------

WEST_REGIONS = ("28", "53", "52", "24")
CLUB_CRPV = ("crpv-normanvilles", "crpv-resovilles", "crpv-villes-au-carre")
# The 12 cités labelled in 2019 in the four western régions, plus Le Mans
# (2021 wave) which joined the club from its first meeting.
CLUB_CITES = (
    "cite-001",
    "cite-003",
    "cite-010",
    "cite-023",
    "cite-029",
    "cite-032",
    "cite-051",
    "cite-054",
    "cite-062",
    "cite-065",
    "cite-067",
    "cite-068",
    "cite-104",
)
# Never share a meeting with another cité: Pau (Nouvelle-Aquitaine, whose CRPV
# PQN-A does not accompany cités directly) and Ajaccio (Corse, no CRPV).
ISOLATED_CITES = ("cite-058", "cite-080")
MARSEILLE_CITES = ("cite-042", "cite-043", "cite-044", "cite-172")
MARSEILLE_2019 = ("cite-042", "cite-043", "cite-044")
METROPOLE_AMP = "inst-metropole-aix-marseille-provence"

# When a cité's actors start meeting: the first list was announced on
# 2019-09-05; the 2021 and 2022 waves are dated to the start of the year's
# labelling. Le Mans takes part in the club from 2020-05-14 (see above) and
# holds local meetings from 2020-09.
WAVE_START = {2019: dt.date(2019, 9, 5), 2021: dt.date(2021, 2, 1), 2022: dt.date(2022, 3, 1)}
ACTIVE_OVERRIDE = {"cite-104": dt.date(2020, 9, 1)}

# (crpv, cité, since, kind). One row per CRPV x cité pair. Seven CRPV were
# engaged before 2019-09-05, 15 by the end of 2020, one more in 2021 (Guyane);
# PQN-A and Villes & Territoires Occitanie do not support cités directly.
# fmt: off
SUPPORT = [
    ("crpv-pole-ressources-95", "cite-026", "2019-03-15", "gouvernance"),
    ("crpv-pole-ressources-95", "cite-070", "2019-03-15", "gouvernance"),
    ("crpv-pole-ressources-95", "cite-079", "2019-03-15", "gouvernance"),
    ("crpv-pole-ressources-95", "cite-081", "2021-03-01", "qualification"),
    ("crpv-pole-ressources-95", "cite-099", "2021-03-01", "qualification"),
    ("crpv-pole-ressources-95", "cite-142", "2022-04-01", "qualification"),
    ("crpv-profession-banlieue", "cite-018", "2019-05-15", "gouvernance"),
    ("crpv-profession-banlieue", "cite-006", "2019-05-15", "qualification"),
    ("crpv-profession-banlieue", "cite-011", "2019-05-15", "qualification"),
    ("crpv-profession-banlieue", "cite-030", "2019-05-15", "qualification"),
    ("crpv-profession-banlieue", "cite-071", "2019-05-15", "qualification"),
    ("crpv-profession-banlieue", "cite-082", "2021-03-01", "qualification"),
    ("crpv-profession-banlieue", "cite-115", "2021-03-01", "capitalisation"),
    ("crpv-essonne", "cite-019", "2019-06-17", "qualification"),
    ("crpv-essonne", "cite-024", "2019-06-17", "qualification"),
    ("crpv-essonne", "cite-028", "2019-06-17", "gouvernance"),
    ("crpv-irev", "cite-002", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-005", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-020", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-022", "2019-06-14", "gouvernance"),
    ("crpv-irev", "cite-034", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-037", "2019-06-14", "capitalisation"),
    ("crpv-irev", "cite-064", "2019-06-14", "capitalisation"),
    ("crpv-irev", "cite-074", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-076", "2019-06-14", "qualification"),
    ("crpv-irev", "cite-083", "2021-03-01", "qualification"),
    ("crpv-irev", "cite-096", "2021-03-01", "qualification"),
    ("crpv-oriv", "cite-008", "2019-06-20", "qualification"),
    ("crpv-oriv", "cite-049", "2019-06-20", "qualification"),
    ("crpv-oriv", "cite-050", "2019-06-20", "qualification"),
    ("crpv-oriv", "cite-072", "2019-06-20", "capitalisation"),
    ("crpv-trajectoire-ressources", "cite-009", "2019-07-01", "qualification"),
    ("crpv-trajectoire-ressources", "cite-017", "2019-07-01", "qualification"),
    ("crpv-trajectoire-ressources", "cite-047", "2019-07-01", "qualification"),
    ("crpv-cite-ressources", "cite-042", "2019-07-01", "gouvernance"),
    ("crpv-cite-ressources", "cite-043", "2019-07-01", "gouvernance"),
    ("crpv-cite-ressources", "cite-044", "2019-07-01", "gouvernance"),
    ("crpv-cite-ressources", "cite-007", "2019-11-04", "qualification"),
    ("crpv-cite-ressources", "cite-031", "2019-11-04", "qualification"),
    ("crpv-cite-ressources", "cite-052", "2019-11-04", "qualification"),
    ("crpv-cite-ressources", "cite-060", "2019-11-04", "capitalisation"),
    ("crpv-cite-ressources", "cite-108", "2021-02-15", "gouvernance"),
    ("crpv-cite-ressources", "cite-125", "2021-03-01", "qualification"),
    ("crpv-cite-ressources", "cite-172", "2022-03-15", "gouvernance"),
    ("crpv-ville-caraibe", "cite-025", "2019-10-01", "gouvernance"),
    ("crpv-normanvilles", "cite-029", "2019-11-15", "qualification"),
    ("crpv-normanvilles", "cite-032", "2019-11-15", "qualification"),
    ("crpv-normanvilles", "cite-065", "2019-11-15", "qualification"),
    ("crpv-normanvilles", "cite-067", "2019-11-15", "capitalisation"),
    ("crpv-normanvilles", "cite-139", "2022-03-15", "qualification"),
    ("crpv-resovilles", "cite-001", "2020-01-15", "qualification"),
    ("crpv-resovilles", "cite-003", "2020-01-15", "qualification"),
    ("crpv-resovilles", "cite-051", "2020-01-15", "qualification"),
    ("crpv-resovilles", "cite-062", "2020-01-15", "capitalisation"),
    ("crpv-resovilles", "cite-068", "2020-01-15", "qualification"),
    ("crpv-resovilles", "cite-104", "2020-05-04", "qualification"),
    ("crpv-resovilles", "cite-123", "2021-03-01", "qualification"),
    ("crpv-villes-au-carre", "cite-010", "2020-02-03", "qualification"),
    ("crpv-villes-au-carre", "cite-023", "2020-02-03", "qualification"),
    ("crpv-villes-au-carre", "cite-054", "2020-02-03", "capitalisation"),
    ("crpv-ressources-territoires", "cite-073", "2020-02-17", "qualification"),
    ("crpv-cr-csur", "cite-033", "2020-09-14", "qualification"),
    ("crpv-labo-cites", "cite-039", "2020-10-01", "qualification"),
    ("crpv-labo-cites", "cite-066", "2020-10-01", "qualification"),
    ("crpv-labo-cites", "cite-077", "2020-10-01", "qualification"),
    ("crpv-labo-cites", "cite-078", "2020-10-01", "capitalisation"),
    ("crpv-maore-ouvoimoja", "cite-040", "2020-11-16", "qualification"),
    ("crpv-guyane", "cite-116", "2021-04-01", "qualification"),
]
# fmt: on

# Themes: lowercase, unaccented, ';'-separated in meetings.csv.
LOCAL_THEMES = (
    "gouvernance",
    "evaluation",
    "programmation",
    "parentalite",
    "continuite educative",
    "sante",
    "numerique",
    "egalite filles garcons",
    "petite enfance",
    "jeunes 16-25 ans",
    "cooperation educative",
    "financements",
    "droit commun",
    "competences psychosociales",
)
THEME_LABELS = {
    "gouvernance": "gouvernance",
    "evaluation": "évaluation",
    "programmation": "programmation",
    "parentalite": "parentalité",
    "continuite educative": "continuité éducative",
    "sante": "santé",
    "numerique": "numérique",
    "egalite filles garcons": "égalité filles-garçons",
    "petite enfance": "petite enfance",
    "jeunes 16-25 ans": "jeunes de 16 à 25 ans",
    "cooperation educative": "coopération éducative",
    "financements": "financements",
    "droit commun": "droit commun",
    "competences psychosociales": "compétences psychosociales",
}

# Fictional people. Names of real people quoted in the report are excluded.
FIRST_NAMES = (
    "Amina",
    "Antoine",
    "Aurélie",
    "Baptiste",
    "Bruno",
    "Camille",
    "Céline",
    "Cédric",
    "Claire",
    "Damien",
    "Delphine",
    "Djamel",
    "Élodie",
    "Émilie",
    "Fatima",
    "Florian",
    "François",
    "Gaëlle",
    "Guillaume",
    "Hélène",
    "Hugo",
    "Inès",
    "Isabelle",
    "Jeanne",
    "Jérôme",
    "Julie",
    "Karim",
    "Kévin",
    "Laure",
    "Léa",
    "Leïla",
    "Louis",
    "Lucas",
    "Malik",
    "Manon",
    "Marc",
    "Marion",
    "Mathieu",
    "Mélanie",
    "Myriam",
    "Nadia",
    "Nicolas",
    "Olivier",
    "Pauline",
    "Rachid",
    "Rémi",
    "Samia",
    "Sandrine",
    "Sarah",
    "Sébastien",
    "Sophie",
    "Stéphane",
    "Sylvie",
    "Thierry",
    "Thomas",
    "Valérie",
    "Vincent",
    "Virginie",
    "Yann",
    "Yasmina",
    "Youssef",
    "Zoé",
)
LAST_NAMES = (
    "André",
    "Belkacem",
    "Benali",
    "Bernard",
    "Bertrand",
    "Blanc",
    "Blanchard",
    "Bonnet",
    "Bouvier",
    "Boyer",
    "Chevalier",
    "Cissé",
    "Clément",
    "Da Silva",
    "David",
    "Denis",
    "Diallo",
    "Dubois",
    "Dufour",
    "Dumont",
    "Dupont",
    "Durand",
    "Duval",
    "Faure",
    "Ferreira",
    "Fontaine",
    "Fournier",
    "Garcia",
    "Garnier",
    "Gautier",
    "Guérin",
    "Haddad",
    "Hamidi",
    "Henry",
    "Joly",
    "Kaci",
    "Lambert",
    "Laurent",
    "Le Gall",
    "Le Goff",
    "Lebrun",
    "Lefebvre",
    "Legrand",
    "Lemaire",
    "Leroy",
    "Lopez",
    "Marchand",
    "Martin",
    "Martinez",
    "Masson",
    "Mendy",
    "Mercier",
    "Meunier",
    "Meyer",
    "Michel",
    "Morel",
    "Moreau",
    "Morin",
    "Muller",
    "Nguyen",
    "Noël",
    "Ouali",
    "Perrin",
    "Pérez",
    "Richard",
    "Rivière",
    "Robert",
    "Robin",
    "Roche",
    "Roger",
    "Roussel",
    "Rousseau",
    "Roux",
    "Roy",
    "Sanchez",
    "Simon",
    "Traoré",
    "Vidal",
)
OVERSEAS_LAST_NAMES = {
    "972": ("Joseph", "Jean-Baptiste", "Louis-Joseph", "Marie-Sainte", "Rose", "Hilaire"),
    "973": ("Horth", "Pinas", "Adam", "Jubitana", "Lama", "Abienso"),
    "974": ("Hoarau", "Payet", "Grondin", "Fontaine", "Técher", "Boyer"),
    "976": ("Madi", "Saïd", "Abdallah", "Attoumani", "Ahamada", "Soilihi"),
}
REAL_PEOPLE = {
    "Nathalie Legaïgnoux",
    "Gwenaëlle Gaydon",
    "Morgane Petit",
    "Pascale Despres",
    "Frédérique Bourgeois",
    "Maeva Duverger",
    "Jean-Marc Berthe",
    "Christophe Girard",
    "Aminata Keïta",
    "Stanislas Bourron",
    "Anthony Voisin",
    "Hugues-Marie Duclos",
}

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


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


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
        for dep, role in (
            ("13", "préfet délégué pour l'égalité des chances"),
            ("59", "préfet délégué pour l'égalité des chances"),
            ("93", "préfet délégué pour l'égalité des chances"),
            ("95", "préfet délégué pour l'égalité des chances"),
            ("69", "préfet délégué pour l'égalité des chances"),
            ("76", "sous-préfet chargé de la politique de la ville"),
            ("44", "sous-préfet chargé de la politique de la ville"),
        ):
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
        sessions = [
            (
                "2020-05-14",
                "Club de l'Ouest : première rencontre des cités éducatives de l'Ouest",
                ["mise en reseau", "crise sanitaire"],
            ),
            (
                "2020-07-02",
                "Club de l'Ouest : la continuité éducative pendant la crise sanitaire",
                ["crise sanitaire", "continuite educative"],
            ),
            (
                "2020-10-08",
                "Club de l'Ouest : sous-groupes gouvernance et évaluation",
                ["gouvernance", "evaluation"],
            ),
            (
                "2020-12-10",
                "Club de l'Ouest : construire le protocole d'évaluation",
                ["evaluation"],
            ),
            (
                "2021-03-18",
                "Club de l'Ouest : financements et valorisation des actions",
                ["financements", "valorisation"],
            ),
            (
                "2021-06-24",
                "Club de l'Ouest : les partenariats avec les collectivités",
                ["partenariats collectivites", "gouvernance"],
            ),
            (
                "2021-10-14",
                "Club de l'Ouest : articulation avec le droit commun et bilan",
                ["droit commun", "evaluation"],
            ),
        ]
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
        gt = [
            ("2020-09-15", "lancement de la capitalisation"),
            ("2021-01-12", "fiches d'expériences"),
            ("2021-04-13", "fiches transversales"),
            ("2021-09-14", "relecture des fiches"),
            ("2022-01-18", "fiches transversales : évaluation et réseaux de professionnels"),
            ("2022-06-14", "fiches transversales : santé et plurilinguisme"),
            ("2022-11-15", "gestion éditoriale des fiches"),
            ("2023-01-17", "dernières fiches de la convention prorogée"),
            ("2023-03-14", "bilan de la convention"),
        ]
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
        events = [
            ("2021-06-03", "Printemps des cités 2021", ["mise en reseau", "valorisation"], "visio"),
            ("2021-09-30", "Rentrée des cités 2021", ["gouvernance", "evaluation"], "hybride"),
            (
                "2022-05-19",
                "Printemps des cités 2022",
                ["valorisation", "cooperation educative"],
                "presentiel",
            ),
            ("2022-10-13", "Rentrée des cités 2022", ["evaluation", "droit commun"], "presentiel"),
        ]
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
        for k, day in enumerate(("2019-10-03", "2019-10-10", "2019-10-17", "2019-10-24"), start=1):
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
        for k, day in enumerate(("2022-04-07", "2022-05-12", "2022-06-09", "2022-10-06"), start=1):
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
        paca = [
            "cite-042",
            "cite-043",
            "cite-044",
            "cite-172",
            "cite-108",
            "cite-007",
            "cite-031",
            "cite-052",
            "cite-060",
            "cite-125",
        ]
        for day, themes in (
            ("2020-01-23", ["mise en reseau", "gouvernance"]),
            ("2020-06-18", ["crise sanitaire", "continuite educative"]),
            ("2020-12-03", ["evaluation"]),
            ("2021-06-17", ["evaluation", "capitalisation"]),
            ("2021-11-18", ["valorisation", "financements"]),
            ("2022-06-23", ["parentalite", "cooperation educative"]),
            ("2022-12-08", ["evaluation", "droit commun"]),
            ("2023-04-20", ["jeunes 16-25 ans", "evaluation"]),
        ):
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
        bdr = ["cite-042", "cite-043", "cite-044", "cite-172", "cite-060", "cite-108", "cite-125"]
        for day, themes in (
            ("2020-10-15", ["gouvernance"]),
            ("2021-10-07", ["programmation", "evaluation"]),
            ("2022-09-15", ["cooperation educative"]),
            ("2023-03-09", ["evaluation"]),
        ):
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
        v95 = ["cite-026", "cite-070", "cite-079", "cite-081", "cite-099", "cite-142"]
        s93 = ["cite-018", "cite-006", "cite-011", "cite-030", "cite-071", "cite-082", "cite-115"]
        e91 = ["cite-019", "cite-024", "cite-028"]
        for day, title, themes in (
            (
                "2019-09-19",
                "Réunion des troïkas des cités éducatives du Val-d'Oise",
                ["gouvernance"],
            ),
            (
                "2019-12-05",
                "Séminaire départemental des cités éducatives du Val-d'Oise",
                ["gouvernance", "programmation"],
            ),
            (
                "2020-06-25",
                "Cités éducatives du Val-d'Oise : bilan du confinement",
                ["crise sanitaire"],
            ),
            (
                "2021-03-04",
                "Cités éducatives du Val-d'Oise : accueil des nouvelles cités",
                ["mise en reseau", "gouvernance"],
            ),
            (
                "2021-11-25",
                "Cités éducatives du Val-d'Oise : évaluation à mi-parcours",
                ["evaluation"],
            ),
            (
                "2022-05-05",
                "Cités éducatives du Val-d'Oise : rencontre départementale",
                ["cooperation educative", "parentalite"],
            ),
            (
                "2022-12-01",
                "Cités éducatives du Val-d'Oise : rencontre départementale",
                ["evaluation", "droit commun"],
            ),
            (
                "2023-05-25",
                "Cités éducatives du Val-d'Oise : rencontre départementale",
                ["valorisation"],
            ),
        ):
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
        for day, themes in (
            ("2019-10-10", ["mise en reseau"]),
            ("2020-01-30", ["programmation"]),
            ("2020-04-23", ["crise sanitaire"]),
            ("2020-09-24", ["continuite educative"]),
            ("2021-02-18", ["evaluation"]),
            ("2021-06-10", ["parentalite"]),
            ("2021-10-14", ["gouvernance", "droit commun"]),
            ("2022-03-24", ["sante"]),
            ("2022-09-29", ["jeunes 16-25 ans"]),
            ("2023-03-16", ["evaluation"]),
        ):
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
        for day, themes in (
            ("2019-11-14", ["gouvernance"]),
            ("2020-06-04", ["crise sanitaire"]),
            ("2021-01-28", ["evaluation"]),
            ("2021-09-23", ["programmation"]),
            ("2022-06-02", ["parentalite"]),
            ("2023-02-02", ["evaluation"]),
        ):
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
        cycle = [
            (
                "2020-02-06",
                "Mesurer l'impact des coopérations éducatives : séminaire 1, coopérer pour éduquer",
                ["cooperation educative", "developpement durable"],
                "presentiel",
            ),
            (
                "2020-10-01",
                "Mesurer l'impact des coopérations éducatives : séminaire 2, l'évaluation "
                "support de la coopération",
                ["cooperation educative", "evaluation"],
                "hybride",
            ),
            (
                "2020-11-19",
                "Mesurer l'impact des coopérations éducatives : atelier à distance 1, définir "
                "les objectifs de la coopération",
                ["cooperation educative"],
                "visio",
            ),
            (
                "2021-01-21",
                "Mesurer l'impact des coopérations éducatives : atelier à distance 2, facteurs "
                "de réussite et de blocage",
                ["cooperation educative", "evaluation"],
                "visio",
            ),
            (
                "2021-03-11",
                "Mesurer l'impact des coopérations éducatives : atelier à distance 3, "
                "fédérer les partenaires opérationnels",
                ["cooperation educative", "mise en reseau"],
                "visio",
            ),
            (
                "2021-05-20",
                "Mesurer l'impact des coopérations éducatives : atelier à distance 4, "
                "évaluer le fonctionnement en troïka",
                ["gouvernance", "evaluation"],
                "visio",
            ),
            (
                "2021-06-24",
                "Mesurer l'impact des coopérations éducatives : atelier à distance 5, "
                "continuité entre premier et second degrés",
                ["continuite educative", "evaluation"],
                "visio",
            ),
        ]
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
        hdf = [
            "cite-002",
            "cite-005",
            "cite-020",
            "cite-022",
            "cite-034",
            "cite-037",
            "cite-064",
            "cite-074",
            "cite-076",
            "cite-083",
            "cite-096",
        ]
        nord = ["cite-022", "cite-037", "cite-064", "cite-074", "cite-076", "cite-096"]
        pdc = ["cite-005", "cite-034", "cite-083"]
        regional = [
            ("2019-11-21", ["mise en reseau", "gouvernance"]),
            ("2020-02-13", ["programmation"]),
            ("2020-06-11", ["crise sanitaire"]),
            ("2020-11-26", ["continuite educative", "numerique"]),
            ("2021-04-01", ["evaluation"]),
            ("2021-07-01", ["parentalite"]),
            ("2021-11-18", ["financements", "droit commun"]),
            ("2022-03-24", ["evaluation"]),
            ("2022-06-16", ["sante", "competences psychosociales"]),
            ("2022-11-24", ["valorisation"]),
            ("2023-03-23", ["jeunes 16-25 ans"]),
            ("2023-06-15", ["evaluation", "gouvernance"]),
        ]
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
        for day, themes in (
            ("2019-12-12", ["gouvernance"]),
            ("2020-09-24", ["crise sanitaire"]),
            ("2021-02-11", ["evaluation"]),
            ("2021-09-23", ["parentalite"]),
            ("2022-02-10", ["programmation"]),
            ("2022-09-22", ["petite enfance"]),
            ("2023-02-09", ["evaluation"]),
        ):
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
        for day, themes in (
            ("2020-01-16", ["gouvernance"]),
            ("2020-10-15", ["continuite educative"]),
            ("2021-10-07", ["evaluation"]),
            ("2022-10-06", ["parentalite"]),
            ("2023-01-19", ["valorisation"]),
        ):
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
        for day, themes in (
            ("2019-12-05", ["mise en reseau"]),
            ("2020-09-17", ["crise sanitaire"]),
            ("2021-05-27", ["evaluation"]),
            ("2022-06-09", ["plurilinguisme"]),
            ("2023-04-13", ["evaluation"]),
        ):
            self.multi(
                day,
                "Journée régionale des cités éducatives du Grand Est",
                "regional",
                ["crpv-oriv"],
                themes,
                ["cite-008", "cite-049", "cite-050", "cite-072"],
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
            ["cite-039", "cite-077", "cite-078"],
            1,
            3,
            extra=labo + self.dep_staff["69"],
            fmt="visio",
        )
        for day, themes in (
            ("2021-06-08", ["evaluation"]),
            ("2021-11-25", ["cooperation educative"]),
            ("2022-05-12", ["parentalite"]),
            ("2023-02-16", ["evaluation"]),
        ):
            self.multi(
                day,
                "Rencontre régionale des cités éducatives d'Auvergne-Rhône-Alpes",
                "regional",
                ["crpv-labo-cites"],
                themes,
                ["cite-039", "cite-066", "cite-077", "cite-078"],
                1,
                3,
                extra=labo,
            )
        tr = self.crpv_staff("crpv-trajectoire-ressources")
        for day, themes in (
            ("2019-11-28", ["gouvernance"]),
            ("2020-12-17", ["crise sanitaire"]),
            ("2021-10-21", ["evaluation"]),
            ("2022-11-17", ["valorisation"]),
        ):
            self.multi(
                day,
                "Rencontre régionale des cités éducatives de Bourgogne-Franche-Comté",
                "regional",
                ["crpv-trajectoire-ressources"],
                themes,
                ["cite-009", "cite-017", "cite-047"],
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
            ["cite-073", "cite-048", "cite-053", "cite-059"],
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
        for k, day in enumerate(("2019-10-08", "2019-10-22", "2019-11-05", "2019-11-19"), start=1):
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
            ["cite-032", "cite-065", "cite-067"],
            1,
            3,
            extra=norm[:1] + self.dep_staff["76"],
            fmt="visio",
        )
        normandie = ["cite-029", "cite-032", "cite-065", "cite-067", "cite-139"]
        for day, themes in (
            ("2021-02-04", ["mise en reseau", "evaluation"]),
            ("2022-04-14", ["cooperation educative"]),
            ("2022-11-10", ["parentalite"]),
            ("2023-05-11", ["evaluation"]),
        ):
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
        pdl = ["cite-001", "cite-003", "cite-051", "cite-068", "cite-104", "cite-123"]
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
        cvl = ["cite-010", "cite-023", "cite-054"]
        for day, themes in (
            ("2021-04-08", ["evaluation"]),
            ("2022-03-17", ["cooperation educative"]),
            ("2022-12-08", ["parentalite"]),
            ("2023-04-06", ["evaluation", "valorisation"]),
        ):
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
                    themes = ["gouvernance"] + rng.sample(
                        ["programmation", "evaluation", "financements"], 1
                    )
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
                [
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
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        default=os.path.join(os.path.dirname(here), "data", "sample"),
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
