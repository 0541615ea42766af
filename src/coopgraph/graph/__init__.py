"""networkx projections of a Dataset. Pure functions: no I/O, no Neo4j."""

from coopgraph.graph.projections import Period, cite_graph, meetings_in

__all__ = ["Period", "cite_graph", "meetings_in"]
