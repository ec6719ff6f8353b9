// name: schema.0016-chunk-fulltext-english
// mode: schema
// description: The keyword half of hybrid retrieval, rebuilt for English.
//   Chunks get title_path, their document's title and their heading path as
//   one path with the title once (chunks written before this migration are
//   filled in from their document, in batches; ingestion writes it since).
//   Then the chunk_text fulltext index is dropped and recreated over text and
//   title_path with Lucene's English analyzer (lower-casing, English stop
//   words, possessives, Porter stemming: "mirrors" finds "mirror", "the"
//   finds nothing), and awaited until ONLINE. The analyzer is one per index;
//   the query boosts the title_path field.
MATCH (d:Document)-[:HAS_CHUNK]->(c:Chunk)
WHERE c.title_path IS NULL
CALL (c, d) {
  WITH c, coalesce(d.title, '') AS title, coalesce(c.heading_path, '') AS path
  SET c.title_path = CASE
    WHEN title = '' OR path = title OR path STARTS WITH title + ' > ' THEN path
    WHEN path = '' THEN title
    ELSE title + ' > ' + path
  END
} IN TRANSACTIONS OF 10000 ROWS;
DROP INDEX chunk_text IF EXISTS;
CREATE FULLTEXT INDEX chunk_text IF NOT EXISTS
FOR (c:Chunk) ON EACH [c.text, c.title_path]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CALL db.awaitIndex('chunk_text', 1800);
