"""Retrieval quality on a BEIR-shaped dataset: AtoCore's /query against exact MiniLM and stemmed BM25.

The corpus is written as one markdown file per document (``# title`` then the
text) under ``<cache_dir>/bench-retrieval/<dataset>/`` and ingested through
the public API (register the project, ``POST /projects/<id>/refresh``: the
real chunker, embedder and writer), so the figures are those of the code path
a client uses. ``--keep`` leaves the project and its files in place; the next
run's refresh then finds every file unchanged and costs a hash per file.

Every method ranks CHUNKS and is scored on DOCUMENTS the same way
(``beir.documents_of``: a document ranks where its best chunk ranks):

- ``atocore``: ``POST /query`` (top_k 100, this dataset's project), the
  hits' documents in order;
- ``atocore[...]``: the same service call (``retrieval.search``) with one leg
  alone or another recipe (``--fusion``, ``--k``, ``--document-weight``);
  the prompt's vector is cached by then, so their latency leaves embedding out;
- ``minilm_exact``: exact cosine between the prompt's all-MiniLM-L6-v2 vector
  and every stored chunk vector (what AtoCore's vector index approximates);
- ``bm25_stemmed``: bm25s (Lucene BM25, k1 1.5, b 0.75) with PyStemmer's
  English stemmer and English stop words over the same chunks (heading path,
  then text: what the embedder sees);
- ``bm25_whole_doc``: the same BM25 over whole documents (title + text), the
  usual BEIR setting, as a reference.

Latency is per query, in this process: the API call through FastAPI's
TestClient (embedding included), the baselines' own work (MiniLM: embedding
the prompt plus a matrix product; BM25: tokenizing and scoring).

Context packs (``context[...]``): for each query a pack at the default
budget, with and without the neighbours and evidenced entities; the figure
is the share of the query's relevant documents the pack shows (a hit's
document, or a stitched neighbour's), and the pack's mean size.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from atocore.bench.beir import Dataset, documents_of, percentile, scores
from atocore.graph.migrations import VECTOR_QUANTIZATION, Quantization, server_version, vector_index_config
from atocore.services.context import ContextRequest, build_context
from atocore.services.fusion import Method, Recipe
from atocore.services.ingest import remove_project_documents
from atocore.services.retrieval import search
from atocore.services.runtime import Services

SOURCE = "bench-retrieval"
TOP_K = 100
BASELINE_DEPTH = 300  # chunks each baseline ranks before documents are taken from them
Ranker = Callable[[str], list[str]]  # prompt -> ranked document ids


def project_id(dataset: Dataset) -> str:
    return f"bench-{dataset.name}"[:64]


def document_file(doc_id: str) -> str:
    return urllib.parse.quote(doc_id, safe="") + ".md"


def document_key(source_file: str) -> str:
    """The dataset's document id back from a chunk's source_file."""
    return urllib.parse.unquote(source_file.rsplit("/", 1)[-1].removesuffix(".md"))


def write_corpus(directory: Path, dataset: Dataset) -> int:
    """One markdown file per document; files already holding the same text are left alone, others removed."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = {document_file(doc_id) for doc_id in dataset.corpus}
    for stale in directory.glob("*.md"):
        if stale.name not in wanted:  # a larger corpus of an earlier run
            stale.unlink()
    written = 0
    for doc_id, (title, text) in dataset.corpus.items():
        body = f"# {title.strip()}\n\n{text.strip()}\n" if title.strip() else f"{text.strip()}\n"
        path = directory / document_file(doc_id)
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")
            written += 1
    return written


@contextmanager
def bench_api(services: Services, sources: dict[str, Path]) -> Iterator[tuple[Services, Any]]:
    """Services whose sources include ``sources``, and a TestClient over the real app."""
    from fastapi.testclient import TestClient

    from atocore.api.app import create_app

    settings = services.settings.model_copy(update={"sources": {**services.settings.sources, **sources}})
    scoped = Services(settings, graph=services.graph, embedder=services.embedder)
    with TestClient(create_app(settings, scoped), base_url="http://127.0.0.1") as http:  # a loopback Host
        if not settings.auth_disabled:  # the admin token the app registered on start, as a local user sends it
            http.headers["Authorization"] = f"Bearer {settings.api_token_file.read_text().strip()}"
        yield scoped, http


def ingest(http: Any, project: str, subpath: str, source: str = SOURCE) -> dict[str, Any]:
    """Register the project when it is new, then refresh it through the API; the ingest report."""
    if http.get(f"/projects/{project}").status_code == 404:
        spec = {"id": project, "ingest_roots": [{"source": source, "subpath": subpath}]}
        http.post("/projects/register", json=spec).raise_for_status()
    response = http.post(f"/projects/{project}/refresh")
    response.raise_for_status()
    return response.json()


def api_ranker(http: Any, project: str) -> Ranker:
    def rank(prompt: str) -> list[str]:
        response = http.post("/query", json={"prompt": prompt, "project": project, "top_k": TOP_K})
        response.raise_for_status()
        return documents_of(document_key(hit["source_file"]) for hit in response.json()["hits"])

    return rank


