"""The benchmarks: P1 ingestion throughput, P3 vector-index recall.

Each returns a flat dict of figures; ``atocore.bench.__main__`` prints it as
a table and as one JSON line. They run against the Neo4j the settings name
(ATOCORE_NEO4J_URI, ...), under a dedicated project id, and remove what they
wrote unless asked to keep it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from atocore.bench.corpus import iter_documents, queries
from atocore.services.ingest import chunk_document, ingest_project, remove_project_documents
from atocore.services.ingest.service import BATCH_CHUNKS
from atocore.services.retrieval import CANDIDATE_FACTOR, MIN_CANDIDATES
from atocore.services.runtime import Services

P1_PROJECT = "bench-p1"


def server_version(services: Services) -> str:
    components = services.graph.run("graph.components")
    kernel = next((c for c in components if c["name"] == "Neo4j Kernel"), components[0])
    return kernel["versions"][0]


def vector_index_config(services: Services) -> dict[str, Any]:
    for index in services.graph.run("graph.indexes"):
        if index["name"] == "chunk_embedding":
            return dict((index.get("options") or {}).get("indexConfig") or {})
    return {}


def write_until(directory: Path, services: Services, chunks: int, seed: int) -> tuple[int, list[str]]:
    """Write generated notes until they hold ``chunks`` chunks; (documents, embedding texts)."""
    settings = services.settings
    texts: list[str] = []
    written = 0
    for relative, text in iter_documents(seed):
        if len(texts) >= chunks:
            break
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
        doc = chunk_document(
            text,
            kind="markdown",
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            fallback_title=path.stem,
        )
        texts.extend(c.embedding_text for c in doc.chunks)
    return written, texts


def p1_ingest(services: Services, chunks: int, seed: int = 7, keep: bool = False) -> dict[str, Any]:
    """Chunks/s of ingest_project end to end vs the embedder alone on the same texts."""
    remove_project_documents(services, P1_PROJECT)
    with tempfile.TemporaryDirectory(prefix="atocore-bench-") as tmp:
        corpus = Path(tmp)
        documents, texts = write_until(corpus, services, chunks, seed)
        embedder = services.embedder
        embedder.embed(texts[:32])  # load and warm the model outside the timings
        started = time.perf_counter()
        for start in range(0, len(texts), BATCH_CHUNKS):
            embedder.embed(texts[start : start + BATCH_CHUNKS])
        embed_s = time.perf_counter() - started
        started = time.perf_counter()
        report = ingest_project(services, P1_PROJECT, [corpus])
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        rerun = ingest_project(services, P1_PROJECT, [corpus])
        rerun_s = time.perf_counter() - started
    if not keep:
        remove_project_documents(services, P1_PROJECT)
    embed_rate = len(texts) / embed_s
    ingest_rate = report.chunks_written / ingest_s
    return {
        "bench": "p1_ingest",
        "neo4j": server_version(services),
        "documents": documents,
        "chunks": report.chunks_written,
        "embed_only_s": round(embed_s, 2),
        "embed_only_chunks_per_s": round(embed_rate, 1),
        "ingest_s": round(ingest_s, 2),
        "ingest_chunks_per_s": round(ingest_rate, 1),
        "ratio": round(ingest_rate / embed_rate, 3),
        "target_ratio": 0.85,
        "unchanged_rerun_s": round(rerun_s, 2),
        "unchanged_rerun_written": rerun.chunks_written,
        "kept": keep,
    }


def _overlap(found: list[str], truth: list[str]) -> float:
    return len(set(found) & set(truth)) / len(truth) if truth else 1.0


def p3_recall(services: Services, query_count: int = 100, k: int = 10, seed: int = 11) -> dict[str, Any]:
    """recall@k of the vector index against exact cosine, over the chunks in the graph."""
    graph = services.graph
    totals = graph.run("stats.by_project", project="")
    vectors_stored = sum(row["chunks_with_vectors"] for row in totals)
    if vectors_stored < k:
        raise SystemExit(
            f"Only {vectors_stored} chunks with vectors: ingest first (python -m atocore.bench ingest --keep)."
        )
    wide_k = max(k * CANDIDATE_FACTOR, MIN_CANDIDATES)
    raw, wide, index_ms, exact_ms = [], [], [], []
    for vector in services.embedder.embed(queries(query_count, seed)):
        started = time.perf_counter()
        truth = [r["chunk_id"] for r in graph.run("retrieval.exact_all", vector=vector, limit=k)]
        exact_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        nearest = graph.run("retrieval.index_nearest", vector=vector, k=k)
        index_ms.append((time.perf_counter() - started) * 1000)
        raw.append(_overlap([r["chunk_id"] for r in nearest], truth))
        candidates = graph.run("retrieval.index_nearest", vector=vector, k=wide_k)
        best = sorted(candidates, key=lambda r: -r["score"])[:k]
        wide.append(_overlap([r["chunk_id"] for r in best], truth))
    config = vector_index_config(services)
    return {
        "bench": "p3_recall",
        "neo4j": server_version(services),
        "chunks_with_vectors": vectors_stored,
        "queries": query_count,
        "k": k,
        f"recall_at_{k}": round(statistics.fmean(raw), 4),
        f"recall_at_{k}_min": round(min(raw), 2),
        f"recall_at_{k}_from_top_{wide_k}": round(statistics.fmean(wide), 4),
        "target": 0.95,
        "index_ms_median": round(statistics.median(index_ms), 2),
        "exact_ms_median": round(statistics.median(exact_ms), 2),
        "quantization": config.get("vector.quantization.type", config.get("vector.quantization.enabled", "default")),
        "search_expansion": config.get("vector.default_search_expansion_factor", "n/a"),
    }
