// Benchmark only: the server's own bulk path. LOAD CSV of attendance rows
// (header meeting_id,actor_id) from the import directory, merging ATTENDED
// like coopgraph's load/attendance, in transactions of $batch rows.
// $url (string): file:/// URL of the CSV in the server's import directory
// $batch (int): rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (m:Meeting:Coopgraph {id: row.meeting_id})
  MATCH (a:Actor:Coopgraph {id: row.actor_id})
  MERGE (a)-[:ATTENDED]->(m)
} IN TRANSACTIONS OF $batch ROWS