def recipe_ranker(services: Services, project: str, recipe: Recipe) -> Ranker:
    def rank(prompt: str) -> list[str]:
        hits = search(services, prompt, top_k=TOP_K, project=project, recipe=recipe)
        return documents_of(document_key(hit.source_file) for hit in hits)

    return rank


def variants(settings: Any, fusions: tuple[str, ...], ks: tuple[int, ...], doc_weights: tuple[float, ...]) -> dict:
    """Each leg alone, then every asked combination of fusion, k and document weight, by name."""
    base = Recipe.from_settings(settings)
    named = {"vector only": replace(base, keyword_weight=0), "keyword only": replace(base, vector_weight=0)}
    for method in fusions or (base.method,):
        for k in ks or (base.k,):
            for weight in doc_weights or (base.document_weight,):
                recipe = replace(base, method=cast(Method, method), k=k, document_weight=weight)
                named[f"{method} k={k} doc={weight:g}"] = recipe
    return named


def with_neighbours(services: Services, neighbours: bool) -> Services:
    """The same graph and embedder, with context neighbours on or off."""
    settings = services.settings.model_copy(update={"context_neighbours": neighbours})
    return Services(settings, graph=services.graph, embedder=services.embedder)


def context_recall(services: Services, project: str, dataset: Dataset, neighbours: bool) -> dict[str, float]:
    """Share of each query's relevant documents that its context pack shows; mean pack size and latency."""
    scoped = with_neighbours(services, neighbours)
    found, sizes, latencies = [], [], []
    for query_id, prompt in dataset.queries.items():
        started = time.perf_counter()
        pack = build_context(scoped, ContextRequest(prompt=prompt, project=project, budget=None))
        latencies.append((time.perf_counter() - started) * 1000)
        shown = {document_key(ref.source_file) for ref in pack.chunks}
        relevant = dataset.qrels[query_id]
        found.append(len(shown & set(relevant)) / len(relevant))
        sizes.append(pack.total_chars)
    return {
        "docs_in_pack": round(sum(found) / len(found), 4),
        "pack_chars": round(sum(sizes) / len(sizes)),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
    }


def minilm_ranker(services: Services, chunks: list[dict[str, Any]]) -> Ranker:
    import numpy as np

    matrix = np.asarray([c["embedding"] for c in chunks], dtype=np.float32)
    keys = [document_key(c["source_file"]) for c in chunks]

    def rank(prompt: str) -> list[str]:
        vector = np.asarray(services.embedder.embed([prompt])[0], dtype=np.float32)
        similarity = matrix @ vector
        depth = min(BASELINE_DEPTH, len(keys))
        best = np.argpartition(-similarity, depth - 1)[:depth]
        ordered = best[np.argsort(-similarity[best], kind="stable")]
        return documents_of(keys[i] for i in ordered)[:TOP_K]

    return rank


def bm25_ranker(texts: list[str], keys: list[str]) -> Ranker:
    """Stemmed BM25 (bm25s + PyStemmer, English stop words) over ``texts``; each text counts for its key."""
    try:
        import bm25s
        import Stemmer
    except ImportError as exc:  # the bench extra is not installed
        raise SystemExit("The retrieval bench needs its extra: pip install -e '.[bench]'") from exc

    stemmer = Stemmer.Stemmer("english")
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    depth = min(BASELINE_DEPTH, len(texts))

    def rank(prompt: str) -> list[str]:
        tokens = bm25s.tokenize([prompt], stopwords="en", stemmer=stemmer, show_progress=False)
        found, _ = model.retrieve(tokens, k=depth, show_progress=False, n_threads=1)
        return documents_of(keys[int(i)] for i in found[0])[:TOP_K]

    return rank


def evaluate(rank: Ranker, dataset: Dataset) -> dict[str, float]:
    """The ranker's metrics over the dataset's queries, with its per-query latency."""
    rankings: dict[str, list[str]] = {}
    latencies: list[float] = []
    for query_id, prompt in dataset.queries.items():
        started = time.perf_counter()
        rankings[query_id] = rank(prompt)
        latencies.append((time.perf_counter() - started) * 1000)
    figures = scores(rankings, dataset.qrels)
    figures["p50_ms"] = percentile(latencies, 50)
    figures["p95_ms"] = percentile(latencies, 95)
    return {name: round(value, 4 if "@" in name else 1) for name, value in figures.items()}


