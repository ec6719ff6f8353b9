// name: ingest.project_documents
// mode: read
// param project: STRING  canonical project id
// returns: id STRING
// description: Ids of every document of a project, whatever its source.
MATCH (d:Document {project: $project})
RETURN d.id AS id
