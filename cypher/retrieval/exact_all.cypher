// name: retrieval.exact_all
// mode: read
// param vector: LIST<FLOAT>  the embedded prompt
// param limit: INTEGER  hits to return at most
// returns: chunk_id STRING, score FLOAT
// description: Exact cosine ranking over every chunk: the ground truth the
//   recall test and the P3 benchmark measure the vector index against. A full
//   scan; never used to answer queries.
MATCH (c:Chunk)
WHERE c.embedding IS NOT NULL
WITH c, vector.similarity.cosine(c.embedding, $vector) AS score
ORDER BY score DESC
LIMIT $limit
RETURN c.id AS chunk_id, score
