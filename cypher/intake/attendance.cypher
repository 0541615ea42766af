// The ATTENDED relationships an intake commit adds: a person attended a
// meeting. Returns how many rows found both nodes; the caller fails the
// transaction when that is fewer than it sent (a person or meeting missing).
// $rows (list): pairs [meeting id, actor id]
UNWIND $rows AS row
MATCH (m:Meeting:Coopgraph {id: row[0]})
MATCH (a:Actor:Coopgraph {id: row[1]})
MERGE (a)-[:ATTENDED]->(m)
RETURN count(row) AS written
