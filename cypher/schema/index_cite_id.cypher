// Range index on :Cite(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_cite_id_lookup IF NOT EXISTS
FOR (n:Cite) ON (n.id)
