// name: reflection.active_in_scope
// mode: read
// param project: STRING  canonical project id of the interaction, or null (then global memories only)
// returns: id STRING, content STRING
// description: The active memories an interaction can reinforce or an
//   extracted candidate can duplicate: those of its project plus the global
//   ones (no project). Candidates, superseded and invalid memories never
//   appear.
MATCH (m:Memory {status: 'active'})
WHERE m.project = $project OR m.project IS NULL
RETURN m.id AS id, m.content AS content
ORDER BY m.id
