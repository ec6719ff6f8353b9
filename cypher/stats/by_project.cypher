// name: stats.by_project
// mode: read
// param project: STRING  count only this project; '' counts every project
// returns: project STRING, documents INTEGER, chunks INTEGER, chunks_with_vectors INTEGER
// description: Documents, chunks and embedded chunks per project. A chunk
//   without a vector (after `atocore schema rebuild-vector-index`, before the
//   next ingestion) is counted in chunks but not in chunks_with_vectors.
CALL () {
  MATCH (d:Document)
  WHERE $project = '' OR d.project = $project
  RETURN d.project AS project, count(*) AS documents, 0 AS chunks, 0 AS chunks_with_vectors
  UNION ALL
  MATCH (c:Chunk)
  WHERE $project = '' OR c.project = $project
  RETURN c.project AS project, 0 AS documents, count(*) AS chunks, count(c.embedding) AS chunks_with_vectors
}
RETURN project, sum(documents) AS documents, sum(chunks) AS chunks, sum(chunks_with_vectors) AS chunks_with_vectors
ORDER BY project
