// Range index on Meeting.date, for the period filters of the read queries.
// Parameters: none.
CREATE INDEX coopgraph_meeting_date IF NOT EXISTS
FOR (m:Meeting) ON (m.date)
