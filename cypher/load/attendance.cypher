// Merge the ATTENDED relationships: an actor attended a meeting.
// $rows (list): pairs [meeting id, actor id]
UNWIND $rows AS row
MATCH (m:Meeting {id: row[0]})
MATCH (a:Actor {id: row[1]})
MERGE (a)-[:ATTENDED]->(m)
