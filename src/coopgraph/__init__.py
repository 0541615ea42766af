"""coopgraph: partnership-network analyser for the French cités éducatives.

Data flows one way: ``io`` reads and validates files into ``model`` records, a
``store`` (in-memory or Neo4j) holds them, ``graph`` builds networkx
projections, ``metrics`` computes on them, ``reports`` and ``viz`` render the
results, and ``cli`` is a thin shell over all of it.
"""

__version__ = "0.1.0"
