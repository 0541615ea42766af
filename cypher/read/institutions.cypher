// Every institution with its kind, location and covered territory (régions
// and départements, in their input order).
// Parameters: none.
MATCH (i:Institution:Coopgraph)
RETURN i.id AS id, i.name AS name, i.kind AS kind,
       COLLECT { MATCH (i)-[k:COVERS]->(r:Region:Coopgraph) RETURN r.id ORDER BY k.rank } AS regions,
       COLLECT { MATCH (i)-[k:COVERS]->(d:Departement:Coopgraph) RETURN d.id ORDER BY k.rank } AS departements,
       i.lat AS lat, i.lon AS lon
ORDER BY id
