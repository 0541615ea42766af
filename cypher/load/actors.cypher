// Merge the :Actor nodes (persons: personal data) and set their properties.
// $rows (list): maps {id, props: {name, role}}
UNWIND $rows AS row
MERGE (a:Actor {id: row.id})
SET a += row.props
