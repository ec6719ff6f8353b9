// name: memories.list
// mode: read
// param memory_type: STRING  only this type, or null for all
// param project: STRING  only this canonical project, or null for all
// param status: STRING  only this status, or null for all
// param after_at: DATETIME  the cursor: the updated_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: memory MAP (the Memory's properties)
// description: Memories matching the filters, most recently updated first
//   (ties by id), a page at a time: after_at/after_id continue after a row.
MATCH (m:Memory)
WHERE ($memory_type IS NULL OR m.memory_type = $memory_type)
  AND ($project IS NULL OR m.project = $project)
  AND ($status IS NULL OR m.status = $status)
  AND ($after_at IS NULL OR m.updated_at < $after_at OR (m.updated_at = $after_at AND m.id > $after_id))
RETURN m {.*} AS memory
ORDER BY m.updated_at DESC, m.id
LIMIT $limit
