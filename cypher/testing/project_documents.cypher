// name: testing.project_documents
// mode: read
// param project: STRING  canonical project id
// returns: id STRING, source STRING, path STRING, title STRING, ingested_at DATETIME, chunks LIST<MAP>
// description: A project's documents with their chunks in order and each
//   chunk's NEXT_CHUNK successor, for the ingestion tests to check the graph
//   shape. Never called by the API or the CLI.
MATCH (d:Document {project: $project})
OPTIONAL MATCH (d)-[:HAS_CHUNK]->(c:Chunk)
WITH d, c
ORDER BY d.path, c.ordinal
WITH d, collect(c {
  .id, .ordinal, .text, .heading_path, .char_start, .char_end, .source_file, .document_id, .project,
  has_vector: c.embedding IS NOT NULL,
  next: [(c)-[:NEXT_CHUNK]->(n:Chunk) | n.id]
}) AS chunks
RETURN d.id AS id, d.source AS source, d.path AS path, d.title AS title, d.ingested_at AS ingested_at, chunks
ORDER BY path
