"""The analysis layer: one :class:`Analysis` per dataset and options, between
the metrics and everything people read (report, maps, exports, focused
commands, planning, simulation, comparison).

* :mod:`~coopgraph.analysis.options`: :class:`AnalysisOptions` and
  :class:`Territory` (frozen);
* :mod:`~coopgraph.analysis.territory`: the territory asked for and its
  :class:`Scope` in a dataset;
* :mod:`~coopgraph.analysis.core`: :class:`Analysis`, each projection and
  metric computed once;
* :mod:`~coopgraph.analysis.views`: the graphs behind maps and exports.
"""

from coopgraph.analysis.core import Analysis
from coopgraph.analysis.options import AnalysisOptions
from coopgraph.analysis.territory import Scope, Territory, parse_territory, select_territory

__all__ = [
    "Analysis",
    "AnalysisOptions",
    "Scope",
    "Territory",
    "parse_territory",
    "select_territory",
]
