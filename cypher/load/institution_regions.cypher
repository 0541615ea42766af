// Merge the COVERS relationships from an institution (a CRPV's territory) to
// the régions it covers; rank keeps the order of the input list.
// $rows (list): triples [institution id, région code, rank]
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row[0]})
MATCH (r:Region:Coopgraph {id: row[1]})
MERGE (i)-[k:COVERS]->(r)
SET k.rank = row[2]
