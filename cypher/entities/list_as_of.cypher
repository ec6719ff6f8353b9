// name: entities.list_as_of
// mode: read
// param type: STRING  only this entity type, or null for all
// param project: STRING  only this canonical project, or null for all
// param key: STRING  only this key, or null
// param as_of: DATETIME  the moment to look at
// param limit: INTEGER  rows at most
// returns: entity MAP (the Entity's properties)
// description: The entity versions that were active at as_of: valid_from at
//   or before it and valid_to (when the version stopped being active) after
//   it or not set. A range check on the valid_from index.
MATCH (e:Entity)
WHERE e.valid_from <= $as_of
  AND (e.valid_to IS NULL OR e.valid_to > $as_of)
  AND ($type IS NULL OR e.type = $type)
  AND ($project IS NULL OR e.project = $project)
  AND ($key IS NULL OR e.key = $key)
RETURN e {.*} AS entity
ORDER BY e.valid_from DESC, e.id
LIMIT $limit
