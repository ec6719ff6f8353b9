// name: memories.active
// mode: read
// param project: STRING  canonical project id, or null for global memories only
// param types: LIST<STRING>  memory types to include
// param limit: INTEGER  rows at most
// returns: memory MAP (the Memory's properties)
// description: Active memories for a context pack: those of the project plus
//   the global ones (no project), never candidates or invalid ones. Most
//   confident first, then most recently updated.
MATCH (m:Memory {status: 'active'})
WHERE (m.project = $project OR m.project IS NULL)
  AND m.memory_type IN $types
RETURN m {.*} AS memory
ORDER BY m.confidence DESC, m.updated_at DESC, m.id
LIMIT $limit
