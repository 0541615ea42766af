// Affiliate each actor to its institution (AFFILIATED_TO), dropping a stale one.
// $rows (list): pairs [actor id, institution id]
UNWIND $rows AS row
MATCH (a:Actor {id: row[0]})
MATCH (i:Institution {id: row[1]})
MERGE (a)-[:AFFILIATED_TO]->(i)
WITH a, i
OPTIONAL MATCH (a)-[stale:AFFILIATED_TO]->(other:Institution)
WHERE other <> i
DELETE stale
