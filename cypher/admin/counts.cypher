// Number of coopgraph nodes per label and of relationships per type (only
// relationships between two coopgraph nodes are counted).
// Parameters: none.
CALL () {
  MATCH (n)
  WHERE n:Cite OR n:Institution OR n:Actor OR n:Meeting OR n:Region OR n:Departement OR n:Theme
  UNWIND labels(n) AS label
  RETURN 'node' AS kind, label AS name, count(*) AS n
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE (a:Cite OR a:Institution OR a:Actor OR a:Meeting OR a:Region OR a:Departement OR a:Theme)
    AND (b:Cite OR b:Institution OR b:Actor OR b:Meeting OR b:Region OR b:Departement OR b:Theme)
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS n
}
RETURN kind, name, n
ORDER BY kind, name
