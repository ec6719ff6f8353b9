"""Builds the FastAPI application."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from atocore import __version__
from atocore.api.bodies import RequestBodies
from atocore.api.boundary import install_boundary
from atocore.api.docs import install_docs
from atocore.api.errors import ERROR_RESPONSES, install_error_handlers
from atocore.api.routes import (
    admin,
    conflicts,
    context,
    entities,
    health,
    imports,
    ingest,
    interactions,
    memory,
    mirror,
    projects,
    queries,
    query,
    relationships,
    review_queue,
    reviews,
    sources,
    state,
    stats,
    tokens,
)
from atocore.api.security import Gate
from atocore.config import Settings, get_settings
from atocore.errors import GraphUnavailableError
from atocore.services.backup.schedule import Scheduler
from atocore.services.mirror.worker import MirrorWorker
from atocore.services.runtime import Services

log = logging.getLogger("atocore.api")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    owned = services is None
    services = services or Services(settings)
    gate = Gate(settings)
    scheduler = Scheduler(services)  # ATOCORE_BACKUP_SCHEDULE; a bad value fails here, at startup

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _ = services.embedder  # load the model before the first request
        try:
            services.ensure_schema()  # early, so the first request does not wait; ServicesDep guarantees it anyway
            gate.ensure_admin_token(services)  # likewise: the first request needing a token does it otherwise
        except GraphUnavailableError as exc:
            log.warning("starting without Neo4j (it will be retried on each request): %s", exc.message)
        if gate.disabled:
            log.warning("authentication is OFF (ATOCORE_AUTH_DISABLED): every local user can read and write")
        # The embedding model leaves ~0.5M objects the collector tracks; a full
        # collection walked them all (~240 ms on this machine) whenever a large
        # answer (Q-005: 1,286 rows of nested maps) tripped one. Freezing what
        # startup made takes them out of every later collection.
        gc.collect()
        gc.freeze()
        scheduler.start()
        worker = _mirror_worker(services)
        app.state.mirror_worker = worker
        yield
        if worker is not None:
            worker.stop()
        scheduler.stop()
        gc.unfreeze()
        if owned:
            services.close()

    app = FastAPI(
        title="AtoCore",
        version=__version__,
        summary="Trust-ordered project context for LLM clients, from a Neo4j knowledge graph.",
        lifespan=lifespan,
        docs_url=None,  # install_docs serves /docs and /redoc from local assets
        redoc_url=None,
    )
    app.state.services = services
    app.state.gate = gate
    app.state.backup_scheduler = scheduler
    install_error_handlers(app)
    app.add_middleware(
        RequestBodies,
        limit=settings.max_body_bytes,
        larger=dict.fromkeys(imports.EXPORT_PATHS, settings.max_import_body_bytes),
    )
    install_boundary(app, settings)
    install_docs(app)
    for module in (
        health,
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
        tokens,
        admin,
        mirror,
    ):
        app.include_router(module.router, responses=ERROR_RESPONSES)
    return app


def _mirror_worker(services: Services) -> MirrorWorker | None:
    """The Human Mirror's background worker (debounced regeneration, daily pass), unless turned off."""
    settings = services.settings
    if not settings.mirror_auto:
        return None
    worker = MirrorWorker(services, debounce_s=settings.mirror_debounce_s, daily_at=settings.mirror_daily_at)
    worker.start()
    return worker
