// name: state.list
// mode: read
// param project: STRING  canonical project id
// param category: STRING  only this category, or null for all
// param include_history: BOOLEAN  also superseded and invalid entries
// returns: entry MAP (the StateEntry's properties plus supersedes)
// description: A project's trusted state sorted by category, key, then
//   newest first (so with history the active entry leads its key).
MATCH (e:StateEntry {project: $project})
WHERE ($category IS NULL OR e.category = $category)
  AND ($include_history OR e.status = 'active')
OPTIONAL MATCH (e)-[:SUPERSEDES]->(old:StateEntry)
RETURN e {.*, supersedes: old.id} AS entry
ORDER BY e.category, e.key, e.created_at DESC
