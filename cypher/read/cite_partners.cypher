// The cités whose actors met the actors of one cité, with the number of shared
// meetings and the first and last one, in an optional period.
// $cite_id (string): id of the cité
// $since (date, optional): first day of the period
// $until (date, optional): last day of the period
MATCH (c:Cite:Coopgraph {id: $cite_id})<-[:WORKS_FOR]-(:Actor:Coopgraph)-[:ATTENDED]->(m:Meeting:Coopgraph)
WHERE ($since IS NULL OR m.date >= $since) AND ($until IS NULL OR m.date <= $until)
MATCH (m)<-[:ATTENDED]-(:Actor:Coopgraph)-[:WORKS_FOR]->(p:Cite:Coopgraph)
WHERE p <> c
OPTIONAL MATCH (p)-[:IN_REGION]->(r:Region:Coopgraph)
RETURN p.id AS cite_id, p.name AS name, r.name AS region,
       count(DISTINCT m) AS shared_meetings, min(m.date) AS first, max(m.date) AS last
ORDER BY shared_meetings DESC, cite_id
