// name: sources.list
// mode: read
// returns: name STRING, path STRING, configured BOOLEAN, added_at DATETIME
// description: Every source directory the server may read, by name.
//   configured is true for the ones ATOCORE_SOURCES seeded at startup.
MATCH (s:Source)
RETURN s.name AS name, s.path AS path, coalesce(s.configured, false) AS configured, s.added_at AS added_at
ORDER BY s.name
