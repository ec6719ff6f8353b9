// name: projects.list
// mode: read
// returns: id STRING, aliases LIST<STRING>, description STRING, ingest_roots STRING, created_at DATETIME, updated_at DATETIME, created_by STRING
// description: Every registered project, by id. ingest_roots is the JSON
//   text of the project's [{source, subpath}] list.
MATCH (p:Project)
RETURN p.id AS id, p.aliases AS aliases, p.description AS description,
       p.ingest_roots AS ingest_roots, p.created_at AS created_at, p.updated_at AS updated_at,
       p.created_by AS created_by
ORDER BY p.id
