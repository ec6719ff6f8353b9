// name: sources.remove
// mode: write
// param source_name: STRING  the source's name
// returns: name STRING, path STRING
// description: Removes a source directory; no row when none has the name.
//   Documents already ingested from it stay until their project is refreshed.
MATCH (s:Source {name: $source_name})
WITH s, s.name AS name, s.path AS path
DELETE s
RETURN name, path
