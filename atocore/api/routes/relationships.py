"""Relationships between entities: /relationships (thin over the engineering services)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.routes.entities import ReasonBody
from atocore.api.security import READ, WRITE
from atocore.services.engineering import relationships
from atocore.services.engineering.common import SourceRef
from atocore.services.engineering.models import RelationshipDetail
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage
from atocore.services.transitions import ReviewRecord

router = APIRouter(tags=["relationships"])


class RelationshipCreateRequest(BaseModel):
    type: str = Field(description="A relationship type of the ontology, e.g. SATISFIES")
    from_id: str = Field(max_length=1000, description="The source entity's id, or with project its key.")
    to_id: str = Field(max_length=1000, description="The target entity's id, or with project its key.")
    project: str | None = Field(None, description="With it, from_id and to_id may be entity keys in this project.")
    properties: dict[str, Any] | None = Field(
        None, description="Scalar values: text, 64-bit integers, finite numbers, booleans."
    )
    source_refs: list[SourceRef] | None = None
    status: str | None = Field(None, description="active (default) or candidate")


class RelationshipList(BaseModel):
    count: int
    limit: int
    relationships: list[RelationshipDetail]
    next: NextPage = None


class RelationshipWithReviews(RelationshipDetail):
    reviews: list[ReviewRecord] = []


@router.post("/relationships", response_model=RelationshipDetail, status_code=201, dependencies=[WRITE])
def create_relationship(services: ServicesDep, request: RelationshipCreateRequest) -> RelationshipDetail:
    """Link two entities; the type pair must be allowed by the ontology (422 names the allowed pairs)."""
    return relationships.create_relationship(services.graph, **request.model_dump(exclude_none=True))


@router.get("/relationships", response_model=RelationshipList, dependencies=[READ])
def list_relationships(
    services: ServicesDep,
    type: str | None = None,
    from_id: str | None = None,
    to_id: str | None = None,
    project: str | None = None,
    status: Annotated[
        str | None, Query(description="default: effective ones only; candidate, active, invalid or all")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> RelationshipList:
    found = relationships.list_relationships(
        services.graph,
        type=type,
        from_id=from_id,
        to_id=to_id,
        project=project,
        status=status,
        limit=limit,
        after=after,
    )
    return RelationshipList(count=len(found.items), limit=limit, relationships=found.items, next=found.next)


@router.get("/relationships/{relationship_id}", response_model=RelationshipWithReviews, dependencies=[READ])
def get_relationship(services: ServicesDep, relationship_id: str) -> RelationshipWithReviews:
    detail, reviews = relationships.get_relationship(services.graph, relationship_id)
    return RelationshipWithReviews(**detail.model_dump(), reviews=reviews)


@router.post("/relationships/{relationship_id}/promote", response_model=RelationshipDetail, dependencies=[WRITE])
def promote_relationship(services: ServicesDep, relationship_id: str, body: ReasonBody = None) -> RelationshipDetail:
    """candidate -> active."""
    return relationships.review_relationship(services.graph, relationship_id, "promote", body.reason if body else None)


@router.post("/relationships/{relationship_id}/reject", response_model=RelationshipDetail, dependencies=[WRITE])
def reject_relationship(services: ServicesDep, relationship_id: str, body: ReasonBody = None) -> RelationshipDetail:
    """candidate or active -> invalid: it no longer counts."""
    return relationships.review_relationship(services.graph, relationship_id, "reject", body.reason if body else None)
