// name: entities.list
// mode: read
// param type: STRING  only this entity type, or null for all
// param project: STRING  only this canonical project, or null for all
// param statuses: LIST<STRING>  the statuses to return (active by default)
// param key: STRING  only this key, or null
// param after_at: DATETIME  the cursor: the updated_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: entity MAP (the Entity's properties)
// description: Entities matching the filters, most recently updated first
//   (ties by id), a page at a time: after_at/after_id continue after a row.
//   The service passes ['active'] unless a status is asked for, so candidates
//   never appear by default.
MATCH (e:Entity)
WHERE e.status IN $statuses
  AND ($type IS NULL OR e.type = $type)
  AND ($project IS NULL OR e.project = $project)
  AND ($key IS NULL OR e.key = $key)
  AND ($after_at IS NULL OR e.updated_at < $after_at OR (e.updated_at = $after_at AND e.id > $after_id))
RETURN e {.*} AS entity
ORDER BY e.updated_at DESC, e.id
LIMIT $limit
