// Affiliate people to their institution (AFFILIATED_TO) and to the cité they
// work for (WORKS_FOR), replacing any other such link: new people, and people
// an attendance list placed. Returns how many rows found every node they
// name; the caller fails the transaction when that is fewer than it sent.
// $rows (list): maps {id, institution_id, cite_id (null when none)}
UNWIND $rows AS row
OPTIONAL MATCH (a:Actor:Coopgraph {id: row.id})
OPTIONAL MATCH (i:Institution:Coopgraph {id: row.institution_id})
OPTIONAL MATCH (c:Cite:Coopgraph {id: row.cite_id})
WITH row, a, i, c
WHERE a IS NOT NULL AND i IS NOT NULL AND (row.cite_id IS NULL OR c IS NOT NULL)
OPTIONAL MATCH (a)-[old:AFFILIATED_TO|WORKS_FOR]->()
DELETE old
WITH DISTINCT row, a, i, c
MERGE (a)-[:AFFILIATED_TO]->(i)
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (a)-[:WORKS_FOR]->(c))
RETURN count(row) AS written
