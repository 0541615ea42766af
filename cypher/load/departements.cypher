// Merge the :Departement nodes (by INSEE code).
// $rows (list): maps {id: INSEE code, name: official name}
UNWIND $rows AS row
MERGE (d:Departement:Coopgraph {id: row.id, coopgraph: true})
SET d.name = row.name
