// name: entities.keys
// mode: read
// param project: STRING  canonical project id
// param types: LIST<STRING>  entity types to list the keys of; empty: any
// returns: key STRING
// description: The distinct keys of a project's entities of those types
//   (every status): what an unknown key is compared with to suggest the
//   closest ones. Read only after a key was not found.
MATCH (e:Entity {project: $project})
WHERE size($types) = 0 OR e.type IN $types
RETURN DISTINCT e.key AS key
ORDER BY key
