// name: interactions.list
// mode: read
// param project: STRING  only this canonical project, or null for all
// param session_id: STRING  only this session, or null for all
// param client: STRING  only this client, or null for all
// param since: DATETIME  only interactions created at or after this instant, or null
// param after_at: DATETIME  the cursor: the created_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: interaction MAP (the Interaction's properties plus memories_used and chunks_used, the ids linked)
// description: Interactions matching the filters, newest first. since is
//   inclusive and compared as an instant, whatever offset it was given in.
MATCH (i:Interaction)
WHERE ($project IS NULL OR i.project = $project)
  AND ($session_id IS NULL OR i.session_id = $session_id)
  AND ($client IS NULL OR i.client = $client)
  AND ($since IS NULL OR i.created_at >= $since)
  AND ($after_at IS NULL OR i.created_at < $after_at OR (i.created_at = $after_at AND i.id > $after_id))
WITH i
ORDER BY i.created_at DESC, i.id
LIMIT $limit
RETURN i {
  .*,
  memories_used: [(i)-[:USED_MEMORY]->(m:Memory) | m.id],
  chunks_used: [(i)-[:USED_CHUNK]->(c:Chunk) | c.id]
} AS interaction
