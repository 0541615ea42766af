// Claim a graph loaded by coopgraph 0.x: its nodes (the labels it used, all
// of which it treated as its own) get the :Coopgraph label and the coopgraph
// property, in transactions of $batch nodes.
// $batch (int): nodes migrated per transaction
MATCH (n)
WHERE (n:Cite OR n:Institution OR n:Actor OR n:Meeting OR n:Region OR n:Departement OR n:Theme)
  AND NOT n:Coopgraph
CALL (n) { SET n:Coopgraph, n.coopgraph = true } IN TRANSACTIONS OF $batch ROWS
