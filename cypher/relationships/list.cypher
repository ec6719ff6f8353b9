// name: relationships.list
// mode: read
// param type: STRING  only this relationship type, or null for all
// param from_id: STRING  only from this entity, or null
// param to_id: STRING  only to this entity, or null
// param project: STRING  only between entities of this canonical project, or null
// param status: STRING  only relationships in this status, or null for all
// param effective_only: BOOLEAN  only effective ones (active, both endpoints active)
// param after_at: DATETIME  the cursor: the created_at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: relationship MAP, source MAP, target MAP, effective BOOLEAN
// description: Relationships between entities matching the filters, newest
//   first, each saying whether it is effective: it counts only when it is
//   active and both its endpoints are active.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.id IS NOT NULL
  AND ($type IS NULL OR type(r) = $type)
  AND ($from_id IS NULL OR a.id = $from_id)
  AND ($to_id IS NULL OR b.id = $to_id)
  AND ($project IS NULL OR a.project = $project)
  AND ($status IS NULL OR r.status = $status)
  AND ($after_at IS NULL OR r.created_at < $after_at OR (r.created_at = $after_at AND r.id > $after_id))
WITH a, r, b, (r.status = 'active' AND a.status = 'active' AND b.status = 'active') AS effective
WHERE effective OR NOT $effective_only
RETURN r {.*, type: type(r), from_id: a.id, to_id: b.id} AS relationship,
  a {.id, .key, .name, .type, .status} AS source,
  b {.id, .key, .name, .type, .status} AS target,
  effective
ORDER BY r.created_at DESC, r.id
LIMIT $limit
