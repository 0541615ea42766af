// Merge the IN_REGION relationship from each département to its région.
// $rows (list): pairs [département code, région code]
UNWIND $rows AS row
MATCH (d:Departement:Coopgraph {id: row[0]})
MATCH (r:Region:Coopgraph {id: row[1]})
MERGE (d)-[:IN_REGION]->(r)
