// Uniqueness constraint (and the index behind it) on the id of every :Departement node.
// Parameters: none.
CREATE CONSTRAINT coopgraph_departement_id IF NOT EXISTS
FOR (n:Departement) REQUIRE n.id IS UNIQUE
