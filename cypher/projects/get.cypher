// name: projects.get
// mode: read
// param id: STRING  canonical project id
// returns: id STRING, aliases LIST<STRING>, description STRING, ingest_roots STRING, created_at DATETIME, updated_at DATETIME, created_by STRING
// description: One registered project by its canonical id.
MATCH (p:Project {id: $id})
RETURN p.id AS id, p.aliases AS aliases, p.description AS description,
       p.ingest_roots AS ingest_roots, p.created_at AS created_at, p.updated_at AS updated_at,
       p.created_by AS created_by
