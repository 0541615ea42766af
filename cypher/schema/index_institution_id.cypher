// Range index on :Institution(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_institution_id_lookup IF NOT EXISTS
FOR (n:Institution) ON (n.id)
