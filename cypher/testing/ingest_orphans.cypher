// name: testing.ingest_orphans
// mode: read
// returns: chunks_without_document INTEGER, documents_without_chunks INTEGER, chunks_without_vector INTEGER
// description: What an interrupted ingestion could leave behind, over the
//   whole graph: chunks no document holds, documents with no chunk, chunks
//   without an embedding. The crash test expects zeros after a re-run.
//   Never called by the API or the CLI.
CALL () {
  MATCH (c:Chunk) WHERE NOT (c)<-[:HAS_CHUNK]-(:Document)
  RETURN count(c) AS chunks_without_document
}
CALL () {
  MATCH (d:Document) WHERE NOT (d)-[:HAS_CHUNK]->(:Chunk)
  RETURN count(d) AS documents_without_chunks
}
CALL () {
  MATCH (c:Chunk) WHERE c.embedding IS NULL
  RETURN count(c) AS chunks_without_vector
}
RETURN chunks_without_document, documents_without_chunks, chunks_without_vector
