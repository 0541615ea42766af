// The cités whose actors shared no meeting with another cité's actors in an
// optional period (the isolation the CRPV networks try to break).
// $since (date, optional): first day of the period
// $until (date, optional): last day of the period
MATCH (c:Cite:Coopgraph)
OPTIONAL MATCH (c)-[:IN_REGION]->(r:Region:Coopgraph)
WITH c, r
WHERE NOT EXISTS {
  MATCH (c)<-[:WORKS_FOR]-(:Actor:Coopgraph)-[:ATTENDED]->(m:Meeting:Coopgraph)<-[:ATTENDED]-(:Actor:Coopgraph)-[:WORKS_FOR]->(p:Cite:Coopgraph)
  WHERE p <> c AND ($since IS NULL OR m.date >= $since) AND ($until IS NULL OR m.date <= $until)
}
RETURN c.id AS cite_id, c.name AS name, r.name AS region
ORDER BY region, name
