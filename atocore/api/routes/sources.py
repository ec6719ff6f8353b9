from __future__ import annotations

from fastapi import APIRouter

from atocore.api.deps import ServicesDep
from atocore.api.security import ADMIN
from atocore.services.projects import SourcesReport, sources_report

router = APIRouter(tags=["ingestion"])


@router.get("/sources", response_model=SourcesReport, dependencies=[ADMIN])
def sources(services: ServicesDep) -> SourcesReport:
    """Configured source directories and every project's ingest roots, with whether they exist."""
    return sources_report(services.graph, services.settings)
