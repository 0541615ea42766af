// Merge the :Theme nodes (a meeting theme, identified by its text).
// $rows (list): theme texts
UNWIND $rows AS row
MERGE (:Theme:Coopgraph {id: row, coopgraph: true})
