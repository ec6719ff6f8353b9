"""Ingestion: project files on disk become Document and Chunk nodes with embeddings."""

from atocore.services.ingest.chunker import Chunk, ChunkedDocument, chunk_document
from atocore.services.ingest.service import IngestReport, SkippedFile, ingest_project, remove_project_documents

__all__ = [
    "Chunk",
    "ChunkedDocument",
    "IngestReport",
    "SkippedFile",
    "chunk_document",
    "ingest_project",
    "remove_project_documents",
]
