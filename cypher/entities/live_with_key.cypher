// name: entities.live_with_key
// mode: read
// param project: STRING  canonical project id
// param type: STRING  entity type
// param key: STRING  the key to check
// returns: id STRING, status STRING
// description: Live (candidate or active) entities holding a key in a
//   project and type, for the key-uniqueness rule. Served by the composite
//   (project, type, key) index.
MATCH (e:Entity {project: $project, type: $type, key: $key})
WHERE e.status IN ['candidate', 'active']
RETURN e.id AS id, e.status AS status
ORDER BY e.created_at
