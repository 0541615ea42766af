// Merge the :Institution nodes, set their properties, and label the CRPV
// (kind 'crpv') :CRPV as well (the label follows the kind on a reload).
// $rows (list): maps {id, kind, props: {name, kind, lat, lon}}
UNWIND $rows AS row
MERGE (i:Institution:Coopgraph {id: row.id, coopgraph: true})
SET i += row.props
FOREACH (_ IN CASE WHEN row.kind = 'crpv' THEN [1] ELSE [] END | SET i:CRPV)
FOREACH (_ IN CASE WHEN row.kind <> 'crpv' THEN [1] ELSE [] END | REMOVE i:CRPV)
