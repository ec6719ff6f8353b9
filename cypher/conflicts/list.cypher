// name: conflicts.list
// mode: read
// param project: STRING  only this canonical project, or null
// param status: STRING  open | resolved | dismissed, or null for all
// param after_at: DATETIME  the cursor: the detected_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: conflict MAP, members LIST<MAP> (each member Entity's properties)
// description: Conflicts with their members' full properties (values and
//   statuses), newest first.
MATCH (c:Conflict)
WHERE ($project IS NULL OR c.project = $project) AND ($status IS NULL OR c.status = $status)
  AND ($after_at IS NULL OR c.detected_at < $after_at OR (c.detected_at = $after_at AND c.id > $after_id))
RETURN c {.*} AS conflict, [(c)-[:MEMBER]->(m:Entity) | m {.*}] AS members
ORDER BY c.detected_at DESC, c.id
LIMIT $limit
