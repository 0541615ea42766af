// Which uniqueness constraints of coopgraph 0.x (one per label, on id alone)
// are still in the database: their presence means a graph loaded before
// coopgraph scoped its nodes with :Coopgraph, to migrate.
// $names (list): names of the old constraints
SHOW CONSTRAINTS YIELD name
WHERE name IN $names
RETURN name
