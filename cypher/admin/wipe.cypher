// Delete every node carrying one of coopgraph's labels, with its relationships,
// in transactions of $batch nodes; nodes without these labels are left alone.
// $batch (int): nodes deleted per transaction
MATCH (n)
WHERE n:Cite OR n:Institution OR n:Actor OR n:Meeting OR n:Region OR n:Departement OR n:Theme
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
