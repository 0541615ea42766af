// Affiliate each actor to its institution (AFFILIATED_TO), dropping a stale one.
// $rows (list): pairs [actor id, institution id]
UNWIND $rows AS row
MATCH (a:Actor:Coopgraph {id: row[0]})
MATCH (i:Institution:Coopgraph {id: row[1]})
MERGE (a)-[:AFFILIATED_TO]->(i)
WITH a, i
OPTIONAL MATCH (a)-[stale:AFFILIATED_TO]->(other:Institution:Coopgraph)
WHERE other <> i
DELETE stale
