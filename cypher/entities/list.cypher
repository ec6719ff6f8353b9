// name: entities.list
// mode: read
// param type: STRING  only this entity type, or null for all
// param project: STRING  only this canonical project, or null for all
// param statuses: LIST<STRING>  the statuses to return (active by default)
// param key: STRING  only this key, or null
// param limit: INTEGER  rows at most
// returns: entity MAP (the Entity's properties)
// description: Entities matching the filters, most recently updated first.
//   The service passes ['active'] unless a status is asked for, so candidates
//   never appear by default.
MATCH (e:Entity)
WHERE e.status IN $statuses
  AND ($type IS NULL OR e.type = $type)
  AND ($project IS NULL OR e.project = $project)
  AND ($key IS NULL OR e.key = $key)
RETURN e {.*} AS entity
ORDER BY e.updated_at DESC, e.id
LIMIT $limit
