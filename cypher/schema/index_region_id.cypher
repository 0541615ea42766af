// Range index on :Region(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_region_id_lookup IF NOT EXISTS
FOR (n:Region) ON (n.id)
