"""Text of the workspace's pages: the ``web.*`` keys of the catalogues
(``locales/LANG.json``), French first, English second. Templates read it
as ``{{ T.key }}``."""

from __future__ import annotations

from coopgraph.i18n import LANGS, catalogue

__all__ = ["LANGS", "Text"]


class Text:
    """The messages of one language for templates: ``T.key`` reads a
    message; :meth:`format` fills one."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "fr"
        self._messages = catalogue(self.lang)

    def __getitem__(self, key: str) -> str:
        return self._messages.get(f"web.{key}") or catalogue("fr").get(f"web.{key}", key)

    def get(self, key: str, default: str) -> str:
        """The message ``key``, ``default`` when neither language has it."""
        return self._messages.get(f"web.{key}") or catalogue("fr").get(f"web.{key}") or default

    def format(self, key: str, **kw: object) -> str:
        return self[key].format(**kw)
