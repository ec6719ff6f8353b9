// name: testing.drop_chunk_text_index
// mode: schema
// description: Drops the chunk fulltext index, so a test can put the index
//   of an older migration back and prove a later one rebuilds it.
DROP INDEX chunk_text IF EXISTS;
