// name: entities.by_key
// mode: read
// param project: STRING  canonical project id
// param key: STRING  the entity's key
// returns: id STRING, type STRING, status STRING
// description: The live (active or candidate) entities holding a key in a
//   project, active first: what a route or a command given a key instead
//   of an id stands for. Served by the entity_key index.
MATCH (e:Entity {key: $key})
WHERE e.project = $project AND e.status IN ['active', 'candidate']
RETURN e.id AS id, e.type AS type, e.status AS status
ORDER BY CASE e.status WHEN 'active' THEN 0 ELSE 1 END, e.created_at DESC
