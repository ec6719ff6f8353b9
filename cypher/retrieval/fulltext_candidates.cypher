// name: retrieval.fulltext_candidates
// mode: read
// param query: STRING  Lucene query with the user's text escaped
// param k: INTEGER  hits to ask the fulltext index for
// param project: STRING  keep only this project's chunks; '' keeps all
// param limit: INTEGER  hits to return at most
// returns: fetched INTEGER, hits LIST<MAP>
// description: Keyword matches from the chunk_text fulltext index (text and
//   heading path), filtered by project after the index answered. One row, as
//   retrieval.vector_candidates; scores are Lucene BM25 scores.
CALL db.index.fulltext.queryNodes('chunk_text', $query, {limit: $k}) YIELD node AS c, score
WITH collect(CASE WHEN $project = '' OR c.project = $project THEN {
  chunk_id: c.id, text: c.text, source_file: c.source_file, heading_path: c.heading_path,
  project: c.project, document_id: c.document_id, ordinal: c.ordinal,
  char_start: c.char_start, char_end: c.char_end, score: score
} END) AS kept, count(*) AS fetched
RETURN fetched, kept[..$limit] AS hits
