// Every troïka leg: the institution governing a cité, and in which role.
// Parameters: none.
MATCH (i:Institution:Coopgraph)-[g:GOVERNS]->(c:Cite:Coopgraph)
RETURN c.id AS cite_id, i.id AS institution_id, g.role AS role
ORDER BY cite_id, institution_id, role
