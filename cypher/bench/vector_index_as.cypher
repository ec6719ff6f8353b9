// name: bench.vector_index_as
// mode: schema
// param vector_config: MAP  the indexConfig to rebuild the chunk vector index with
// description: Benchmark-only: rebuilds the chunk vector index from the
//   stored vectors with another configuration (the retrieval bench scores
//   the vector leg at each quantization, then puts the migration's back).
//   Never used by the API or the CLI.
DROP INDEX chunk_embedding IF EXISTS;
CREATE VECTOR INDEX chunk_embedding IF NOT EXISTS
FOR (c:Chunk) ON c.embedding
OPTIONS {indexConfig: $vector_config};
CALL db.awaitIndex('chunk_embedding', 1800);
