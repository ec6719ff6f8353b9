// name: context.knowledge
// mode: read
// param hint: STRING  the project hint as given ('' for none)
// param hint_lower: STRING  the hint lower-cased, to match ids and aliases
// param identity_types: LIST<STRING>  memory types of the identity/preference section
// param identity_limit: INTEGER  identity/preference memories at most
// param project_types: LIST<STRING>  memory types of the project-memory section
// param project_limit: INTEGER  project memories at most (the pool ranked by the prompt)
// param entity_query: STRING  Lucene query of the prompt's words, escaped; null skips entities
// param entity_fetch: INTEGER  entity fulltext hits to ask for before the status/project filter
// param entity_limit: INTEGER  entities to return at most
// param link_limit: INTEGER  effective relationships to return per entity at most
// returns: project STRING, registered BOOLEAN, state LIST<MAP>, identity LIST<MAP>, memories LIST<MAP>, entities LIST<MAP>
// description: Everything above the chunks in a context pack, in one read:
//   the canonical project (alias -> id; an unknown hint passes through, '' =
//   none; registered says whether the hint named a registered project), its active trusted state, active identity/preference memories and
//   active project memories (the project's and the global ones), and the
//   active entities whose words match the prompt, best fulltext match first,
//   each with its effective relationships (active, other end active).
//   Candidates, invalid, superseded and retired rows never come back.
OPTIONAL MATCH (:ProjectName {name_lower: $hint_lower})-[:NAMES]->(p:Project)
WITH coalesce(p.id, $hint) AS project, p IS NOT NULL AS registered
LIMIT 1
CALL (project) {
  MATCH (e:StateEntry {project: project, status: 'active'})
  WITH e ORDER BY e.category, e.key, e.created_at DESC
  RETURN collect(e {.*}) AS state
}
CALL (project) {
  MATCH (m:Memory {status: 'active'})
  WHERE (m.project = project OR m.project IS NULL) AND m.memory_type IN $identity_types
  WITH m ORDER BY m.confidence DESC, m.updated_at DESC, m.id LIMIT $identity_limit
  RETURN collect(m {.*}) AS identity
}
CALL (project) {
  MATCH (m:Memory {status: 'active'})
  WHERE (m.project = project OR m.project IS NULL) AND m.memory_type IN $project_types
  WITH m ORDER BY m.confidence DESC, m.updated_at DESC, m.id LIMIT $project_limit
  RETURN collect(m {.*}) AS memories
}
CALL (project) {
  WITH project WHERE $entity_query IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_text', $entity_query, {limit: $entity_fetch}) YIELD node AS e, score
  WITH e, score WHERE e.status = 'active' AND (project = '' OR e.project = project)
  WITH e, score ORDER BY score DESC, e.id LIMIT $entity_limit
  WITH e, score, [(e)-[r]-(o:Entity {status: 'active'}) WHERE r.status = 'active' |
      {type: type(r), outgoing: startNode(r) = e, id: o.id, type_of_other: o.type, name: o.name, key: o.key}] AS links
  RETURN collect(e {.*, score: score, links: links[..$link_limit]}) AS entities
}
RETURN project, registered, state, identity, memories, entities
