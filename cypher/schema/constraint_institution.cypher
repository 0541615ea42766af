// Uniqueness of coopgraph's :Institution nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Institution nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_institution_key IF NOT EXISTS
FOR (n:Institution) REQUIRE (n.id, n.coopgraph) IS UNIQUE
