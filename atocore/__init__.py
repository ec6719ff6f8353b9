"""AtoCore: a Neo4j-native knowledge engine for engineers working with LLM agents."""

__version__ = "0.1.0"
