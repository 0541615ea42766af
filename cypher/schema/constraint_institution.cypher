// Uniqueness constraint (and the index behind it) on the id of every :Institution node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_institution_id IF NOT EXISTS
FOR (n:Institution) REQUIRE n.id IS UNIQUE
