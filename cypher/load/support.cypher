// Merge the SUPPORTS relationships: a CRPV supports a cité (one per pair),
// since a date, for a kind of support (null values remove the property).
// $rows (list): maps {crpv_id, cite_id, props: {since, kind}}
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row.crpv_id})
MATCH (c:Cite:Coopgraph {id: row.cite_id})
MERGE (i)-[s:SUPPORTS]->(c)
SET s += row.props
