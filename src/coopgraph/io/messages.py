"""Messages about unreadable or malformed input files and unwritable
outputs: the ``io.*`` keys of the catalogues (``locales/LANG.json``), in the
language of the run (:func:`coopgraph.i18n.current_lang`: ``--lang``, else
``COOPGRAPH_LANG``, else French).
"""

from __future__ import annotations

from coopgraph.i18n import current_lang, translator

_PREFIX = "io."


def lang() -> str:
    """The language of messages (see :func:`coopgraph.i18n.current_lang`)."""
    return current_lang()


def say(key: str, **values: object) -> str:
    """The message ``io.KEY`` in the current language, filled with ``values``.

    >>> from coopgraph.i18n import use_lang
    >>> use_lang("en")
    >>> say("extra_cells", cells=4, width=3)
    'row has 4 cells but the header has 3'
    >>> use_lang("fr")
    >>> say("extra_cells", cells=4, width=3)
    "la ligne a 4 cellules mais l'en-tête en a 3"
    """
    return translator(current_lang())(_PREFIX + key, **values)
