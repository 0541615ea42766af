// Create the meetings an intake commit adds. CREATE, not MERGE: a meeting of
// the same id written meanwhile by another commit violates the uniqueness
// constraint, so the whole commit is rolled back (and retried on the graph as
// it then is) instead of silently merging two meetings.
// $rows (list): maps {id, props: {date, title, format, scale}}
UNWIND $rows AS row
CREATE (m:Meeting:Coopgraph {id: row.id, coopgraph: true})
SET m += row.props
RETURN count(m) AS written
