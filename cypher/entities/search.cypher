// name: entities.search
// mode: read
// param query: STRING  Lucene terms (escaped by the caller)
// param type: STRING  only this entity type, or null
// param project: STRING  only this canonical project, or null
// param statuses: LIST<STRING>  statuses to include
// param limit: INTEGER  rows at most
// returns: entity MAP (the Entity's properties)
// description: Entities whose name, key or text fields match the terms
//   (the entity_text full-text index of migration 0011), best match first.
//   The index is asked for ten times the limit so the filters still leave
//   enough rows.
CALL db.index.fulltext.queryNodes('entity_text', $query, {limit: $limit * 10}) YIELD node AS e, score
WHERE ($type IS NULL OR e.type = $type) AND ($project IS NULL OR e.project = $project) AND e.status IN $statuses
RETURN e {.*} AS entity
ORDER BY score DESC, e.key
LIMIT $limit
