// Merge the ORGANISED relationships from institutions to the meetings they
// organised; rank keeps the order of the organiser list.
// $rows (list): triples [institution id, meeting id, rank]
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row[0]})
MATCH (m:Meeting:Coopgraph {id: row[1]})
MERGE (i)-[o:ORGANISED]->(m)
SET o.rank = row[2]
