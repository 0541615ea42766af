"""When a cité counts: the one rule for labelling dates.

A cité éducative exists for coopgraph from its labelling onwards. The input
gives the labelling *year* (``Cite.wave``: 2019, 2021, 2022, 2024...); the
official files give no day, so a cité counts from 1 January of its year. A
period ending on ``on`` counts the cités labelled on or before ``on``.

An unknown labelling year is not silently read as "labelled from the start":
every caller says what it does with it (``if_unknown=``), and validation warns
about each such cité (``coopgraph validate --strict`` refuses them). Until the
analyses treat unknown years on their own, they keep counting them
(:data:`COUNT_UNKNOWN`), which is the behaviour they had before this rule was
written down, now said out loud by the validation warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coopgraph.model import Cite

#: What the analyses do today with a cité whose labelling year is unknown:
#: they count it over every period. Validation warns about each such cité.
COUNT_UNKNOWN = True


def labelled_since(cite: Cite) -> date | None:
    """The first day ``cite`` counts as labelled, ``None`` when unknown.

    >>> labelled_since(Cite("c", "C", "28", wave=2021))
    datetime.date(2021, 1, 1)
    >>> labelled_since(Cite("c", "C", "28")) is None
    True
    """
    return date(cite.wave, 1, 1) if cite.wave else None


def is_labelled(cite: Cite, on: date | None, *, if_unknown: bool) -> bool:
    """Whether ``cite`` was labelled on day ``on`` (``None``: no end date,
    i.e. today: every listed cité). ``if_unknown`` is the answer when the
    labelling year is unknown; callers must choose it.

    >>> c = Cite("c", "C", "28", wave=2021)
    >>> is_labelled(c, date(2020, 12, 31), if_unknown=True), is_labelled(c, date(2021, 1, 1), if_unknown=True)
    (False, True)
    >>> is_labelled(c, None, if_unknown=False)
    True
    >>> unknown = Cite("u", "U", "28")
    >>> is_labelled(unknown, date(2020, 1, 1), if_unknown=True), is_labelled(unknown, None, if_unknown=False)
    (True, False)
    """
    return wave_labelled(cite.wave, on, if_unknown=if_unknown)


def wave_labelled(wave: int | None, on: date | None, *, if_unknown: bool) -> bool:
    """:func:`is_labelled` for a labelling year ``wave`` alone (a graph's
    ``wave`` node attribute), ``None`` when unknown.

    >>> wave_labelled(2021, date(2020, 5, 13), if_unknown=True), wave_labelled(None, None, if_unknown=False)
    (False, False)
    """
    if not wave:
        return if_unknown
    return on is None or date(wave, 1, 1) <= on


def unknown_labelling(cites: Iterable[Cite]) -> list[Cite]:
    """The cités whose labelling year is unknown, by id.

    >>> [c.id for c in unknown_labelling([Cite("b", "B", "28"), Cite("a", "A", "28", wave=2019)])]
    ['b']
    """
    return sorted((c for c in cites if labelled_since(c) is None), key=lambda c: c.id)
