// name: entities.history
// mode: read
// param id: STRING  any version's id
// param limit: INTEGER  versions at most
// returns: entity MAP (a version, with supersedes and superseded_by id lists)
// description: Every version connected to the entity through SUPERSEDES, in
//   either direction, newest first. Variable-length matching never reuses a
//   relationship, so a cycle (which the services never create) still ends.
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[:SUPERSEDES*1..]-(v:Entity)
WITH e, collect(DISTINCT v) AS others
UNWIND [e] + others AS version
WITH DISTINCT version
RETURN version {.*,
  supersedes: [(version)-[:SUPERSEDES]->(p:Entity) | p.id],
  superseded_by: [(n:Entity)-[:SUPERSEDES]->(version) | n.id]
} AS entity
ORDER BY version.created_at DESC, version.version DESC, version.id
LIMIT $limit
