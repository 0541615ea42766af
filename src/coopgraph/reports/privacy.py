"""Kept for imports of the old place: pseudonyms live in :mod:`coopgraph.privacy`."""

from coopgraph.privacy import person_labeller, pseudonym, pseudonyms

__all__ = ["person_labeller", "pseudonym", "pseudonyms"]
