// Uniqueness of coopgraph's :Region nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Region nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_region_key IF NOT EXISTS
FOR (n:Region) REQUIRE (n.id, n.coopgraph) IS UNIQUE
