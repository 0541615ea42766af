"""``--help`` in the user's language: French by default, English with
``--lang en`` or ``COOPGRAPH_LANG=en``.

The help texts live in the message catalogues (``locales/LANG.json``), not
in the code: a command's text under ``help.cmd.PATH`` (``PATH`` its name,
``users.add`` for a sub-command, ``coopgraph`` for the program), an
option's or argument's under ``help.opt.PATH.NAME`` when it is the
command's own, else under ``help.opt.NAME`` when the option is shared
(``--since``, ``--lang``, ...). Click's own words (``Usage:``, the
``[default: ...]`` notes, type names such as ``INTEGER``) are rendered from
the catalogue too.

Help is printed while the command line is being parsed, before ``--lang``
has a value, so its language is decided from the command line itself: the
last ``--lang en`` (or ``--lang=en``) on it, else ``COOPGRAPH_LANG``, else
French.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from coopgraph.i18n import LANGS, Translator, catalogue, env_lang, translator

_META_KEY = "coopgraph.help_lang"

#: What ``example()`` writes before a command's examples (English, as typed
#: in the code); rendered in the help's language.
EXAMPLE_LABELS = {"Example:": "help.example", "Examples:": "help.examples"}


def lang_in_args(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` on a command line, if any.

    >>> lang_in_args(['report', 'data', '--lang', 'en', '--help'])
    'en'
    >>> lang_in_args(['report', '--lang=fr', '--help']), lang_in_args(['--help'])
    ('fr', None)
    """
    from coopgraph.commands.options import LANG_FLAG

    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == LANG_FLAG and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(f"{LANG_FLAG}="):
            found = arg.partition("=")[2]
    return found if found in LANGS else None


def remember_help_lang(ctx: click.Context, args: Sequence[str]) -> None:
    """Decide the language of any help printed while parsing ``args`` (the
    whole command line, given to the program's group)."""
    ctx.meta[_META_KEY] = lang_in_args(args) or env_lang() or "fr"


def help_lang(ctx: click.Context) -> str:
    """The language of the help printed in ``ctx`` (French by default)."""
    return ctx.meta.get(_META_KEY) or env_lang() or "fr"


def _path(ctx: click.Context) -> str:
    """``report``, ``users.add``, or ``coopgraph`` for the program itself."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or (ctx.command.name or ""))
        ctx = ctx.parent
    return ".".join(reversed(names)) or "coopgraph"


def _lookup(keys: Sequence[str], lang: str) -> str | None:
    table = catalogue(lang)
    for key in keys:
        if key in table:
            return table[key]
    return None


def command_help(path: str, command: click.Command, lang: str) -> str:
    """The text of ``command`` (at ``path``) in ``lang`` (its code text
    when the catalogue lacks it: a test reports that)."""
    text = _lookup([f"help.cmd.{path}"], lang)
    return text if text is not None else inspect.cleandoc(command.help or "")


def param_help(ctx: click.Context, param: click.Parameter, lang: str) -> str:
    """The help of ``param`` in ``lang``: the command's own, else the shared one."""
    path, name = _path(ctx), param.name or ""
    if "--help" in getattr(param, "opts", ()):
        name = "help"  # click's own option, whatever click names it
    text = _lookup([f"help.opt.{path}.{name}", f"help.opt.{name}"], lang)
    return text if text is not None else (getattr(param, "help", None) or "")


_WORD = re.compile(r"[A-Z][A-Z_]+(?: RANGE)?")


def _metavars(text: str, t: Translator) -> str:
    """Click's type names and argument names in the help's language
    (``INTEGER`` becomes ``ENTIER``, ``DATA`` becomes ``DONNÉES``)."""

    def one(match: re.Match[str]) -> str:
        word = match.group().removesuffix(" RANGE")
        key = f"help.metavar.{word.lower()}"
        found = t(key)
        return match.group() if found == key else found

    return _WORD.sub(one, text)


