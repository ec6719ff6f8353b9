// name: retrieval.vector_candidates
// mode: read
// param vector: LIST<FLOAT>  the embedded prompt
// param k: INTEGER  nearest neighbours to ask the index for
// param project: STRING  keep only this project's chunks; '' keeps all
// param limit: INTEGER  hits to return at most
// returns: fetched INTEGER, hits LIST<MAP>
// description: Approximate nearest chunks from the vector index, filtered by
//   project after the index answered (5.26 has no in-index filter). One row:
//   `fetched` is how many the index returned, so the caller knows whether
//   asking for more could find more (fetched = k) or the index is exhausted.
//   Hits are in index order with the score Neo4j reports for cosine, (1 + cos) / 2.
CALL db.index.vector.queryNodes('chunk_embedding', $k, $vector) YIELD node AS c, score
WITH collect(CASE WHEN $project = '' OR c.project = $project THEN {
  chunk_id: c.id, text: c.text, source_file: c.source_file, heading_path: c.heading_path,
  project: c.project, document_id: c.document_id, ordinal: c.ordinal,
  char_start: c.char_start, char_end: c.char_end, score: score
} END) AS kept, count(*) AS fetched
RETURN fetched, kept[..$limit] AS hits
