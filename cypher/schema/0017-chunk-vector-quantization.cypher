// name: schema.0017-chunk-vector-quantization
// mode: schema
// param vector_config: MAP  the chunk vector index's indexConfig: dimensions, cosine and the pinned quantization (atocore.graph.migrations.vector_index_config)
// description: The chunk vector index with its quantization written in its
//   definition instead of left to the server's default (Neo4j 2026.08 made
//   binary the default; 5.26 quantizes to int8 unless told otherwise). The
//   option's name differs by version (`vector.quantization.type` on servers
//   that have it, `vector.quantization.enabled` on 5.26), so the map comes
//   from the caller. The index is dropped, recreated from the stored vectors
//   and awaited until ONLINE; `atocore schema rebuild-vector-index` forgets
//   this migration with 0002, so a rebuilt index is pinned again.
DROP INDEX chunk_embedding IF EXISTS;
CREATE VECTOR INDEX chunk_embedding IF NOT EXISTS
FOR (c:Chunk) ON c.embedding
OPTIONS {indexConfig: $vector_config};
CALL db.awaitIndex('chunk_embedding', 1800);
