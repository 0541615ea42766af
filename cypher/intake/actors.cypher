// Create the people (personal data) an intake commit adds (CREATE: an id
// taken meanwhile by another commit fails the whole commit, see meetings.cypher).
// $rows (list): maps {id, props: {name, role}}
UNWIND $rows AS row
CREATE (a:Actor:Coopgraph {id: row.id, coopgraph: true})
SET a += row.props
RETURN count(a) AS written
