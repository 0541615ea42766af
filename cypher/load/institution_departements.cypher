// Merge the COVERS relationships from an institution (a CRPV's territory) to
// the départements it covers; rank keeps the order of the input list.
// $rows (list): triples [institution id, département code, rank]
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row[0]})
MATCH (d:Departement:Coopgraph {id: row[1]})
MERGE (i)-[k:COVERS]->(d)
SET k.rank = row[2]
