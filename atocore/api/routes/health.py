from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from atocore.api.deps import LocalServicesDep
from atocore.api.security import HEALTH_OPENAPI, HEALTH_READ
from atocore.services.health import HealthReport, health_report, health_status

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    status: str  # ok | unavailable | error


Answer = HealthReport | HealthStatus


@router.get(
    "/health",
    response_model=Answer,
    responses={503: {"model": Answer, "description": "Neo4j is unreachable or the schema is not usable"}},
    openapi_extra=HEALTH_OPENAPI,
)
def health(services: LocalServicesDep, request: Request, full: Annotated[bool, HEALTH_READ]) -> JSONResponse:
    """How AtoCore is: its status for anyone; with a ``read`` token also version, build, Neo4j, indexes,
    counts and the newest backup."""
    if not full:
        status = health_status(services)
        return JSONResponse(status_code=200 if status == "ok" else 503, content={"status": status})
    report = health_report(services, getattr(request.app.state, "backup_scheduler", None))
    return JSONResponse(status_code=200 if report.ok else 503, content=report.model_dump(mode="json"))
