// name: bench.fill_chunks
// mode: write
// param project: STRING  the benchmark project's id
// param rows: LIST<MAP>  {doc_id, source_file, chunk_id, ordinal, text, heading_path, embedding}
// returns: chunks INTEGER
// description: Benchmark-only bulk fill for the P2 latency benchmark: documents
//   and chunks written directly (no file reading, no per-chunk embedding) so a
//   100k-chunk graph can be built in minutes on two cores. Never used by the
//   API or the CLI.
UNWIND $rows AS r
MERGE (d:Document {id: r.doc_id})
  ON CREATE SET d.project = $project, d.source = 'bench', d.path = r.source_file, d.title = r.source_file
CREATE (c:Chunk {id: r.chunk_id, project: $project, document_id: r.doc_id, source_file: r.source_file,
                 text: r.text, heading_path: r.heading_path, ordinal: r.ordinal,
                 char_start: 0, char_end: size(r.text)})
CREATE (d)-[:HAS_CHUNK]->(c)
WITH c, r CALL db.create.setNodeVectorProperty(c, 'embedding', r.embedding)
RETURN count(*) AS chunks
