// Every actor with its institution and the cité it works for (personal data:
// names are returned, never log them).
// Parameters: none.
MATCH (a:Actor:Coopgraph)
OPTIONAL MATCH (a)-[:AFFILIATED_TO]->(i:Institution:Coopgraph)
OPTIONAL MATCH (a)-[:WORKS_FOR]->(c:Cite:Coopgraph)
RETURN a.id AS id, a.name AS name, i.id AS institution_id, a.role AS role, c.id AS cite_id
ORDER BY id
