// name: graph.rebuild_vector_index
// mode: schema
// description: Drops the chunk vector index, every stored chunk embedding,
//   the records of the migrations that created the index (0002, and 0017
//   that pinned its quantization), and the content hashes
//   of documents (so the next ingestion re-embeds them). Run by `atocore schema
//   rebuild-vector-index` when the embedding model changes; migrations then
//   recreate the index with the new embedder's dimensions.
DROP INDEX chunk_embedding IF EXISTS;
MATCH (c:Chunk) WHERE c.embedding IS NOT NULL
CALL (c) { REMOVE c.embedding } IN TRANSACTIONS OF 5000 ROWS;
MATCH (d:Document) WHERE d.content_hash IS NOT NULL
CALL (d) { REMOVE d.content_hash } IN TRANSACTIONS OF 5000 ROWS;
MATCH (m:Migration) WHERE m.id IN ['schema.0002-chunk-vector-index', 'schema.0017-chunk-vector-quantization']
DELETE m;
