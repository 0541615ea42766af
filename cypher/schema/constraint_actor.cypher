// Uniqueness constraint (and the index behind it) on the id of every :Actor node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_actor_id IF NOT EXISTS
FOR (n:Actor) REQUIRE n.id IS UNIQUE
