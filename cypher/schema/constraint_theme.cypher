// Uniqueness constraint (and the index behind it) on the id of every :Theme node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_theme_id IF NOT EXISTS
FOR (n:Theme) REQUIRE n.id IS UNIQUE
