// name: schema.0002-chunk-vector-index
// mode: schema
// param dimensions: INTEGER  the embedder's vector size (384 for all-MiniLM-L6-v2)
// description: The approximate-nearest-neighbour index over Chunk.embedding,
//   cosine similarity. Its dimensions come from the configured embedder; an
//   existing index of other dimensions is refused at startup (see
//   atocore.graph.migrations), because Neo4j would answer with meaningless
//   scores rather than an error.
CREATE VECTOR INDEX chunk_embedding IF NOT EXISTS
FOR (c:Chunk) ON c.embedding
OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine'}};
