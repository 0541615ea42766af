// Every cité with its région and département codes and its properties
// (coopgraph reads the Dataset back with it).
// Parameters: none.
MATCH (c:Cite:Coopgraph)
OPTIONAL MATCH (c)-[:IN_REGION]->(r:Region:Coopgraph)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(d:Departement:Coopgraph)
RETURN c.id AS id, c.name AS name, r.id AS region, d.id AS departement,
       c.communes AS communes, c.insee_communes AS insee_communes,
       c.wave AS wave, c.lat AS lat, c.lon AS lon
ORDER BY id
