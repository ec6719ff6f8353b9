// name: ingest.delete_documents
// mode: write
// param document_ids: LIST<STRING>  documents to remove with all their chunks
// returns: documents INTEGER, chunks INTEGER
// description: Removes documents whose file is gone, with their chunks.
UNWIND $document_ids AS id
MATCH (d:Document {id: id})
OPTIONAL MATCH (d)-[:HAS_CHUNK]->(c:Chunk)
WITH d, collect(c) AS chunks
WITH d, chunks, size(chunks) AS n
FOREACH (c IN chunks | DETACH DELETE c)
DETACH DELETE d
RETURN count(*) AS documents, coalesce(sum(n), 0) AS chunks
