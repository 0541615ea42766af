// Link each actor to the cité it works for (WORKS_FOR), dropping a stale one.
// $rows (list): pairs [actor id, cité id]
UNWIND $rows AS row
MATCH (a:Actor {id: row[0]})
MATCH (c:Cite {id: row[1]})
MERGE (a)-[:WORKS_FOR]->(c)
WITH a, c
OPTIONAL MATCH (a)-[stale:WORKS_FOR]->(other:Cite)
WHERE other <> c
DELETE stale
