"""The memory budget: estimate the size of a dense graph before building it.

Most of coopgraph's graphs grow with the input (one node per cité, actor or
institution, a few ties each). One does not: the actor co-attendance graph
ties every pair of attendees of a meeting, so a meeting of *k* people makes
*k(k-1)/2* ties and a few national plenaries of 1,000 people make millions
(20,000 generated actors: about 9.2 million pairs, more than 20 GB as a
networkx graph). Before building it, :func:`check_actor_graph` estimates its
size from the attendance counts alone (cheap: one pass over the attendance
rows) and refuses with :class:`MemoryBudgetError` when the estimate exceeds
the budget, naming the options that make the computation feasible.

The budget is 4 GB unless ``COOPGRAPH_MEMORY_BUDGET`` says otherwise
(bytes, or a number with ``K``, ``M`` or ``G``: ``512M``, ``8G``).

Time is bounded the same way where it grows faster than memory: counting
actor-level brokerage costs the sum of the squared degrees of the actor
graph (:func:`~coopgraph.metrics.brokerage.brokerage_work`), which
:func:`brokerage_work_bound` bounds from above before the graph exists; over
:data:`WORK_LIMIT` the computation is refused (:class:`WorkBudgetError`, the
same exit code) with the ``--max-attendance`` that fits both budgets.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coopgraph.errors import InputError, MemoryBudgetError, WorkBudgetError

if TYPE_CHECKING:
    from coopgraph.graph.projections import Period
    from coopgraph.model import Dataset

#: The memory budget when ``COOPGRAPH_MEMORY_BUDGET`` is not set (4 GiB).
DEFAULT_BUDGET = 4 * 1024**3
BUDGET_ENV = "COOPGRAPH_MEMORY_BUDGET"

#: Bytes of one tie of the actor graph as built by
#: :func:`~coopgraph.graph.projections.actor_graph` (a networkx edge with
#: ``weight``, ``distance``, ``meetings``, ``first`` and ``last``, both
#: adjacency entries), measured with ``tracemalloc`` on generated data
#: (``benchmarks/bench_memory.py --calibrate``).
BYTES_PER_TIE = 350
#: Transient bytes per co-attendance pair while the ties are counted
#: (numpy arrays of pairs, their sort order, the meeting list per pair).
BYTES_PER_PAIR = 260
#: A view (map or export) copies the graph, adds metrics and serialises it
#: (GraphML: 8.5 times the graph, measured by benchmarks/bench_memory.py):
#: this many times the graph itself.
VIEW_FACTOR = 10

#: Upper bound of the brokerage work (multiply-adds, :func:`brokerage_work_bound`)
#: over which actor-level brokerage is refused: about 8 minutes at the
#: 100 million multiply-adds per second measured on a 2-core machine, if
#: every bound were reached. The bound counts a tie once per shared meeting,
#: so the real work is lower (generated national data with
#: ``--max-attendance 254``: bound 29 billion, work 3.1 billion, 30 s).
WORK_LIMIT = 50_000_000_000

_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_bytes(text: str) -> int:
    """``"4G"`` → 4 GiB, ``"512M"``, ``"1000"`` (bytes).

    >>> parse_bytes("4G"), parse_bytes("512m"), parse_bytes("1000"), parse_bytes("1.5K")
    (4294967296, 536870912, 1000, 1536)
    """
    s = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = s[-1:] if s[-1:] in _UNITS else ""
    number = s[: len(s) - len(unit)].strip()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"not a size: {text!r} (e.g. 4G, 512M)") from None
    if value <= 0:
        raise ValueError(f"not a positive size: {text!r}")
    return int(value * _UNITS[unit])


def memory_budget() -> int:
    """The budget in bytes (``COOPGRAPH_MEMORY_BUDGET``, else 4 GiB)."""
    text = os.environ.get(BUDGET_ENV)
    if not text:
        return DEFAULT_BUDGET
    try:
        return parse_bytes(text)
    except ValueError as exc:
        raise InputError(f"{BUDGET_ENV}: {exc}") from None


def human_bytes(n: int) -> str:
    """``n`` bytes for a reader.

    >>> human_bytes(22_900_000_000), human_bytes(4 * 1024**3), human_bytes(2048)
    ('21.3 GB', '4.0 GB', '2 KB')
    """
    for unit, size in (("GB", 1024**3), ("MB", 1024**2)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{max(n // 1024, 1)} KB" if n >= 1024 else f"{n} B"


def meeting_members(
    ds: Dataset, period: Period, scales: Iterable[str] | None = None
) -> list[set[str]]:
    """The distinct known attendees of each meeting of the period with at
    least one (one pass over the attendance rows)."""
    from coopgraph.graph.projections import meetings_in

    kept = {m.id for m in meetings_in(ds, period, scales)}
    known = {a.id for a in ds.actors}
    present: dict[str, set[str]] = {}
    for x in ds.attendance:
        if x.meeting_id in kept and x.actor_id in known:
            present.setdefault(x.meeting_id, set()).add(x.actor_id)
    return list(present.values())


def meeting_sizes(ds: Dataset, period: Period, scales: Iterable[str] | None = None) -> list[int]:
    """The number of distinct known attendees of each meeting of the period
    with at least one."""
    return [len(members) for members in meeting_members(ds, period, scales)]


def work_bounds(members: Iterable[set[str]], actors: int) -> dict[int, int]:
    """For each meeting size *s*, :func:`brokerage_work_bound` with
    ``--max-attendance s``: the sum over actors of the squared bound of
    their degree, the attendees they met counted once per meeting (at most
    ``actors - 1``). One pass over the meetings, smallest first.

    >>> work_bounds([{"a", "b"}, {"a", "b", "c"}], 3)  # a, b: 1 then 2 (capped); c: 2
    {2: 2, 3: 12}
    """
    cap = max(actors - 1, 0)
    degree: dict[str, int] = {}
    total = 0
    out: dict[int, int] = {}
    for group in sorted(members, key=len):
        k = len(group)
        for a in group:
            before = degree.get(a, 0)
            degree[a] = before + k - 1
            total += min(before + k - 1, cap) ** 2 - min(before, cap) ** 2
        out[k] = total
    return out


def brokerage_work_bound(
    ds: Dataset,
    period: Period,
    scales: Iterable[str] | None = None,
    max_attendance: int | None = None,
) -> int:
    """An upper bound of the work of actor-level brokerage
    (:func:`~coopgraph.metrics.brokerage.brokerage_work`, the sum of the
    squared degrees of the actor graph) computed from the meetings alone.

    >>> from datetime import date
    >>> from coopgraph.graph.projections import Period, actor_graph
    >>> from coopgraph.metrics.brokerage import brokerage_work
    >>> from coopgraph.model import Actor, Attendance, Dataset, Meeting
    >>> ds = Dataset(
    ...     actors=tuple(Actor(x, x, "i") for x in "wxyz"),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "A"), Meeting("m2", date(2020, 6, 1), "B")),
    ...     attendance=tuple(Attendance("m1", x) for x in "wxy") + (Attendance("m2", "w"), Attendance("m2", "z")),
    ... )
    >>> brokerage_work_bound(ds, Period()), brokerage_work(actor_graph(ds))
    (18, 18)
    """
    bounds = work_bounds(meeting_members(ds, period, scales), len(ds.actors))
    kept = [w for k, w in bounds.items() if max_attendance is None or k <= max_attendance]
    return max(kept, default=0)


def co_attendance_pairs(
    ds: Dataset,
    period: Period,
    scales: Iterable[str] | None = None,
    max_attendance: int | None = None,
) -> int:
    """The co-attendance pairs of the meetings an actor graph would count:
    the sum over meetings of *k(k-1)/2*, *k* its distinct known attendees
    (meetings of more than ``max_attendance`` left out). An upper bound on
    the graph's ties (two actors who met twice are one tie).

    >>> from datetime import date
    >>> from coopgraph.graph.projections import Period
    >>> from coopgraph.model import Actor, Attendance, Dataset, Meeting
    >>> ds = Dataset(
    ...     actors=tuple(Actor(x, x, "i") for x in "wxyz"),
    ...     meetings=(Meeting("m1", date(2020, 5, 14), "A"), Meeting("m2", date(2020, 6, 1), "B")),
    ...     attendance=tuple(Attendance("m1", x) for x in "wxyz") + (Attendance("m2", "w"), Attendance("m2", "x")),
    ... )
    >>> co_attendance_pairs(ds, Period()), co_attendance_pairs(ds, Period(), max_attendance=3)
    (7, 1)
    """
    return _pairs(meeting_sizes(ds, period, scales), max_attendance)


def _pairs(sizes: Iterable[int], max_attendance: int | None) -> int:
    return sum(k * (k - 1) // 2 for k in sizes if max_attendance is None or k <= max_attendance)


def actor_graph_estimate(pairs: int, actors: int, min_shared: int = 1) -> int:
    """Bytes to build the actor graph of ``pairs`` co-attendance pairs: the
    transient arrays of every pair, then the ties kept (at most ``pairs //
    min_shared``, since a kept tie uses at least ``min_shared`` pairs, and
    at most one per pair of actors).

    >>> actor_graph_estimate(1000, 10)  # 45 ties at most between 10 actors
    275750
    """
    ties = min(pairs // max(min_shared, 1), actors * (actors - 1) // 2)
    return pairs * BYTES_PER_PAIR + ties * BYTES_PER_TIE


def feasible_max_attendance(
    sizes: list[int],
    actors: int,
    min_shared: int,
    budget: int,
    factor: int = 1,
    work: dict[int, int] | None = None,
    work_limit: int = WORK_LIMIT,
) -> int | None:
    """The largest ``--max-attendance`` whose actor graph fits in ``budget``
    and, given ``work`` (:func:`work_bounds`), whose work is within
    ``work_limit`` (``None`` when even meetings of two people are too many).

    >>> feasible_max_attendance([2, 3, 100], 200, 1, 2_000_000)
    3
    >>> feasible_max_attendance([2, 3, 100], 200, 1, 10**9, work={2: 2, 3: 30, 100: 10**6}, work_limit=100)
    3
    """
    total = 0
    best = None
    # cumulative pairs by size, smallest meetings first
    by_size: dict[int, int] = {}
    for k in sizes:
        by_size[k] = by_size.get(k, 0) + k * (k - 1) // 2
    for k in sorted(by_size):
        total += by_size[k]
        if actor_graph_estimate(total, actors, min_shared) * factor > budget:
            break
        if work is not None and work.get(k, 0) > work_limit:
            break
        best = k
    return best if best is None or best >= 2 else None


def check_actor_graph(
    ds: Dataset,
    period: Period,
    scales: Iterable[str] | None,
    min_shared: int,
    max_attendance: int | None,
    *,
    what: str = "graph",
    factor: int = 1,
) -> int:
    """Refuse (:class:`~coopgraph.errors.MemoryBudgetError`) an actor graph
    whose estimate (times ``factor``, for the copies a view makes) exceeds
    the budget; return the estimate otherwise. ``what`` names the
    computation in the message (``graph``, ``view``, ``brokers``); the
    message suggests the largest ``--max-attendance`` that fits. For
    ``brokers``, the work is bounded too (:func:`brokerage_work_bound`,
    :data:`WORK_LIMIT`; :class:`~coopgraph.errors.WorkBudgetError`)."""
    members = meeting_members(ds, period, scales)
    sizes = [len(group) for group in members]
    kept = [k for k in sizes if max_attendance is None or k <= max_attendance]
    pairs = _pairs(sizes, max_attendance)
    estimate = actor_graph_estimate(pairs, len(ds.actors), min_shared) * factor
    budget = memory_budget()
    work = work_bounds(members, len(ds.actors)) if what == "brokers" else None
    if estimate > budget:
        raise MemoryBudgetError(
            what,
            human_bytes(estimate),
            human_bytes(budget),
            pairs,
            env=BUDGET_ENV,
            largest=max(kept, default=0),
            suggestion=feasible_max_attendance(
                kept, len(ds.actors), min_shared, budget, factor, work, WORK_LIMIT
            ),
        )
    bound = work[max(kept)] if work and kept else 0
    if bound > WORK_LIMIT:
        raise WorkBudgetError(
            what,
            bound,
            WORK_LIMIT,
            pairs,
            largest=max(kept, default=0),
            suggestion=feasible_max_attendance(
                kept, len(ds.actors), min_shared, budget, factor, work, WORK_LIMIT
            ),
        )
    return estimate
