"""Ingestion: project files on disk become Document and Chunk nodes with embeddings."""
