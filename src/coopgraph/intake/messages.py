"""What the intake commands say, French by default, English with ``--lang en``.

The messages are the ``intake.*`` keys of the package catalogues
(``locales/LANG.json``). The language is held in a context variable set once by the command
(:func:`coopgraph.i18n.use_lang`, one language for every message of the run), so library errors raised deep down speak it too.
"""

from __future__ import annotations

from coopgraph.i18n import catalogue, current_lang, use_lang

__all__ = ["current_lang", "message", "use_lang"]

_PREFIX = "intake."


def message(key: str, **values: object) -> str:
    """The text of ``key`` in the current language.

    >>> message("decision.review")
    'à vérifier'
    """
    table = catalogue(current_lang())
    text = table.get(_PREFIX + key) or catalogue("fr").get(_PREFIX + key) or key
    return text.format(**values) if values else text
