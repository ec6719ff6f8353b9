// name: projects.collisions
// mode: read
// param names_lower: LIST<STRING>  the id and aliases asked for, lower-cased
// param exclude_id: STRING  a project to leave out (the one being updated), or ''
// returns: project_id STRING, names LIST<STRING>
// description: Other projects whose id or aliases already use one of the
//   names, compared case-insensitively, with the names that collide.
MATCH (p:Project)
WHERE p.id <> $exclude_id
WITH p, [n IN $names_lower WHERE n = p.id_lower OR n IN p.aliases_lower] AS hits
WHERE size(hits) > 0
RETURN p.id AS project_id, hits AS names
ORDER BY project_id
