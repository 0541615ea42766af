"""The library's exception types; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class CoopgraphError(Exception):
    """Base class of every error coopgraph raises on purpose.

    ``key`` and ``values``, when given, name the message in the catalogues
    (``locales/LANG.json``) so that the CLI says it in the reader's language;
    ``str(error)`` stays the English text for logs and library callers."""

    exit_code = 1

    def __init__(self, *args: object, key: str | None = None, **values: object) -> None:
        super().__init__(*args)
        self.key = key
        self.values = values

    @classmethod
    def of(cls, key: str, **values: object) -> CoopgraphError:
        """The error of catalogue message ``key``: said in the reader's
        language by the CLI, English in ``str(error)``."""
        from coopgraph.i18n import translator

        english = {k: v.words("en") if isinstance(v, InLanguage) else v for k, v in values.items()}
        return cls(translator("en")(key, **english), key=key, **values)


class InLanguage:
    """A value of an error message that is itself words: written in the
    language the message is said in (``format`` reads the run's language).

    >>> from coopgraph.i18n import use_lang
    >>> yes = InLanguage(lambda lang: {"fr": "oui", "en": "yes"}[lang])
    >>> use_lang("en"); f"{yes}"
    'yes'
    >>> use_lang("fr"); f"{yes}"
    'oui'
    """

    def __init__(self, words: Callable[[str], str]) -> None:
        self.words = words

    def __format__(self, spec: str) -> str:
        from coopgraph.i18n import current_lang

        return format(self.words(current_lang()), spec)

    def __str__(self) -> str:
        return self.__format__("")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input file, located by file, line and column.

    ``line`` is the 1-based physical line in a CSV file (the header is line 1)
    or the row number in a spreadsheet; ``column`` is the 1-based column
    number. Either may be ``None`` when the problem concerns a whole file or a
    whole column.
    """

    file: str
    line: int | None
    column: int | None
    column_name: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        name = f" [{self.column_name}]" if self.column_name else ""
        from coopgraph.io.output import terminal_text  # values quoted may hold escapes

        return terminal_text(f"{where}:{name} {self.message}")


class DataValidationError(CoopgraphError):
    """The input data breaks the format; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_key)
        from coopgraph.io.messages import say

        super().__init__(say("problems_found", n=len(self.problems)))

    def report_lines(self, limit: int = 100) -> list[str]:
        """The problems as printed: the first ``limit``, then one line
        counting the rest (a million errors must not flood the terminal)."""
        from coopgraph.io.messages import say

        shown = [str(p) for p in self.problems[:limit]]
        rest = len(self.problems) - len(shown)
        return shown + ([say("more_problems", n=rest)] if rest > 0 else [])


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.column or 0, p.message)


class InputError(CoopgraphError):
    """A file or directory cannot be read at all (missing, wrong type, unreadable)."""

    exit_code = 2


class OutputError(CoopgraphError):
    """An output file cannot be written (a file where a folder is expected, no permission)."""

    exit_code = 2


class StoreError(CoopgraphError):
    """The graph store (Neo4j) cannot be reached or refused an operation."""

    exit_code = 3


class PlanningError(CoopgraphError):
    """The cluster planner cannot satisfy the constraints it was given."""

    exit_code = 4


class MissingDependencyError(CoopgraphError):
    """A package coopgraph depends on cannot be imported (a broken installation).

    Distinct from :class:`PlanningError` (exit code 4, also the code of
    ``--strict`` failures): the fix is to reinstall, not to change the data
    or the options.
    """

    exit_code = 5


class MemoryBudgetError(CoopgraphError):
    """A computation would exceed the memory budget (:mod:`coopgraph.budget`);
    nothing was computed. :meth:`message` gives the estimate, the budget and
    the options that make the computation feasible in a language (the CLI
    prints it in the run's; ``str()`` is the English text)."""

    exit_code = 6

    def __init__(
        self,
        what: str,
        estimate: str,
        budget: str,
        pairs: int,
        *,
        env: str,
        largest: int,
        suggestion: int | None,
    ) -> None:
        self.what, self.estimate, self.budget, self.pairs = what, estimate, budget, pairs
        self.env, self.largest, self.suggestion = env, largest, suggestion
        super().__init__(self.message("en"))

    def message(self, lang: str = "fr") -> str:
        from coopgraph.i18n import translator

        t = translator(lang)
        sep = "\u202f" if lang == "fr" else ","
        hint = (
            t("budget.hint.max_attendance", n=self.suggestion, largest=self.largest)
            if self.suggestion is not None
            else t("budget.hint.none")
        )
        return t(
            "budget.actors",
            what=t(f"budget.what.{self.what}"),
            pairs=f"{self.pairs:,}".replace(",", sep),
            estimate=self.estimate,
            budget=self.budget,
            env=self.env,
            hint=hint,
        )


class WorkBudgetError(MemoryBudgetError):
    """A computation would take too long (:data:`coopgraph.budget.WORK_LIMIT`:
    an upper bound of its work, estimated up front); nothing was computed.
    Same exit code and options as :class:`MemoryBudgetError`."""

    def __init__(
        self, what: str, work: int, limit: int, pairs: int, *, largest: int, suggestion: int | None
    ) -> None:
        self.work, self.limit = work, limit
        super().__init__(what, "", "", pairs, env="", largest=largest, suggestion=suggestion)

    def message(self, lang: str = "fr") -> str:
        from coopgraph.i18n import translator

        t = translator(lang)
        hint = (
            t("budget.hint.work_max_attendance", n=self.suggestion, largest=self.largest)
            if self.suggestion is not None
            else t("budget.hint.work_none")
        )
        return t(
            "budget.work",
            what=t(f"budget.what.{self.what}"),
            work=f"{self.work / 1e9:.0f}",
            limit=f"{self.limit / 1e9:.0f}",
            hint=hint,
        )
