"""Builds the FastAPI application."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from atocore import __version__
from atocore.api.errors import install_error_handlers
from atocore.api.routes import (
    conflicts,
    context,
    entities,
    health,
    imports,
    ingest,
    interactions,
    memory,
    projects,
    queries,
    query,
    relationships,
    review_queue,
    reviews,
    sources,
    state,
    stats,
)
from atocore.config import Settings, get_settings
from atocore.errors import GraphUnavailableError
from atocore.services.runtime import Services

log = logging.getLogger("atocore.api")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    owned = services is None
    services = services or Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _ = services.embedder  # load the model before the first request
        try:
            services.ensure_schema()  # early, so the first request does not wait; ServicesDep guarantees it anyway
        except GraphUnavailableError as exc:
            log.warning("starting without Neo4j (it will be retried on each request): %s", exc.message)
        # The embedding model leaves ~0.5M objects the collector tracks; a full
        # collection walked them all (~240 ms on this machine) whenever a large
        # answer (Q-005: 1,286 rows of nested maps) tripped one. Freezing what
        # startup made takes them out of every later collection.
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()
        if owned:
            services.close()

    app = FastAPI(
        title="AtoCore",
        version=__version__,
        summary="Trust-ordered project context for LLM clients, from a Neo4j knowledge graph.",
        lifespan=lifespan,
    )
    app.state.services = services
    install_error_handlers(app)
    app.include_router(health.router)
    for module in (
        projects,
        sources,
        ingest,
        stats,
        query,
        context,
        state,
        memory,
        interactions,
        reviews,
        review_queue,
        entities,
        relationships,
        conflicts,
        imports,
        queries,
    ):
        app.include_router(module.router)
    return app
