// Uniqueness of coopgraph's :Departement nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Departement nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_departement_key IF NOT EXISTS
FOR (n:Departement) REQUIRE (n.id, n.coopgraph) IS UNIQUE
