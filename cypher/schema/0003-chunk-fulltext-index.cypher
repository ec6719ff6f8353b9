// name: schema.0003-chunk-fulltext-index
// mode: schema
// description: Lucene fulltext index over chunk text and heading path, the
//   keyword half of hybrid retrieval.
CREATE FULLTEXT INDEX chunk_text IF NOT EXISTS
FOR (c:Chunk) ON EACH [c.text, c.heading_path];
