// The cités each CRPV supports, with the kind of support and the cité's
// région; one CRPV only when $crpv_id is given.
// $crpv_id (string, optional): id of a CRPV
MATCH (k:CRPV:Coopgraph)-[s:SUPPORTS]->(c:Cite:Coopgraph)
WHERE $crpv_id IS NULL OR k.id = $crpv_id
OPTIONAL MATCH (c)-[:IN_REGION]->(r:Region:Coopgraph)
RETURN k.id AS crpv_id, k.name AS crpv, c.id AS cite_id, c.name AS cite,
       r.name AS region, s.kind AS kind, s.since AS since
ORDER BY crpv_id, cite_id
