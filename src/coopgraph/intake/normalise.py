"""Normal forms of what people type on attendance lists: person names,
organisation names, communes and e-mail addresses.

These are comparison keys, never shown to users.
"""

from __future__ import annotations

import re
import unicodedata

from coopgraph.geo import normalise_name as _normalise_place

CIVILITIES = frozenset(
    {
        "m",
        "mr",
        "mme",
        "mlle",
        "melle",
        "mademoiselle",
        "madame",
        "monsieur",
        "dr",
        "docteur",
        "pr",
        "professeur",
        "me",
        "mrs",
        "ms",
        "miss",
    }
)
PARTICLES = frozenset({"de", "du", "des", "d", "le", "la", "van", "von", "der", "den", "da", "di"})

# Common French short forms of first names (the benchmark's "nicknames").
NICKNAMES: dict[str, str] = {
    "alex": "alexandre",
    "fred": "frederic",
    "nico": "nicolas",
    "seb": "sebastien",
    "steph": "stephane",
    "manu": "emmanuel",
    "cath": "catherine",
    "cathy": "catherine",
    "chris": "christophe",
    "dom": "dominique",
    "val": "valerie",
    "isa": "isabelle",
    "max": "maxime",
    "flo": "florence",
    "greg": "gregory",
    "tom": "thomas",
    "ben": "benjamin",
    "caro": "caroline",
    "sandy": "sandrine",
    "nath": "nathalie",
    "jb": "jean baptiste",
    "jf": "jean francois",
    "jp": "jean pierre",
    "jc": "jean claude",
    "pat": "patrick",
    "phil": "philippe",
    "vince": "vincent",
    "mat": "mathieu",
    "matt": "mathieu",
    "matthieu": "mathieu",
    "gab": "gabriel",
    "juju": "julien",
    "domi": "dominique",
    "babeth": "elisabeth",
    "sam": "samuel",
}

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015'\u2019\u2018`´.,;:/_()\[\]\"«»]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: no accents, ligatures expanded.

    >>> fold("Éloïse Cœur")
    'eloise coeur'
    """
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a person's name, folded, civilities dropped, hyphenated
    parts split, short forms of first names expanded.

    >>> name_tokens("Mme DUPONT-Moretti Marie")
    ('dupont', 'moretti', 'marie')
    >>> name_tokens("M. Fred d'Alembert")
    ('frederic', 'd', 'alembert')
    """
    words = [w for w in _SEPARATORS.split(fold(name)) if w]
    while words and words[0] in CIVILITIES:
        words = words[1:]
    out: list[str] = []
    for word in words:
        out.extend(NICKNAMES.get(word, word).split())
    return tuple(out)


def name_key(name: str) -> str:
    """Order-free comparison key of a person's name: tokens without
    particles, sorted.

    >>> name_key("DE LA FONTAINE Jean") == name_key("Jean Fontaine")
    True
    >>> name_key("Marie Dupont") == name_key("Mme dupont marie")
    True
    """
    tokens = [t for t in name_tokens(name) if t not in PARTICLES] or list(name_tokens(name))
    return " ".join(sorted(tokens))


# Organisation words that say the same thing in different ways.
_ORG_SYNONYMS = {
    "mairie": "ville",
    "commune": "ville",
    "hotel": "ville",
    "municipalite": "ville",
    "cne": "ville",
    "asso": "association",
    "assoc": "association",
    "st": "saint",
    "ste": "sainte",
    "dept": "departement",
    "cd": "conseil departemental",
    "ccas": "ccas",
    "educ": "education",
    "ed": "education",
    "nat": "nationale",
}
_ORG_STOPWORDS = frozenset(
    {"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pour", "sur"}
)


def org_tokens(name: str) -> tuple[str, ...]:
    """Words of an organisation name, folded, stop-words dropped, common
    synonyms unified ("Mairie de" and "Ville de" are one thing).

    >>> org_tokens("Mairie de Rennes") == org_tokens("Ville de RENNES")
    True
    >>> org_tokens("Asso. Les Petits Débrouillards")
    ('association', 'petits', 'debrouillards')
    """
    words = [w for w in _SEPARATORS.split(fold(name)) if w]
    out: list[str] = []
    for word in words:
        for part in _ORG_SYNONYMS.get(word, word).split():
            if part not in _ORG_STOPWORDS and not (out and part == "ville" and out[-1] == "ville"):
                out.append(part)
    return tuple(out)


def org_key(name: str) -> str:
    """Comparison key of an organisation name (tokens in their order)."""
    return " ".join(org_tokens(name))


def commune_key(name: str | None) -> str:
    """Comparison key of a commune name ("St-Denis" and "Saint Denis" agree).

    >>> commune_key("St-Étienne-du-Rouvray") == commune_key("saint etienne du rouvray")
    True
    """
    if not name:
        return ""
    words = _normalise_place(name).replace(".", " ").split()
    return " ".join({"st": "saint", "ste": "sainte"}.get(w, w) for w in words)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(value: str | None) -> str | None:
    """The comparable form of an e-mail address, or None when it is not one.

    >>> normalise_email(" mailto:Marie.DUPONT@Rennes.fr ")
    'marie.dupont@rennes.fr'
    >>> normalise_email("n/a") is None
    True
    """
    if not value:
        return None
    text = value.strip().lower()
    text = text.removeprefix("mailto:").strip("<> ")
    return text if _EMAIL.match(text) else None


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII slug for new ids.

    >>> slug("Ville de Saint-Étienne-du-Rouvray")
    'ville-de-saint-etienne-du-rouvray'
    """
    words = re.findall(r"[a-z0-9]+", fold(text))
    out = "-".join(words)[:limit].strip("-")
    return out or "x"
