// name: retrieval.index_nearest
// mode: read
// param vector: LIST<FLOAT>  the embedded prompt
// param k: INTEGER  neighbours to return
// returns: chunk_id STRING, score FLOAT
// description: The vector index's k nearest chunks, bare: what the recall
//   test and the P3 benchmark compare with retrieval.exact_all.
CALL db.index.vector.queryNodes('chunk_embedding', $k, $vector) YIELD node, score
RETURN node.id AS chunk_id, score
