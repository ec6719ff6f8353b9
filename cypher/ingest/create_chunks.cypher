// name: ingest.create_chunks
// mode: write
// param chunks: LIST<MAP>  {id, document_id, project, source_file, text, heading_path, title_path, ordinal, char_start, char_end, embedding}
// returns: created INTEGER
// description: Creates chunks under their documents and stores each embedding
//   with db.create.setNodeVectorProperty (the compact float storage the vector
//   index reads; the same call works on 5.26 and 2026.x). title_path is the
//   document title and heading path as one path (title once), which the
//   chunk_text fulltext index boosts.
UNWIND $chunks AS r
MATCH (d:Document {id: r.document_id})
CREATE (d)-[:HAS_CHUNK]->(c:Chunk {
  id: r.id,
  project: r.project,
  document_id: r.document_id,
  source_file: r.source_file,
  text: r.text,
  heading_path: r.heading_path,
  title_path: r.title_path,
  ordinal: r.ordinal,
  char_start: r.char_start,
  char_end: r.char_end
})
WITH c, r
CALL db.create.setNodeVectorProperty(c, 'embedding', r.embedding)
RETURN count(*) AS created
