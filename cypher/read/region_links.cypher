// Pairs of régions whose cités met, with the number of meetings joining them
// and whether the régions border each other, in an optional period.
// $since (date, optional): first day of the period
// $until (date, optional): last day of the period
MATCH (r1:Region:Coopgraph)<-[:IN_REGION]-(:Cite:Coopgraph)<-[:WORKS_FOR]-(:Actor:Coopgraph)-[:ATTENDED]->(m:Meeting:Coopgraph)
      <-[:ATTENDED]-(:Actor:Coopgraph)-[:WORKS_FOR]->(:Cite:Coopgraph)-[:IN_REGION]->(r2:Region:Coopgraph)
WHERE r1.id < r2.id
  AND ($since IS NULL OR m.date >= $since) AND ($until IS NULL OR m.date <= $until)
RETURN r1.id AS region_a, r1.name AS name_a, r2.id AS region_b, r2.name AS name_b,
       count(DISTINCT m) AS meetings, EXISTS { (r1)-[:BORDERS]-(r2) } AS bordering
ORDER BY meetings DESC, region_a, region_b
