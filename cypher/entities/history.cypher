// name: entities.history
// mode: read
// param id: STRING  any version's id
// param limit: INTEGER  versions at most
// returns: entity MAP (a version, with supersedes and superseded_by id lists)
// description: The entity's revision chain: the versions it supersedes,
//   transitively, and those that supersede it, newest first. Each direction
//   is one directed variable-length walk (linear in the chain's length).
//   Variable-length matching never reuses a relationship, so a cycle (which
//   the services never create) still ends.
MATCH (e:Entity {id: $id})
CALL (e) {
  OPTIONAL MATCH (e)-[:SUPERSEDES*1..]->(older:Entity)
  RETURN collect(DISTINCT older) AS older
}
CALL (e) {
  OPTIONAL MATCH (newer:Entity)-[:SUPERSEDES*1..]->(e)
  RETURN collect(DISTINCT newer) AS newer
}
UNWIND [e] + older + newer AS version
WITH DISTINCT version
RETURN version {.*,
  supersedes: [(version)-[:SUPERSEDES]->(p:Entity) | p.id],
  superseded_by: [(n:Entity)-[:SUPERSEDES]->(version) | n.id]
} AS entity
ORDER BY version.created_at DESC, version.version DESC, version.id
LIMIT $limit
