"""What an analysis looks at: the period, the meeting scales, the tie
threshold, the territory and the seed of random methods. Nothing here knows
about languages or pseudonyms: those belong to the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from coopgraph.analysis.territory import Territory
from coopgraph.graph.projections import Period


@dataclass(frozen=True)
class AnalysisOptions:
    """The options every result of an :class:`~coopgraph.analysis.Analysis`
    depends on (frozen: one analysis, one set of options).

    ``period`` and ``scales`` choose the meetings, ``min_shared`` the shared
    meetings needed for a tie, ``territory`` what is reported (a
    :class:`~coopgraph.analysis.territory.Territory`), ``seed`` the
    seed of sampled and random methods (betweenness samples, Louvain).
    """

    period: Period = field(default_factory=Period)
    scales: tuple[str, ...] | None = None
    min_shared: int = 1
    territory: Territory = field(default_factory=Territory)
    seed: int = 0

    def __post_init__(self) -> None:
        # one spelling of "every scale", so that equal options compare equal
        if self.scales is not None:
            object.__setattr__(self, "scales", tuple(self.scales) or None)

    def with_period(self, period: Period) -> AnalysisOptions:
        """The same options over another period."""
        return replace(self, period=period)
