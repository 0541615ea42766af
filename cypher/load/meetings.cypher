// Merge the :Meeting nodes and set their properties (date is a Neo4j date).
// $rows (list): maps {id, props: {date, title, format, scale}}
UNWIND $rows AS row
MERGE (m:Meeting:Coopgraph {id: row.id, coopgraph: true})
SET m += row.props
