// name: schema.0005-project-indexes
// mode: schema
// description: Range indexes on the project of documents and chunks: ingestion
//   lists a project's documents, /stats counts per project, and a project-scoped
//   search falls back to an exact scan of one project's chunks.
CREATE INDEX document_project IF NOT EXISTS FOR (d:Document) ON (d.project);
CREATE INDEX chunk_project IF NOT EXISTS FOR (c:Chunk) ON (c.project);
