"""Stable pseudonyms for people, so reports can be shared without names.

A pseudonym is derived from the actor id with a keyed hash (HMAC-SHA256): the
same actor gets the same pseudonym in every report made with the same key,
and the name cannot be recovered from it. The key comes from the
``COOPGRAPH_PSEUDONYM_KEY`` environment variable (a fixed project default
otherwise: stable, but then anyone with the ids can recompute the mapping).
"""

from __future__ import annotations

import hashlib
import hmac
import os

from coopgraph.model import Dataset

_DEFAULT_KEY = "coopgraph-pseudonyms-v1"
_LABEL = {"fr": "Personne", "en": "Person"}


def _key(key: str | None) -> bytes:
    return (key or os.environ.get("COOPGRAPH_PSEUDONYM_KEY") or _DEFAULT_KEY).encode("utf-8")


def pseudonym(actor_id: str, lang: str = "fr", key: str | None = None, digits: int = 4) -> str:
    """A stable pseudonym for ``actor_id``, e.g. ``"Personne 0042"``.

    >>> pseudonym("act-0001") == pseudonym("act-0001")
    True
    >>> pseudonym("act-0001", "en").startswith("Person ")
    True
    """
    digest = hmac.new(_key(key), actor_id.encode("utf-8"), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") % (10**digits)
    return f"{_LABEL.get(lang, _LABEL['fr'])} {number:0{digits}d}"


def pseudonyms(ds: Dataset, lang: str = "fr", key: str | None = None) -> dict[str, str]:
    """Pseudonym of every actor of ``ds``, by actor id, unique within the
    dataset (a collision of the short number gets a longer one)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for actor in sorted(ds.actors, key=lambda a: a.id):
        digits = 4
        name = pseudonym(actor.id, lang, key, digits)
        while name in used:
            digits += 2
            name = pseudonym(actor.id, lang, key, digits)
        used.add(name)
        out[actor.id] = name
    return out


def person_labeller(ds: Dataset, pseudonymise: bool, lang: str = "fr", key: str | None = None):
    """A function ``label(actor_id) -> str``: the person's name, or their
    pseudonym when ``pseudonymise``; unknown ids are returned unchanged.

    >>> from coopgraph.model import Actor
    >>> ds = Dataset(actors=(Actor("a1", "Jeanne Martin", "i"),))
    >>> person_labeller(ds, False)("a1"), person_labeller(ds, True)("a1") != "Jeanne Martin"
    ('Jeanne Martin', True)
    """
    if pseudonymise:
        names = pseudonyms(ds, lang, key)
    else:
        names = {a.id: a.name for a in ds.actors}
    return lambda actor_id: names.get(actor_id, actor_id)