def _extra(ctx: click.Context, param: click.Option, t: Translator) -> str:
    """The ``[default: ...]`` notes of an option, in the help's language."""
    extra: Any = param.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(t("help.envvar", var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(t("help.default", default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(t("help.required"))
    return f"[{'; '.join(items)}]" if items else ""


def short_help(text: str, limit: int = 45) -> str:
    """The first sentence of ``text``, cut at a word to fit ``limit``.

    >>> short_help("Écrit une carte. Puis la montre.")
    'Écrit une carte.'
    >>> short_help("Liste les acteurs et institutions probablement en double", 30)
    'Liste les acteurs et...'
    """
    words = text.split("\n\n")[0].split()
    out: list[str] = []
    for word in words:
        if len(" ".join([*out, word])) > limit - (0 if word.endswith(".") else 3):
            return " ".join(out) + "..."
        out.append(word)
        if word.endswith("."):
            break
    return " ".join(out)


@contextmanager
def _section(formatter: click.HelpFormatter, heading: str) -> Iterator[None]:
    """Click's ``formatter.section``, with the heading's colon written by
    the catalogue (French puts a space before it)."""
    formatter.write_paragraph()
    formatter.write(f"{'':>{formatter.current_indent}}{heading}\n")
    with formatter.indentation():
        yield


class HelpCommand(click.Command):
    """A command whose ``--help`` is read from the catalogues."""

    def get_short_help_str(self, limit: int = 45) -> str:
        ctx = click.get_current_context(silent=True)
        if ctx is None:
            return super().get_short_help_str(limit)
        parent = _path(ctx)
        path = f"{parent}.{self.name}" if ctx.parent is not None else str(self.name)
        text = command_help(path, self, help_lang(ctx))
        return short_help(text, limit)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        t = translator(help_lang(ctx))
        pieces = _metavars(" ".join(self.collect_usage_pieces(ctx)), t)
        formatter.write_usage(ctx.command_path, pieces, prefix=t("help.usage") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = command_help(_path(ctx), self, help_lang(ctx)).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        t = translator(lang)
        rows = [
            (_metavars(p.make_metavar(ctx), t), param_help(ctx, p, lang))
            for p in self.get_params(ctx)
            if isinstance(p, click.Argument)
        ]
        if rows:
            with _section(formatter, t("help.arguments")):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        t = translator(lang)
        rows = []
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option) or param.hidden:
                continue
            text = param_help(ctx, param, lang)
            extra = _extra(ctx, param, t)
            text = f"{text}  {extra}" if text and extra else text or extra
            rows.append((_metavars(param.get_help_spec(ctx), t), text))
        if rows:
            with _section(formatter, t("help.options")):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self.epilog:
            return
        t = translator(help_lang(ctx))
        lines = [
            t(EXAMPLE_LABELS[line]) if line in EXAMPLE_LABELS else line
            for line in inspect.cleandoc(self.epilog).splitlines()
        ]
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text("\n".join(lines))


class HelpGroup(HelpCommand, click.Group):
    """A group whose help, and whose sub-commands' help, are read from the
    catalogues."""

    command_class = HelpCommand
    group_class = type  # sub-groups are HelpGroups too

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        HelpCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        names = [n for n in self.list_commands(ctx) if not self.commands[n].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        for name in names:
            rows.append((name, self.commands[name].get_short_help_str(limit)))
        with _section(formatter, translator(help_lang(ctx))("help.commands")):
            formatter.write_dl(rows)


# ---------------------------------------------------------------- click's own words

#: Click's modules whose messages a user may read (usage errors, prompts).
_CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "termui")


def click_gettext(message: str) -> str:
    """One of click's messages in the run's language: click marks its
    messages for gettext; coopgraph's catalogues hold them under
    ``click.MESSAGE`` (English is the message itself)."""
    from coopgraph.i18n import current_lang

    return catalogue(current_lang()).get(f"click.{message}", message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    """:func:`click_gettext` for a message with a plural."""
    return click_gettext(singular if n == 1 else plural)


def install_click_messages() -> None:
    """Route click's gettext calls (``_`` and ``ngettext`` in its modules)
    to the catalogues, so that its usage errors speak French by default."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]
