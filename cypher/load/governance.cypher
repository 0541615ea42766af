// Merge the GOVERNS relationships: an institution is one leg (role
// prefecture, education or collectivite) of a cité's troïka.
// $rows (list): triples [institution id, cité id, role]
UNWIND $rows AS row
MATCH (i:Institution:Coopgraph {id: row[0]})
MATCH (c:Cite:Coopgraph {id: row[1]})
MERGE (i)-[:GOVERNS {role: row[2]}]->(c)
