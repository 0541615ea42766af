// The ORGANISED relationships of the meetings an intake commit adds; rank keeps
// the order of the organiser list. Returns how many rows found both nodes.
// $rows (list): triples [institution id, meeting id, rank]
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row[0]})
MATCH (m:Meeting:Coopgraph {id: row[1]})
MERGE (i)-[o:ORGANISED]->(m)
SET o.rank = row[2]
RETURN count(row) AS written
