// name: retrieval.hybrid_candidates
// mode: read
// param vector: LIST<FLOAT>  the embedded prompt
// param vector_k: INTEGER  nearest neighbours to ask the vector index for; 0 skips the vector leg
// param query: STRING  Lucene query with the user's text escaped; null skips the keyword leg
// param fulltext_k: INTEGER  hits to ask the fulltext index for (unused when query is null)
// param project: STRING  keep only this project's chunks; '' keeps all
// param limit: INTEGER  hits to return at most per leg
// returns: vector_fetched INTEGER, vector_hits LIST<MAP>, fulltext_fetched INTEGER, fulltext_hits LIST<MAP>
// description: Both legs of hybrid retrieval in one read (one round trip):
//   the vector index's nearest chunks and the fulltext index's keyword
//   matches, each filtered by project after the index answered and cut to
//   `limit`. `*_fetched` is how many the index returned, so the caller can
//   tell whether asking again for more could find more. Only the kept hits'
//   properties are read. Scores: vector (1 + cos) / 2, fulltext BM25.
//   A skipped leg comes back with fetched 0 and no hits, so a retry can ask
//   one index again without the other.
CALL () {
  WITH $vector_k AS k WHERE k > 0
  CALL db.index.vector.queryNodes('chunk_embedding', k, $vector) YIELD node AS c, score
  WITH collect({c: c, score: score}) AS found
  WITH size(found) AS fetched, [x IN found WHERE $project = '' OR x.c.project = $project][..$limit] AS kept
  RETURN fetched AS vector_fetched, [x IN kept | {
    chunk_id: x.c.id, text: x.c.text, source_file: x.c.source_file, heading_path: x.c.heading_path,
    project: x.c.project, document_id: x.c.document_id, ordinal: x.c.ordinal,
    char_start: x.c.char_start, char_end: x.c.char_end, score: x.score}] AS vector_hits
}
CALL () {
  WITH $query AS query WHERE query IS NOT NULL
  CALL db.index.fulltext.queryNodes('chunk_text', query, {limit: $fulltext_k}) YIELD node AS c, score
  WITH collect({c: c, score: score}) AS found
  WITH size(found) AS fetched, [x IN found WHERE $project = '' OR x.c.project = $project][..$limit] AS kept
  RETURN fetched AS fulltext_fetched, [x IN kept | {
    chunk_id: x.c.id, text: x.c.text, source_file: x.c.source_file, heading_path: x.c.heading_path,
    project: x.c.project, document_id: x.c.document_id, ordinal: x.c.ordinal,
    char_start: x.c.char_start, char_end: x.c.char_end, score: x.score}] AS fulltext_hits
}
RETURN vector_fetched, vector_hits, fulltext_fetched, fulltext_hits
