// Every CRPV support of a cité, since when and of which kind.
// Parameters: none.
MATCH (i:Institution)-[s:SUPPORTS]->(c:Cite)
RETURN i.id AS crpv_id, c.id AS cite_id, s.since AS since, s.kind AS kind
ORDER BY crpv_id, cite_id
