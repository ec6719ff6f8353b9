from __future__ import annotations

from fastapi import APIRouter, Query

from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.services.stats import Stats, stats

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, dependencies=[READ])
def get_stats(
    services: ServicesDep, project: str | None = Query(None, description="Only this project (id or alias).")
) -> Stats:
    """Documents, chunks and chunks with vectors per project, and their totals."""
    return stats(services, project)
