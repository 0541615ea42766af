"""What the intake commands say, French by default, English with ``--lang en``.

The messages are the ``intake.*`` keys of the package catalogues
(``locales/LANG.json``). The language is held in a context variable set once by the command
(:func:`use_lang`), so library errors raised deep down speak it too.
"""

from __future__ import annotations

import contextvars

from coopgraph.i18n import LANGS, catalogue

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("coopgraph_intake_lang", default="fr")

_PREFIX = "intake."


def use_lang(lang: str) -> None:
    """Set the language of intake messages for the rest of this context."""
    _LANG.set(lang if lang in LANGS else "fr")


def current_lang() -> str:
    return _LANG.get()


def message(key: str, **values: object) -> str:
    """The text of ``key`` in the current language.

    >>> message("decision.review")
    'à vérifier'
    """
    table = catalogue(_LANG.get())
    text = table.get(_PREFIX + key) or catalogue("fr").get(_PREFIX + key) or key
    return text.format(**values) if values else text
