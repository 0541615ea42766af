// Drop one constraint by name (a legacy constraint of coopgraph 0.x).
// $name (string): the constraint's name
DROP CONSTRAINT $name IF EXISTS
