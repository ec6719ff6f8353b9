// name: imports.list
// mode: read
// param project: STRING  only this canonical project, or null
// param tool: STRING  only kb-cad or kb-fem, or null
// param after_at: DATETIME  the cursor: the last_seen_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: import MAP (the Import's properties)
// description: Imports, most recently seen first.
MATCH (i:Import)
WHERE ($project IS NULL OR i.project = $project) AND ($tool IS NULL OR i.tool = $tool)
  AND ($after_at IS NULL OR i.last_seen_at < $after_at OR (i.last_seen_at = $after_at AND i.id > $after_id))
RETURN i {.*} AS import
ORDER BY i.last_seen_at DESC, i.id
LIMIT $limit
