"""Network metrics: pure functions of networkx graphs (no I/O, no Neo4j)."""
