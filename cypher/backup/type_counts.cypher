// name: backup.type_counts
// mode: read
// returns: type STRING, count INTEGER
// description: Relationships per type for every type the database holds,
//   to check a dump after it is loaded.
CALL db.relationshipTypes() YIELD relationshipType AS type
RETURN type, COUNT { MATCH ()-[r:$(type)]->() } AS count
ORDER BY type
