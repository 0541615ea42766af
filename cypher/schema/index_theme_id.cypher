// Range index on :Theme(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_theme_id_lookup IF NOT EXISTS
FOR (n:Theme) ON (n.id)
