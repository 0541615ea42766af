// Merge the ABOUT relationships from meetings to their themes; rank keeps the
// order of the theme list.
// $rows (list): triples [meeting id, theme, rank]
UNWIND $rows AS row
MATCH (m:Meeting:Coopgraph {id: row[0]})
MATCH (t:Theme:Coopgraph {id: row[1]})
MERGE (m)-[a:ABOUT]->(t)
SET a.rank = row[2]
