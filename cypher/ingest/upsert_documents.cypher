// name: ingest.upsert_documents
// mode: write
// param documents: LIST<MAP>  {id, project, source, path, title, kind, content_hash, chunking, mtime_ms, size}
// returns: written INTEGER
// description: Creates or updates Document nodes, one per row, and stamps
//   ingested_at. Only called for new or changed files, so ingested_at tells
//   when a document's content last changed in the graph.
UNWIND $documents AS r
MERGE (d:Document {id: r.id})
SET d.project = r.project,
    d.source = r.source,
    d.path = r.path,
    d.title = r.title,
    d.kind = r.kind,
    d.content_hash = r.content_hash,
    d.chunking = r.chunking,
    d.mtime = datetime({epochMillis: r.mtime_ms}),
    d.size = r.size,
    d.ingested_at = datetime()
RETURN count(d) AS written
