// name: bench.retrieval_chunks
// mode: read
// param project: STRING  the retrieval benchmark's project id
// returns: chunk_id STRING, source_file STRING, heading_path STRING, text STRING, embedding LIST<FLOAT>
// description: Benchmark-only: every chunk of the retrieval benchmark's
//   project with its stored vector, for the baselines that rank the same
//   chunks outside Neo4j (exact MiniLM cosine, stemmed BM25). Never used by
//   the API or the CLI.
MATCH (c:Chunk {project: $project})
RETURN c.id AS chunk_id, c.source_file AS source_file, c.heading_path AS heading_path, c.text AS text,
       c.embedding AS embedding
ORDER BY c.id
