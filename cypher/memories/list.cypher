// name: memories.list
// mode: read
// param memory_type: STRING  only this type, or null for all
// param project: STRING  only this canonical project, or null for all
// param status: STRING  only this status, or null for all
// param limit: INTEGER  rows at most
// returns: memory MAP (the Memory's properties)
// description: Memories matching the filters, most recently updated first.
MATCH (m:Memory)
WHERE ($memory_type IS NULL OR m.memory_type = $memory_type)
  AND ($project IS NULL OR m.project = $project)
  AND ($status IS NULL OR m.status = $status)
RETURN m {.*} AS memory
ORDER BY m.updated_at DESC, m.created_at DESC, m.id
LIMIT $limit
