// Uniqueness of coopgraph's :Cite nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Cite nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_cite_key IF NOT EXISTS
FOR (n:Cite) REQUIRE (n.id, n.coopgraph) IS UNIQUE
