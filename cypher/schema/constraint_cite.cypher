// Uniqueness constraint (and the index behind it) on the id of every :Cite node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_cite_id IF NOT EXISTS
FOR (n:Cite) REQUIRE n.id IS UNIQUE