def run_retrieval(
    services: Services,
    dataset: Dataset,
    *,
    keep: bool = False,
    recipes: dict[str, Recipe] | None = None,
    quantizations: tuple[Quantization, ...] = (),
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Ingest the dataset (unless already there), then score every method on its queries."""
    root = services.settings.cache_dir / SOURCE
    project = project_id(dataset)
    written = write_corpus(root / dataset.name, dataset)
    progress(f"corpus: {len(dataset.corpus)} documents, {written} files (re)written under {root / dataset.name}")
    methods: dict[str, dict[str, float]] = {}
    with bench_api(services, {SOURCE: root}) as (scoped, http):
        started = time.perf_counter()
        report = ingest(http, project, dataset.name)
        ingest_s = time.perf_counter() - started
        progress(
            f"ingest: {report['documents_added']} added, {report['documents_updated']} updated, "
            f"{report['documents_unchanged']} unchanged, {report['chunks_written']} chunks written in {ingest_s:.0f} s"
        )
        chunks = scoped.graph.run("bench.retrieval_chunks", project=project)
        rankers: dict[str, Ranker] = {"atocore": api_ranker(http, project)}
        for name, recipe in (recipes or {}).items():
            rankers[f"atocore[{name}]"] = recipe_ranker(scoped, project, recipe)
        rankers["minilm_exact"] = minilm_ranker(scoped, chunks)
        rankers["bm25_stemmed"] = bm25_ranker(
            [f"{c['heading_path']}\n\n{c['text']}" for c in chunks], [document_key(c["source_file"]) for c in chunks]
        )
        whole = list(dataset.corpus)
        rankers["bm25_whole_doc"] = bm25_ranker([" ".join(dataset.corpus[d]) for d in whole], whole)
        for name, rank in rankers.items():
            progress(f"evaluating {name} on {len(dataset.queries)} queries")
            methods[name] = evaluate(rank, dataset)
        methods.update(quantized(scoped, project, dataset, quantizations, progress))
        packs = {}
        for label, neighbours in (("context[hits only]", False), ("context[neighbours + entities]", True)):
            progress(f"evaluating {label}")
            packs[label] = context_recall(scoped, project, dataset, neighbours)
    if not keep:
        remove_project_documents(services, project)
    return summary(dataset, len(chunks), round(ingest_s, 1), methods, packs, keep)


def quantized(
    services: Services,
    project: str,
    dataset: Dataset,
    quantizations: tuple[Quantization, ...],
    progress: Callable[[str], None],
) -> dict[str, dict[str, float]]:
    """The vector leg alone with the index rebuilt at each quantization; the pinned one is put back after."""
    if not quantizations:
        return {}
    version, dimensions = server_version(services.graph), services.embedder.dimensions
    vector_only = replace(Recipe.from_settings(services.settings), keyword_weight=0)
    figures: dict[str, dict[str, float]] = {}
    try:
        for quantization in quantizations:
            progress(f"rebuilding the vector index with quantization {quantization}")
            config = vector_index_config(version, dimensions, quantization)
            services.graph.run_schema("bench.vector_index_as", vector_config=config)
            figures[f"atocore[vector only, {quantization}]"] = evaluate(
                recipe_ranker(services, project, vector_only), dataset
            )
    finally:
        progress(f"rebuilding the vector index as pinned ({VECTOR_QUANTIZATION})")
        services.graph.run_schema("bench.vector_index_as", vector_config=vector_index_config(version, dimensions))
    return figures


def summary(
    dataset: Dataset,
    chunks: int,
    ingest_s: float,
    methods: dict[str, dict[str, float]],
    packs: dict[str, dict[str, float]],
    keep: bool,
) -> dict[str, Any]:
    ours, bm25, minilm = methods["atocore"], methods["bm25_stemmed"], methods["minilm_exact"]
    return {
        "bench": "retrieval",
        "dataset": dataset.name,
        "documents": len(dataset.corpus),
        "chunks": chunks,
        "queries": len(dataset.queries),
        "ingest_s": ingest_s,
        "methods": methods,
        "context_packs": packs,
        "ndcg@10_vs_bm25_stemmed": round(ours["ndcg@10"] - bm25["ndcg@10"], 4),
        "ndcg@10_vs_minilm_exact": round(ours["ndcg@10"] - minilm["ndcg@10"], 4),
        "targets": {"vs_bm25_stemmed": 0.03, "vs_minilm_exact": 0.06, "recall@100": 0.95},
        "targets_met": {
            "vs_bm25_stemmed": ours["ndcg@10"] - bm25["ndcg@10"] >= 0.03,
            "vs_minilm_exact": ours["ndcg@10"] - minilm["ndcg@10"] >= 0.06,
            "recall@100": ours["recall@100"] >= 0.95,
        },
        "kept": keep,
    }


def table(figures: dict[str, Any]) -> list[str]:
    """The methods as an aligned text table, then the comparisons."""
    methods: dict[str, dict[str, float]] = figures["methods"]
    columns = ["ndcg@10", "recall@10", "recall@100", "p50_ms", "p95_ms"]
    width = max(len(name) for name in methods)
    lines = [f"{'method':<{width}}  " + "  ".join(f"{c:>10}" for c in columns)]
    for name, row in methods.items():
        lines.append(f"{name:<{width}}  " + "  ".join(f"{row[c]:>10}" for c in columns))
    for name, row in figures["context_packs"].items():
        lines.append(f"{name}: " + ", ".join(f"{key} {value}" for key, value in row.items()))
    for key in ("dataset", "documents", "chunks", "queries", "ingest_s"):
        lines.append(f"{key}: {figures[key]}")
    for key in ("ndcg@10_vs_bm25_stemmed", "ndcg@10_vs_minilm_exact"):
        lines.append(f"{key}: {figures[key]:+.4f}")
    lines.append(f"targets_met: {figures['targets_met']}")
    return lines
