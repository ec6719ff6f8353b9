// name: state.write
// mode: write
// param id: STRING  id of the new entry (a uuid)
// param project: STRING  canonical project id
// param category: STRING  state category
// param key: STRING  entry key within the category
// param value: STRING  the trusted value
// param source: STRING  where the value comes from, or null
// param confidence: FLOAT  0..1
// param supersedes: STRING  id of the active entry this one replaces, or null
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: entry MAP (the new StateEntry's properties plus supersedes)
// description: Creates the active entry for a key. When supersedes names
//   the previous active entry, that entry becomes status superseded, loses
//   current, and the new one points at it with SUPERSEDES. Run it in the same
//   transaction as state.find_active.
OPTIONAL MATCH (old:StateEntry {id: $supersedes})
SET old.status = 'superseded', old.superseded_at = datetime(), old.updated_at = datetime()
REMOVE old.current
CREATE (e:StateEntry {
  id: $id, project: $project, category: $category, key: $key, value: $value,
  source: $source, confidence: $confidence, status: 'active', current: true,
  created_at: datetime(), updated_at: datetime(), created_by: $actor
})
FOREACH (previous IN CASE WHEN old IS NULL THEN [] ELSE [old] END | CREATE (e)-[:SUPERSEDES]->(previous))
RETURN e {.*, supersedes: old.id} AS entry
