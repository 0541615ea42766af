// Range index on :Departement(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_departement_id_lookup IF NOT EXISTS
FOR (n:Departement) ON (n.id)
