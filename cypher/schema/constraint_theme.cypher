// Uniqueness of coopgraph's :Theme nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Theme nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_theme_key IF NOT EXISTS
FOR (n:Theme) REQUIRE (n.id, n.coopgraph) IS UNIQUE
