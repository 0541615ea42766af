"""Kept for imports of the old place: the catalogues and the translator live
in :mod:`coopgraph.i18n`, the région label in :mod:`coopgraph.labels`."""

from coopgraph.i18n import LANGS, MESSAGES, register_messages, translator
from coopgraph.labels import region_label

__all__ = ["LANGS", "MESSAGES", "region_label", "register_messages", "translator"]
