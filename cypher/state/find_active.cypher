// name: state.find_active
// mode: read
// param project: STRING  canonical project id
// param category: STRING  state category
// param key: STRING  entry key within the category
// returns: entry MAP (the StateEntry's properties plus supersedes: id of the entry it replaced, or null)
// description: The active trusted-state entry for one (project, category,
//   key); no row when there is none. Served by the state_entry_current
//   constraint's index.
MATCH (e:StateEntry {project: $project, category: $category, key: $key, current: true})
OPTIONAL MATCH (e)-[:SUPERSEDES]->(old:StateEntry)
RETURN e {.*, supersedes: old.id} AS entry
