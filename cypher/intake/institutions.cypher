// Create the institutions an intake commit adds (CREATE: an id taken
// meanwhile by another commit fails the whole commit, see meetings.cypher);
// CRPV (kind 'crpv') get the :CRPV label as well.
// $rows (list): maps {id, kind, props: {name, kind, lat, lon}}
UNWIND $rows AS row
CREATE (i:Institution:Coopgraph {id: row.id, coopgraph: true})
SET i += row.props
FOREACH (_ IN CASE WHEN row.kind = 'crpv' THEN [1] ELSE [] END | SET i:CRPV)
RETURN count(i) AS written
