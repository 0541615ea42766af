// Uniqueness constraint (and the index behind it) on the id of every :Meeting node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_meeting_id IF NOT EXISTS
FOR (n:Meeting) REQUIRE n.id IS UNIQUE
