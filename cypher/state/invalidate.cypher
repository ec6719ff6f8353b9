// name: state.invalidate
// mode: write
// param project: STRING  canonical project id
// param category: STRING  state category
// param key: STRING  entry key within the category
// param reason: STRING  why it is no longer true, or null
// returns: entry MAP (the invalidated StateEntry's properties plus supersedes)
// description: Marks the active entry of a key invalid, with when and why.
//   No row when the key has no active entry.
MATCH (e:StateEntry {project: $project, category: $category, key: $key, current: true})
SET e.status = 'invalid', e.invalidated_at = datetime(), e.updated_at = datetime(), e.reason = $reason
REMOVE e.current
WITH e
OPTIONAL MATCH (e)-[:SUPERSEDES]->(old:StateEntry)
RETURN e {.*, supersedes: old.id} AS entry
