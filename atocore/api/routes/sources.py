"""The source directories projects ingest from: listed, added and removed while the server runs."""

from __future__ import annotations

from fastapi import APIRouter

from atocore.api.deps import ServicesDep
from atocore.api.security import ADMIN
from atocore.services import projects, sources
from atocore.services.projects import SourcesReport, sources_report
from atocore.services.sources import Source, SourceSpec

router = APIRouter(tags=["ingestion"])


@router.get("/sources", response_model=SourcesReport, dependencies=[ADMIN])
def list_sources(services: ServicesDep) -> SourcesReport:
    """Source directories and every project's ingest roots, with whether they exist."""
    return sources_report(services.graph)


@router.post("/sources", response_model=Source, status_code=201, dependencies=[ADMIN])
def add_source(spec: SourceSpec, services: ServicesDep) -> Source:
    """Add a source directory, effective at once; 422 outside ATOCORE_SOURCE_ROOTS, 409 for a taken name."""
    return sources.add(services.graph, services.settings, spec)


@router.delete("/sources/{name}", response_model=Source, dependencies=[ADMIN])
def remove_source(name: str, services: ServicesDep) -> Source:
    """Remove a source no project uses; 409 naming the projects that still do."""
    return projects.remove_source(services.graph, name)
