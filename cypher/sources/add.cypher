// name: sources.add
// mode: write
// param source_name: STRING  the source's name
// param path: STRING  absolute, symlink-free directory
// returns: name STRING, path STRING, created BOOLEAN
// description: Adds a source directory unless the name is taken; the row
//   always carries the path the name stands for afterwards, so a caller can
//   tell an idempotent repeat (same path) from a clash (another path).
MERGE (s:Source {name: $source_name})
ON CREATE SET s.path = $path, s.configured = false, s.added_at = datetime(), s._new = true
WITH s, coalesce(s._new, false) AS created
REMOVE s._new
RETURN s.name AS name, s.path AS path, created
