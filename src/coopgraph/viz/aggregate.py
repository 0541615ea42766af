"""Kept for imports of the old place: grouping lives in
:mod:`coopgraph.graph.grouping` (the analysis layer groups nodes too)."""

from coopgraph.graph.grouping import group_graph

__all__ = ["group_graph"]
