"""Everything a user reads, French by default, English with ``--lang en``.

The messages live in one catalogue per language, ``locales/LANG.json``,
shipped in the package and read once, at first use. A test fails when a key
the code uses is missing from a catalogue, or when the catalogues' keys
differ.
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGS = ("fr", "en")

Translator = Callable[..., str]

_CURRENT: ContextVar[str | None] = ContextVar("coopgraph_lang", default=None)


def env_lang() -> str | None:
    """The language of ``COOPGRAPH_LANG`` (``fr``, ``en``; ``en_GB.UTF-8``
    reads as ``en``), or ``None`` when it is unset or unknown."""
    value = os.environ.get("COOPGRAPH_LANG", "").strip().lower()[:2]
    return value if value in LANGS else None


def use_lang(lang: str) -> None:
    """Set the language of the messages of this run (``--lang``): errors
    raised deep down and the CLI's own words speak it too."""
    _CURRENT.set(lang if lang in LANGS else "fr")


def reset_lang() -> None:
    """Forget the language set by :func:`use_lang` (the end of a run)."""
    _CURRENT.set(None)


def current_lang() -> str:
    """The language set by :func:`use_lang`, else ``COOPGRAPH_LANG``, else
    French: the one language of every message of a run."""
    return _CURRENT.get() or env_lang() or "fr"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of ``lang`` (``locales/LANG.json``), read once.

    >>> catalogue("fr")["yes"], catalogue("en")["yes"]
    ('oui', 'yes')
    """
    text = (resources.files("coopgraph") / "locales" / f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


class _Messages(dict):
    """``MESSAGES[lang]``: the catalogues, loaded on first access."""

    def __missing__(self, lang: str) -> dict[str, str]:
        if lang not in LANGS:
            raise KeyError(lang)
        table = dict(catalogue(lang))
        self[lang] = table
        return table

    def get(self, lang, default=None):
        try:
            return self[lang]
        except KeyError:
            return default


#: The catalogues by language (read from ``locales/`` on first access).
MESSAGES: dict[str, dict[str, str]] = _Messages()


def register_messages(messages: dict[str, dict[str, str]]) -> None:
    """Deprecated: add messages at run time. Messages belong in
    ``locales/LANG.json`` (the catalogue test checks them there)."""
    for lang, table in messages.items():
        MESSAGES[lang].update(table)


class _FrenchNumbers(string.Formatter):
    """Fills a French message: a decimal number is written with a decimal
    comma (``0,64``), as French readers and spreadsheets expect.

    >>> _FRENCH.format("{x:.2f} ; {n} ; {s}", x=0.641, n=3, s="v1.2")
    '0,64 ; 3 ; v1.2'
    """

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, float) or type(value).__name__.startswith("float"):
            return text.replace(".", ",")
        return text


_FRENCH = _FrenchNumbers()


def translator(lang: str) -> Translator:
    """A function ``t(key, **values)`` for ``lang`` (falls back to French,
    then to the key itself).

    >>> t = translator("en")
    >>> t("map.count", nodes=3, edges=2)
    '3 node(s), 2 tie(s)'
    """
    table = MESSAGES.get(lang) or MESSAGES["fr"]
    french = MESSAGES["fr"]
    fmt = _FRENCH if table is french else string.Formatter()

    def t(key: str, **values: object) -> str:
        text = table.get(key) or french.get(key) or key
        return fmt.vformat(text, (), values) if values else text

    return t


def validation_messages(lang: str = "en") -> dict[str, str]:
    """The data-validation messages by check name, ``{value}`` left for the
    offending cell (the lists of allowed codes filled in).

    >>> validation_messages()["meeting_scale"]
    "unknown scale '{value}' (expected one of: local, departemental, regional, interregional, national)"
    """
    from coopgraph.model import (
        INSTITUTION_KINDS,
        MEETING_FORMATS,
        MEETING_SCALES,
        SUPPORT_KINDS,
        TROIKA_ROLES,
    )

    expected = {
        "institution_kind": INSTITUTION_KINDS,
        "meeting_format": MEETING_FORMATS,
        "meeting_scale": MEETING_SCALES,
        "troika_role": TROIKA_ROLES,
        "support_kind": SUPPORT_KINDS,
    }
    prefix = "validation."
    return {
        key[len(prefix) :]: text.format(
            value="{value}", expected=", ".join(expected.get(key[len(prefix) :], ()))
        )
        for key, text in catalogue(lang).items()
        if key.startswith(prefix)
    }
