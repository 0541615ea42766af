// Merge the :Region nodes (régions and overseas territories, by INSEE code).
// $rows (list): maps {id: INSEE code, name: official name}
UNWIND $rows AS row
MERGE (r:Region:Coopgraph {id: row.id, coopgraph: true})
SET r.name = row.name
