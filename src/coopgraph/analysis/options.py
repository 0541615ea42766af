"""What an analysis looks at: the period, the meeting scales, the tie
threshold, the territory and the seed of random methods. Nothing here knows
about languages or pseudonyms: those belong to the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from coopgraph.graph.projections import Period


@dataclass(frozen=True)
class Territory:
    """The part of France an analysis reports on (its computations always
    run on the whole network, so a cité keeps its national metrics).

    For now a territory is one région (INSEE code) or all of France; it is a
    type of its own so that départements and CRPV territories can join it
    without changing its callers: they ask :meth:`covers_region`,
    :meth:`covers_any` or :meth:`covers_departement`.

    >>> t = Territory(region="28")
    >>> t.covers_region("28"), t.covers_region("53"), t.covers_any("53", "28")
    (True, False, True)
    >>> Territory().covers_region(None), Territory().everywhere
    (True, True)
    """

    region: str | None = None

    @property
    def everywhere(self) -> bool:
        """True for all of France (no filter)."""
        return self.region is None

    def covers_region(self, region: str | None) -> bool:
        """Whether something located in ``region`` is shown."""
        return self.region is None or self.region == region

    def covers_any(self, *regions: str | None) -> bool:
        """Whether something touching any of ``regions`` is shown (a tie,
        a région pair)."""
        return self.region is None or self.region in regions

    def covers_departement(self, departement: str | None, region: str | None) -> bool:
        """Whether something in ``departement`` (of ``region``) is shown."""
        return self.covers_region(region)


@dataclass(frozen=True)
class AnalysisOptions:
    """The options every result of an :class:`~coopgraph.analysis.Analysis`
    depends on (frozen: one analysis, one set of options).

    ``period`` and ``scales`` choose the meetings, ``min_shared`` the shared
    meetings needed for a tie, ``territory`` what is reported, ``seed`` the
    seed of sampled and random methods (betweenness samples, Louvain).
    ``max_attendance`` leaves meetings of more attendees (national
    plenaries) out of the actor co-attendance graph, whose size grows with
    the square of a meeting's attendance (see :mod:`coopgraph.budget`).
    """

    period: Period = field(default_factory=Period)
    scales: tuple[str, ...] | None = None
    min_shared: int = 1
    territory: Territory = field(default_factory=Territory)
    seed: int = 0
    max_attendance: int | None = None

    def __post_init__(self) -> None:
        # one spelling of "every scale", so that equal options compare equal
        if self.scales is not None:
            object.__setattr__(self, "scales", tuple(self.scales) or None)

    def with_period(self, period: Period) -> AnalysisOptions:
        """The same options over another period."""
        return replace(self, period=period)
