// Range index on :Actor(id), for the look-ups by id of the load and read queries
// (which also require the :Coopgraph label).
// Parameters: none.
CREATE INDEX coopgraph_actor_id_lookup IF NOT EXISTS
FOR (n:Actor) ON (n.id)
