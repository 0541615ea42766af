// Range index on :Meeting(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_meeting_id_lookup IF NOT EXISTS
FOR (n:Meeting) ON (n.id)
