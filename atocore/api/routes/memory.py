"""Memories and their review queue: /memory (thin over atocore.services.memories)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services import graduation, memories
from atocore.services.graduation import Graduation
from atocore.services.inputs import FiniteFloat, Identifier, Name, Text
from atocore.services.memories import Memory
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage

router = APIRouter(tags=["memory"])


class MemoryCreateRequest(BaseModel):
    memory_type: str
    content: Text
    project: Identifier | None = None
    source: Text | None = None
    confidence: FiniteFloat | None = Field(None, description="0..1; default 1.0")
    status: str | None = Field(None, description="active (default) or candidate")


class MemoryUpdateRequest(BaseModel):
    content: Text | None = None
    confidence: FiniteFloat | None = None
    status: str | None = Field(
        None,
        description="A status change is performed as its review (candidate -> active is a promote, "
        "candidate -> invalid a reject, active -> superseded | invalid a supersede | invalidate), "
        "with a review record; others are a 409.",
    )
    reason: Text | None = Field(None, description="Why the status changes (kept in the review record).")


class GraduateRequest(BaseModel):
    target_type: str | None = Field(
        None,
        description="Entity type; default adaptation -> Decision, project -> Requirement, "
        "knowledge -> Fact (required for the other memory types).",
    )
    project: Identifier | None = Field(None, description="Only for a global memory: the project the entity belongs to.")
    name: Name | None = Field(None, description="Entity name; default the content's first line, shortened.")
    key: Identifier | None = Field(None, description="Entity key; default '<type>.<slug of name>'.")
    properties: dict[str, Any] | None = Field(
        None, description="Typed facts over the ones filled from the content; null removes one."
    )
    reason: Text | None = None


class ReviewRequest(BaseModel):
    reason: Text | None = None


class MemoryList(BaseModel):
    count: int
    limit: int
    memories: list[Memory]
    next: NextPage = None


ReviewBody = Annotated[ReviewRequest | None, Body()]


@router.post("/memory", response_model=Memory, status_code=201, dependencies=[WRITE])
def create_memory(services: ServicesDep, request: MemoryCreateRequest) -> Memory:
    """Store a memory: active by default (a person wrote it), or a candidate for review."""
    return memories.create_memory(services.graph, **request.model_dump(exclude_none=True))


@router.get("/memory", response_model=MemoryList, dependencies=[READ])
def list_memories(
    services: ServicesDep,
    memory_type: str | None = None,
    project: str | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> MemoryList:
    """Memories matching the filters, most recently updated first (GET /memory?status=candidate is the review queue)."""
    found = memories.list_memories(
        services.graph, memory_type=memory_type, project=project, status=status, limit=limit, after=after
    )
    return MemoryList(count=len(found.items), limit=limit, memories=found.items, next=found.next)


@router.get("/memory/{memory_id}", response_model=Memory, dependencies=[READ])
def get_memory(services: ServicesDep, memory_id: str) -> Memory:
    return memories.get_memory(services.graph, memory_id)


@router.put("/memory/{memory_id}", response_model=Memory, dependencies=[WRITE])
def update_memory(services: ServicesDep, memory_id: str, request: MemoryUpdateRequest) -> Memory:
    return memories.update_memory(services.graph, memory_id, **request.model_dump())


@router.post("/memory/{memory_id}/promote", response_model=Memory, dependencies=[WRITE])
def promote_memory(services: ServicesDep, memory_id: str, body: ReviewBody = None) -> Memory:
    """candidate -> active, recording when and why; 409 from any other status."""
    return memories.promote_memory(services.graph, memory_id, body.reason if body else None)


@router.post("/memory/{memory_id}/reject", response_model=Memory, dependencies=[WRITE])
def reject_memory(services: ServicesDep, memory_id: str, body: ReviewBody = None) -> Memory:
    """candidate -> invalid, recording when and why; 409 from any other status."""
    return memories.reject_memory(services.graph, memory_id, body.reason if body else None)


@router.post("/memory/{memory_id}/graduate", response_model=Graduation, status_code=201, dependencies=[WRITE])
def graduate_memory(
    services: ServicesDep, memory_id: str, body: Annotated[GraduateRequest | None, Body()] = None
) -> Graduation:
    """active -> graduated: the memory becomes a candidate entity (GRADUATED_TO) carrying its content and provenance."""
    return graduation.graduate_memory(services.graph, memory_id, **(body or GraduateRequest()).model_dump())
