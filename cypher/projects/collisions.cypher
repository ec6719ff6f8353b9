// name: projects.collisions
// mode: read
// param names_lower: LIST<STRING>  the id and aliases asked for, lower-cased
// param exclude_id: STRING  a project to leave out (the one being updated), or ''
// returns: project_id STRING, names LIST<STRING>
// description: Other projects whose id or aliases already use one of the
//   names, compared case-insensitively, with the names that collide.
UNWIND $names_lower AS name
MATCH (:ProjectName {name_lower: name})-[:NAMES]->(p:Project)
WHERE p.id <> $exclude_id
WITH p.id AS project_id, collect(name) AS names
RETURN project_id, names
ORDER BY project_id
