"""Engineering conflicts: /conflicts (thin over atocore.services.engineering.conflicts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services.engineering import conflicts
from atocore.services.engineering.common import DEFAULT_LIMIT, MAX_LIMIT
from atocore.services.engineering.conflicts import Conflict

router = APIRouter(tags=["conflicts"])


class ResolveRequest(BaseModel):
    action: str = Field(description="supersede_others | dismiss | no_action")
    winner_id: str | None = Field(None, description="The member that wins (supersede_others only).")
    note: str | None = None


class ConflictList(BaseModel):
    count: int
    limit: int
    conflicts: list[Conflict]


@router.get("/conflicts", response_model=ConflictList, dependencies=[READ])
def list_conflicts(
    services: ServicesDep,
    project: str | None = None,
    status: Annotated[str | None, Query(description="open, resolved or dismissed; default all")] = None,
    limit: Annotated[int, Query(ge=1, description=f"at most {MAX_LIMIT}")] = DEFAULT_LIMIT,
) -> ConflictList:
    found = conflicts.list_conflicts(services.graph, project=project, status=status, limit=limit)
    return ConflictList(count=len(found), limit=min(limit, MAX_LIMIT), conflicts=found)


@router.get("/conflicts/{conflict_id}", response_model=Conflict, dependencies=[READ])
def get_conflict(services: ServicesDep, conflict_id: str) -> Conflict:
    return conflicts.get_conflict(services.graph, conflict_id)


@router.post("/conflicts/{conflict_id}/resolve", response_model=Conflict, dependencies=[WRITE])
def resolve_conflict(services: ServicesDep, conflict_id: str, request: ResolveRequest) -> Conflict:
    """Decide an open conflict; supersede_others makes winner_id the active version of the slot."""
    return conflicts.resolve_conflict(services.graph, conflict_id, **request.model_dump())
