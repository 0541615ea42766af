// Delete every node coopgraph wrote (label :Coopgraph), with its relationships,
// in transactions of $batch nodes; nodes of other applications are left alone,
// whatever their labels.
// $batch (int): nodes deleted per transaction
MATCH (n:Coopgraph)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
