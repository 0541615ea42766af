// Every meeting with its date, organisers and themes (in their input order).
// Parameters: none.
MATCH (m:Meeting:Coopgraph)
RETURN m.id AS id, m.date AS date, m.title AS title, m.format AS format, m.scale AS scale,
       COLLECT { MATCH (i:Institution:Coopgraph)-[o:ORGANISED]->(m) RETURN i.id ORDER BY o.rank } AS organiser_ids,
       COLLECT { MATCH (m)-[a:ABOUT]->(t:Theme:Coopgraph) RETURN t.id ORDER BY a.rank } AS themes
ORDER BY date, id
