// Uniqueness of coopgraph's :Meeting nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Meeting nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_meeting_key IF NOT EXISTS
FOR (n:Meeting) REQUIRE (n.id, n.coopgraph) IS UNIQUE
