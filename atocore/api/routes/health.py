from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from atocore.api.deps import LocalServicesDep
from atocore.services.health import HealthReport, health_report

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthReport,
    responses={503: {"model": HealthReport, "description": "Neo4j is unreachable or the schema is not usable"}},
)
def health(services: LocalServicesDep, request: Request) -> JSONResponse:
    """AtoCore's version and build, Neo4j's reachability, indexes, node counts and the newest backup."""
    report = health_report(services, getattr(request.app.state, "backup_scheduler", None))
    return JSONResponse(status_code=200 if report.ok else 503, content=report.model_dump(mode="json"))
