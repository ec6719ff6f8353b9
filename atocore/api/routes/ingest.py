from __future__ import annotations

from fastapi import APIRouter

from atocore.api.deps import ServicesDep
from atocore.api.security import WRITE
from atocore.api.streaming import STREAM_DOC, stream_progress
from atocore.services.ingest.service import IngestReport
from atocore.services.refresh import IngestAllReport, ingest_all, refresh_project

router = APIRouter(tags=["ingestion"])


@router.post("/projects/{name}/refresh", response_model=IngestReport, responses=STREAM_DOC, dependencies=[WRITE])
def refresh(name: str, services: ServicesDep, stream: bool = False):
    """Re-ingest a project's roots (by id or alias); 409 while its ingestion already runs."""
    if stream:
        return stream_progress(lambda progress: refresh_project(services, name, progress))
    return refresh_project(services, name)


@router.post("/ingest/sources", response_model=IngestAllReport, responses=STREAM_DOC, dependencies=[WRITE])
def ingest_sources(services: ServicesDep, stream: bool = False):
    """Refresh every registered project that has ingest roots."""
    if stream:
        return stream_progress(lambda progress: ingest_all(services, progress))
    return ingest_all(services)
