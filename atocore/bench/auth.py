"""The cost of the token check: p50/p95 of POST /query with and without authentication, interleaved.

Three copies of the real app serve the same graph and embedder on loopback:
``off`` (ATOCORE_AUTH_DISABLED), ``cached`` (the default: a token verified in
the last ATOCORE_TOKEN_CACHE_SECONDS is trusted) and ``uncached``
(``token_cache_seconds = 0``: the token's hash is looked up in Neo4j on every
request). Each prompt is first sent once untimed (the embedding model and the
page cache see it warm), then to the three apps in an order that rotates with
the prompt, so drift in the machine's load falls on all three alike.
"""

from __future__ import annotations

import os
import time
from contextlib import ExitStack
from typing import Any

from atocore.bench.corpus import queries
from atocore.bench.latency import PROJECT, fill, percentiles, serve_api
from atocore.services.runtime import Services

MODES = ("off", "cached", "uncached")


def p_auth(services: Services, chunks: int = 2000, requests: int = 300, seed: int = 7) -> dict[str, Any]:
    total = fill(services, chunks, seed)
    settings = {
        "off": services.settings.model_copy(update={"auth_disabled": True}),
        "cached": services.settings,
        "uncached": services.settings.model_copy(update={"token_cache_seconds": 0.0}),
    }
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    results: dict[str, Any] = {"chunks_in_graph": total, "requests_each": requests}
    results["load_avg_1m_before"] = round(os.getloadavg()[0], 2)
    with ExitStack() as stack:
        http = {mode: stack.enter_context(serve_api(services, settings=settings[mode])) for mode in MODES}
        for index, prompt in enumerate(queries(requests, seed)):
            body = {"prompt": prompt, "project": PROJECT, "top_k": 10}
            http["off"].post("/query", json=body).raise_for_status()  # warm, untimed
            for offset in range(len(MODES)):
                mode = MODES[(index + offset) % len(MODES)]
                started = time.perf_counter()
                response = http[mode].post("/query", json=body)
                samples[mode].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
    for mode, measured in samples.items():
        for key, value in percentiles(measured, digits=2).items():
            results[f"query_auth_{mode}_{key}"] = value
    for mode in ("cached", "uncached"):
        results[f"auth_{mode}_cost_p50_ms"] = round(
            results[f"query_auth_{mode}_p50_ms"] - results["query_auth_off_p50_ms"], 2
        )
    results["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    return results
