// name: imports.list
// mode: read
// param project: STRING  only this canonical project, or null
// param tool: STRING  only kb-cad or kb-fem, or null
// param limit: INTEGER  rows at most
// returns: import MAP (the Import's properties)
// description: Imports, most recently seen first.
MATCH (i:Import)
WHERE ($project IS NULL OR i.project = $project) AND ($tool IS NULL OR i.tool = $tool)
RETURN i {.*} AS import
ORDER BY i.last_seen_at DESC, i.id
LIMIT $limit
