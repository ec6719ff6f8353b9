// name: ingest.documents_under_roots
// mode: read
// param project: STRING  canonical project id
// param roots: LIST<MAP>  one {source, prefix} per root; prefix: the root's path in its source, '' for the source itself
// returns: id STRING, source STRING, path STRING, content_hash STRING, chunking STRING
// description: The project's documents that lie under any of the ingest
//   roots, with what decides whether a file changed: its content hash and the
//   chunking settings it was split with. Ingestion compares files on disk with
//   these rows; rows whose file is gone are removed.
MATCH (d:Document {project: $project})
WHERE any(r IN $roots WHERE d.source = r.source AND (r.prefix = '' OR d.path STARTS WITH r.prefix + '/'))
RETURN d.id AS id, d.source AS source, d.path AS path, d.content_hash AS content_hash, d.chunking AS chunking
