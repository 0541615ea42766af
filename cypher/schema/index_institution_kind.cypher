// Range index on Institution.kind (CRPV, préfecture, ... look-ups).
// Parameters: none.
CREATE INDEX coopgraph_institution_kind IF NOT EXISTS
FOR (i:Institution) ON (i.kind)
