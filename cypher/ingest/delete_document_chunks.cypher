// name: ingest.delete_document_chunks
// mode: write
// param document_ids: LIST<STRING>  documents whose chunks are replaced
// returns: deleted INTEGER
// description: Deletes the chunks (and their NEXT_CHUNK links) of the given
//   documents, before their new chunks are written in the same transaction.
UNWIND $document_ids AS id
MATCH (:Document {id: id})-[:HAS_CHUNK]->(c:Chunk)
DETACH DELETE c
RETURN count(*) AS deleted
