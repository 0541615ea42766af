// Link each actor to the cité it works for (WORKS_FOR), dropping a stale one.
// $rows (list): pairs [actor id, cité id]
UNWIND $rows AS row
MATCH (a:Actor:Coopgraph {id: row[0]})
MATCH (c:Cite:Coopgraph {id: row[1]})
MERGE (a)-[:WORKS_FOR]->(c)
WITH a, c
OPTIONAL MATCH (a)-[stale:WORKS_FOR]->(other:Cite:Coopgraph)
WHERE other <> c
DELETE stale
