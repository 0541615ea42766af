// Merge one BORDERS relationship per pair of régions sharing a land border,
// stored once, from the lower code to the higher (read it undirected).
// $rows (list): pairs [lower région code, higher région code]
UNWIND $rows AS row
MATCH (a:Region:Coopgraph {id: row[0]})
MATCH (b:Region:Coopgraph {id: row[1]})
MERGE (a)-[:BORDERS]->(b)
