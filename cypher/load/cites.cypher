// Merge the :Cite nodes and set their properties (a null property is removed).
// $rows (list): maps {id, props: {name, communes, insee_communes, wave, lat, lon}}
UNWIND $rows AS row
MERGE (c:Cite:Coopgraph {id: row.id, coopgraph: true})
SET c += row.props
