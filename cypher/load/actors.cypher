// Merge the :Actor nodes (persons: personal data) and set their properties.
// $rows (list): maps {id, props: {name, role}}
UNWIND $rows AS row
MERGE (a:Actor:Coopgraph {id: row.id, coopgraph: true})
SET a += row.props
