// Merge the :Departement nodes (by INSEE code).
// $rows (list): maps {id: INSEE code, name: official name}
UNWIND $rows AS row
MERGE (d:Departement {id: row.id})
SET d.name = row.name
