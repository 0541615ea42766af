// Attach each cité to its région (IN_REGION), dropping a stale région link.
// $rows (list): pairs [cité id, région code]
UNWIND $rows AS row
MATCH (c:Cite:Coopgraph {id: row[0]})
MATCH (r:Region:Coopgraph {id: row[1]})
MERGE (c)-[:IN_REGION]->(r)
WITH c, r
OPTIONAL MATCH (c)-[stale:IN_REGION]->(other:Region:Coopgraph)
WHERE other <> r
DELETE stale
