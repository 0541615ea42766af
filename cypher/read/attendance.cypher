// Every attendance: which actor attended which meeting.
// Parameters: none.
MATCH (a:Actor:Coopgraph)-[:ATTENDED]->(m:Meeting:Coopgraph)
RETURN m.id AS meeting_id, a.id AS actor_id
ORDER BY meeting_id, actor_id
