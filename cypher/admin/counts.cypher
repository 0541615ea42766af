// Number of coopgraph nodes per label and of relationships per type (only
// nodes labelled :Coopgraph, and relationships between two of them, count).
// Parameters: none.
CALL () {
  MATCH (n:Coopgraph)
  UNWIND labels(n) AS label
  WITH label WHERE label <> 'Coopgraph'
  RETURN 'node' AS kind, label AS name, count(*) AS n
  UNION ALL
  MATCH (:Coopgraph)-[r]->(:Coopgraph)
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS n
}
RETURN kind, name, n
ORDER BY kind, name
