// Benchmark only: delete every ATTENDED relationship, in transactions of
// $batch, so both loading paths start from the same state.
// $batch (int): relationships deleted per transaction
MATCH (:Actor:Coopgraph)-[r:ATTENDED]->(:Meeting:Coopgraph)
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS
