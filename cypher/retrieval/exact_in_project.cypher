// name: retrieval.exact_in_project
// mode: read
// param vector: LIST<FLOAT>  the embedded prompt
// param project: STRING  canonical project id
// param limit: INTEGER  hits to return at most
// returns: chunk_id STRING, text STRING, source_file STRING, heading_path STRING, project STRING, document_id STRING, ordinal INTEGER, char_start INTEGER, char_end INTEGER, score FLOAT
// description: Exact cosine ranking of one project's chunks (through the
//   chunk_project index). Used when a project holds so small a share of the
//   index that over-fetching from the vector index would not reach enough of
//   its chunks; the score is on the index's scale, (1 + cos) / 2.
MATCH (c:Chunk {project: $project})
WHERE c.embedding IS NOT NULL
WITH c, vector.similarity.cosine(c.embedding, $vector) AS score
ORDER BY score DESC
LIMIT $limit
RETURN c.id AS chunk_id, c.text AS text, c.source_file AS source_file, c.heading_path AS heading_path,
       c.project AS project, c.document_id AS document_id, c.ordinal AS ordinal,
       c.char_start AS char_start, c.char_end AS char_end, score
