"""P2: p50/p95 of POST /context/build and POST /query over HTTP at a given graph size.

"During ingest": /query again while a refresh of another project ingests
``ingest_chunks`` freshly generated chunks (really embedded), the figure the
embedder's turns (atocore.embedding.sentence) keep within 3x the idle p95.

The graph is filled quickly: real generated note texts, chunked by the real
chunker; vectors come from a pool of really embedded chunks, each reused with
a small random perturbation (renormalized), so the vector index holds a
realistic, clustered distribution without embedding 100k texts on two cores.
Retrieval latency does not depend on which model produced the stored vectors;
the query side embeds each prompt with the real model, as in production.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from atocore.bench.corpus import iter_documents, queries
from atocore.config import Settings
from atocore.services.ingest import chunk_document
from atocore.services.runtime import Services

PROJECT = "bench-p2"
INGEST_PROJECT = "bench-p2-ingest"  # what the "during ingest" figure ingests meanwhile
POOL = 1500
FILL_BATCH = 2000


def _rows(services: Services, chunks: int, seed: int):
    settings = services.settings
    rng = random.Random(seed)
    pool: list[list[float]] = []
    made = 0
    for doc_index, (relative, text) in enumerate(iter_documents(seed)):
        doc = chunk_document(
            text,
            kind="markdown",
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            fallback_title=relative,
        )
        batch = doc.chunks
        if len(pool) < POOL:
            pool.extend(services.embedder.embed([c.embedding_text for c in batch]))
            vectors = pool[-len(batch) :]
        else:
            vectors = []
            for _ in batch:
                base = rng.choice(pool)
                noisy = [x + rng.gauss(0, 0.02) for x in base]
                norm = sum(x * x for x in noisy) ** 0.5
                vectors.append([x / norm for x in noisy])
        for chunk, vector in zip(batch, vectors, strict=True):
            yield {
                "doc_id": f"p2-doc-{doc_index}",
                "source_file": relative,
                "chunk_id": f"p2-{made}",
                "ordinal": chunk.ordinal,
                "text": chunk.text,
                "heading_path": chunk.heading_path,
                "embedding": vector,
            }
            made += 1
            if made >= chunks:
                return


def fill(services: Services, chunks: int, seed: int, progress=print) -> int:
    have = services.graph.run("bench.project_chunk_count", project=PROJECT)[0]["chunks"]
    if have >= chunks:
        return have
    if have:
        raise SystemExit(f"project {PROJECT} holds {have} chunks; wipe it (or use a fresh database) to fill {chunks}")
    batch: list[dict] = []
    written = 0
    for row in _rows(services, chunks, seed):
        batch.append(row)
        if len(batch) >= FILL_BATCH:
            written += services.graph.run("bench.fill_chunks", project=PROJECT, rows=batch)[0]["chunks"]
            batch = []
            progress(f"  filled {written}/{chunks} chunks")
    if batch:
        written += services.graph.run("bench.fill_chunks", project=PROJECT, rows=batch)[0]["chunks"]
    services.graph.run_schema("graph.await_indexes", timeout_s=1800)
    return written


def percentiles(samples: list[float], digits: int = 1) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50_ms": round(q[49], digits), "p95_ms": round(q[94], digits), "max_ms": round(ordered[-1], digits)}


@contextmanager
def serve_api(services: Services, timeout: float = 60, settings: Settings | None = None) -> Iterator[httpx.Client]:
    """The real app on a free loopback port, in a thread; an HTTP client for it once /health answers.

    The client sends the admin token the app registered from its token file
    (unless ``settings`` turn authentication off), as a local user's would.
    """
    import uvicorn

    from atocore.api.app import create_app
    from atocore.runtime.server import free_port

    settings = settings or services.settings
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, services), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as http:
            while True:
                try:
                    http.get("/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            if not settings.auth_disabled:
                http.headers["Authorization"] = f"Bearer {settings.api_token_file.read_text().strip()}"
            yield http
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def query_during_ingest(services: Services, http: httpx.Client, ingest_chunks: int, seed: int) -> dict[str, Any]:
    """/query latencies while project bench-p2-ingest ingests ``ingest_chunks`` new chunks; removed afterwards."""
    import tempfile
    from pathlib import Path

    from atocore.bench.runs import write_until
    from atocore.services.ingest import ingest_project, remove_project_documents

    samples: list[float] = []
    with tempfile.TemporaryDirectory(prefix="atocore-p2-ingest-") as tmp:
        write_until(Path(tmp), services, ingest_chunks, seed + 1)
        done = threading.Event()
        failure: list[BaseException] = []

        def ingest() -> None:
            try:
                ingest_project(services, INGEST_PROJECT, [Path(tmp)])
            except BaseException as exc:  # reported below, not lost in the thread
                failure.append(exc)
            finally:
                done.set()

        worker = threading.Thread(target=ingest, daemon=True)
        worker.start()
        for prompt in itertools.cycle(queries(200, seed + 2)):
            if done.is_set():
                break
            started = time.perf_counter()
            http.post("/query", json={"prompt": prompt, "project": PROJECT, "top_k": 10}).raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
        worker.join()
        remove_project_documents(services, INGEST_PROJECT)
    if failure:
        raise failure[0]
    if len(samples) < 2:
        return {"query_during_ingest_requests": len(samples)}
    return {
        "query_during_ingest_requests": len(samples),
        **{f"query_during_ingest_{key}": value for key, value in percentiles(samples).items()},
    }


def p2_latency(
    services: Services, chunks: int, requests: int = 200, seed: int = 7, ingest_chunks: int = 0
) -> dict[str, Any]:
    total = fill(services, chunks, seed)
    with serve_api(services) as http:
        prompts = queries(requests, seed)
        for prompt in prompts[:10]:  # warm-up: JIT, page cache, index pages
            http.post("/context/build", json={"prompt": prompt, "project": PROJECT})
        results: dict[str, Any] = {
            "chunks_in_graph": total,
            "requests_each": requests,
            "load_avg_1m_before": round(os.getloadavg()[0], 2),
        }
        kinds = (
            ("context_build", "/context/build", lambda p: {"prompt": p, "project": PROJECT}),
            ("query", "/query", lambda p: {"prompt": p, "project": PROJECT, "top_k": 10}),
            ("query_no_project", "/query", lambda p: {"prompt": p, "top_k": 10}),
        )
        samples: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
        # Round-robin per prompt, so a slow stretch (warming pages and plans after other work on the
        # database, another process on the shared cores) falls on the three endpoints alike rather
        # than on whichever was measured first.
        for prompt in prompts:
            for name, path, body in kinds:
                started = time.perf_counter()
                response = http.post(path, json=body(prompt))
                samples[name].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
        for name, measured in samples.items():
            for key, value in percentiles(measured).items():
                results[f"{name}_{key}"] = value
        if ingest_chunks:
            results["ingest_chunks"] = ingest_chunks
            results.update(query_during_ingest(services, http, ingest_chunks, seed))
            during = results.get("query_during_ingest_p95_ms")
            if during is not None:
                results["query_during_ingest_p95_over_idle"] = round(during / results["query_p95_ms"], 2)
            results["target_during_ingest_over_idle_at_most"] = 3
    results["load_avg_1m_after"] = round(os.getloadavg()[0], 2)  # latency on 2 shared cores moves with load
    results["target_context_build_p95_ms_at_100k"] = 60
    return results
