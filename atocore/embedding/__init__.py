"""Embedders turn texts into vectors for the chunk vector index."""

from atocore.embedding.base import Embedder
from atocore.embedding.sentence import SentenceTransformerEmbedder, get_embedder

__all__ = ["Embedder", "SentenceTransformerEmbedder", "get_embedder"]
