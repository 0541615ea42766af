// Uniqueness of coopgraph's :Actor nodes by id: a composite constraint on
// (id, coopgraph) binds only nodes with the coopgraph property, so another
// application's :Actor nodes in the same database are neither constrained nor merged.
// Parameters: none.
CREATE CONSTRAINT coopgraph_actor_key IF NOT EXISTS
FOR (n:Actor) REQUIRE (n.id, n.coopgraph) IS UNIQUE
