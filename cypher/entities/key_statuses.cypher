// name: entities.key_statuses
// mode: read
// param project: STRING  canonical project id
// param key: STRING  the key asked for
// param types: LIST<STRING>  entity types the key may belong to; empty: any
// returns: type STRING, statuses LIST<STRING>
// description: The types and statuses of the entities holding a key in a
//   project, for the check that a name given to a catalog query or a route
//   exists. No row when no entity of those types has the key. Served by the
//   entity_key index.
MATCH (e:Entity {key: $key})
WHERE e.project = $project AND (size($types) = 0 OR e.type IN $types)
RETURN e.type AS type, collect(DISTINCT e.status) AS statuses
ORDER BY type
