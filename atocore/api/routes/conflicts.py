"""Engineering conflicts: /conflicts (thin over atocore.services.engineering.conflicts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services.engineering import conflicts
from atocore.services.engineering.conflicts import Conflict
from atocore.services.inputs import Text
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage

router = APIRouter(tags=["conflicts"])


class ResolveRequest(BaseModel):
    action: str = Field(description="supersede_others | dismiss | no_action")
    winner_id: str | None = Field(None, description="The member that wins (supersede_others only).")
    note: Text | None = None


class ConflictList(BaseModel):
    count: int
    limit: int
    conflicts: list[Conflict]
    next: NextPage = None


@router.get("/conflicts", response_model=ConflictList, dependencies=[READ])
def list_conflicts(
    services: ServicesDep,
    project: str | None = None,
    status: Annotated[str | None, Query(description="open, resolved or dismissed; default all")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> ConflictList:
    found = conflicts.list_conflicts(services.graph, project=project, status=status, limit=limit, after=after)
    return ConflictList(count=len(found.items), limit=limit, conflicts=found.items, next=found.next)


@router.get("/conflicts/{conflict_id}", response_model=Conflict, dependencies=[READ])
def get_conflict(services: ServicesDep, conflict_id: str) -> Conflict:
    return conflicts.get_conflict(services.graph, conflict_id)


@router.post("/conflicts/{conflict_id}/resolve", response_model=Conflict, dependencies=[WRITE])
def resolve_conflict(services: ServicesDep, conflict_id: str, request: ResolveRequest) -> Conflict:
    """Decide an open conflict; supersede_others makes winner_id the active version of the slot."""
    return conflicts.resolve_conflict(services.graph, conflict_id, **request.model_dump())
