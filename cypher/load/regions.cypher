// Merge the :Region nodes (régions and overseas territories, by INSEE code).
// $rows (list): maps {id: INSEE code, name: official name}
UNWIND $rows AS row
MERGE (r:Region {id: row.id})
SET r.name = row.name
