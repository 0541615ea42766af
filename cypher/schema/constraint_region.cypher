// Uniqueness constraint (and the index behind it) on the id of every :Region node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_region_id IF NOT EXISTS
FOR (n:Region) REQUIRE n.id IS UNIQUE
