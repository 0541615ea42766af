// Attach each cité to its département (LOCATED_IN), dropping a stale link.
// $rows (list): pairs [cité id, département code]
UNWIND $rows AS row
MATCH (c:Cite:Coopgraph {id: row[0]})
MATCH (d:Departement:Coopgraph {id: row[1]})
MERGE (c)-[:LOCATED_IN]->(d)
WITH c, d
OPTIONAL MATCH (c)-[stale:LOCATED_IN]->(other:Departement:Coopgraph)
WHERE other <> d
DELETE stale
