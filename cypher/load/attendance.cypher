// Merge the ATTENDED relationships: an actor attended a meeting.
// $rows (list): pairs [meeting id, actor id]
UNWIND $rows AS row
MATCH (m:Meeting:Coopgraph {id: row[0]})
MATCH (a:Actor:Coopgraph {id: row[1]})
MERGE (a)-[:ATTENDED]->(m)
