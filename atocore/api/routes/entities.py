"""Engineering entities: /entities (thin over atocore.services.engineering.entities)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services.engineering import entities
from atocore.services.engineering.common import SourceRef
from atocore.services.engineering.models import Entity, EntityDetail, EntityVersion
from atocore.services.engineering.ontology import ENTITY_TYPES
from atocore.services.inputs import FiniteFloat, Identifier, Instant, Name, Text
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage
from atocore.services.transitions import ReviewRecord

router = APIRouter(tags=["entities"])
*_OTHER_TYPES, _LAST_TYPE = ENTITY_TYPES  # the ontology's entity types, in its order


class EntityCreateRequest(BaseModel):
    type: str = Field(description=f"{', '.join(_OTHER_TYPES)} or {_LAST_TYPE}")
    name: Name
    project: Identifier
    key: Identifier | None = Field(None, description="Stable external key; default '<type>.<slug of name>'.")
    properties: dict[str, Any] | None = Field(
        None, description="The type's typed facts (see docs/architecture/entities/)."
    )
    status: str | None = Field(None, description="candidate (default) or active")
    confidence: FiniteFloat | None = Field(None, description="0..1; default 1.0")
    canonical_home: Identifier | None = Field(None, description="atocore (default), kb-cad, kb-fem, ...")
    extractor_version: Identifier | None = None
    source_refs: list[SourceRef] = Field(
        description='Mandatory: [{"chunk_id": ...} | {"interaction_id": ...} | {"artifact": "note://..."}]'
    )


class EntityUpdateRequest(BaseModel):
    name: Name | None = None
    properties: dict[str, Any] | None = Field(None, description="Merged into the current facts; null removes one.")
    confidence: FiniteFloat | None = None
    key: Identifier | None = Field(None, description="Keys are stable: only the current key is accepted.")
    source_refs: list[SourceRef] | None = Field(None, description="More provenance for the edit.")
    reason: Text | None = Field(None, description="Why (recorded when an active entity is revised).")
    as_candidate: bool = Field(False, description="Propose the revision of an active entity as a candidate instead.")


class ReasonRequest(BaseModel):
    reason: Text | None = None


class SupersedeRequest(BaseModel):
    by: str | None = Field(None, description="The active entity that replaces this one, if any.")
    reason: Text | None = None


class EntityList(BaseModel):
    count: int
    limit: int
    entities: list[Entity]
    next: NextPage = None


ReasonBody = Annotated[ReasonRequest | None, Body()]


def entity_ref(
    services: ServicesDep,
    entity_id: str,
    project: Annotated[str | None, Query(description="With it, entity_id may be the entity's key there.")] = None,
) -> str:
    """The id an entity route's ``{entity_id}`` stands for: an id, or with ``?project=`` a key (the live entity)."""
    return entities.resolve_ref(services.graph, entity_id, project)


EntityId = Annotated[str, Depends(entity_ref)]


@router.post("/entities", response_model=EntityDetail, status_code=201, dependencies=[WRITE])
def create_entity(services: ServicesDep, request: EntityCreateRequest) -> EntityDetail:
    """Create an entity (a candidate unless status=active); provenance (source_refs) is mandatory."""
    return entities.create_entity(services.graph, **request.model_dump(exclude_none=True))


@router.get("/entities", response_model=EntityList, dependencies=[READ])
def list_entities(
    services: ServicesDep,
    type: str | None = None,
    project: str | None = None,
    status: Annotated[str | None, Query(description="default active; candidate is the review queue; all")] = None,
    key: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    as_of: Annotated[Instant | None, Query(description="ISO time: the versions active then (one page)")] = None,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
    text: Annotated[
        str | None,
        Query(max_length=1000, description="Search names, keys and text fields; best match first (one page)."),
    ] = None,
) -> EntityList:
    found = entities.list_entities(
        services.graph,
        type=type,
        project=project,
        status=status,
        key=key,
        limit=limit,
        as_of=as_of,
        after=after,
        text=text,
    )
    return EntityList(count=len(found.items), limit=limit, entities=found.items, next=found.next)


@router.get("/entities/{entity_id}", response_model=EntityDetail, dependencies=[READ])
def get_entity(services: ServicesDep, entity_id: EntityId, as_of: Instant | None = None) -> EntityDetail:
    """The entity with relationships (each marked effective or not) and provenance.

    With as_of, the version active then.
    """
    return entities.get_entity(services.graph, entity_id, as_of=as_of)


@router.put("/entities/{entity_id}", response_model=EntityDetail, dependencies=[WRITE])
def update_entity(services: ServicesDep, entity_id: EntityId, request: EntityUpdateRequest) -> EntityDetail:
    """Edit a candidate in place; editing an active entity returns its new version."""
    return entities.update_entity(services.graph, entity_id, **request.model_dump(exclude_none=True))


@router.post("/entities/{entity_id}/promote", response_model=EntityDetail, dependencies=[WRITE])
def promote_entity(services: ServicesDep, entity_id: EntityId, body: ReasonBody = None) -> EntityDetail:
    return entities.promote_entity(services.graph, entity_id, body.reason if body else None)


@router.post("/entities/{entity_id}/reject", response_model=EntityDetail, dependencies=[WRITE])
def reject_entity(services: ServicesDep, entity_id: EntityId, body: ReasonBody = None) -> EntityDetail:
    return entities.reject_entity(services.graph, entity_id, body.reason if body else None)


@router.post("/entities/{entity_id}/retire", response_model=EntityDetail, dependencies=[WRITE])
def retire_entity(services: ServicesDep, entity_id: EntityId, body: ReasonBody = None) -> EntityDetail:
    return entities.retire_entity(services.graph, entity_id, body.reason if body else None)


@router.post("/entities/{entity_id}/supersede", response_model=EntityDetail, dependencies=[WRITE])
def supersede_entity(
    services: ServicesDep, entity_id: EntityId, body: Annotated[SupersedeRequest | None, Body()] = None
) -> EntityDetail:
    body = body or SupersedeRequest()
    return entities.supersede_entity(services.graph, entity_id, by=body.by, reason=body.reason)


@router.get("/entities/{entity_id}/history", response_model=list[EntityVersion], dependencies=[READ])
def entity_history(services: ServicesDep, entity_id: EntityId) -> list[EntityVersion]:
    """Every version in the SUPERSEDES chain, newest first."""
    return entities.history(services.graph, entity_id)


@router.get("/entities/{entity_id}/reviews", response_model=list[ReviewRecord], dependencies=[READ])
def entity_reviews(services: ServicesDep, entity_id: EntityId) -> list[ReviewRecord]:
    """The entity's lifecycle records (promote, reject, revise, supersede, retire), newest first."""
    return entities.reviews(services.graph, entity_id)
