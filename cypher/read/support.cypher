// Every CRPV support of a cité, since when and of which kind.
// Parameters: none.
MATCH (i:Institution:Coopgraph)-[s:SUPPORTS]->(c:Cite:Coopgraph)
RETURN i.id AS crpv_id, c.id AS cite_id, s.since AS since, s.kind AS kind
ORDER BY crpv_id, cite_id
