"""Captured interactions and the reflection loop over them: /interactions.

Thin over atocore.services.interactions (capture, list, reinforce) and
atocore.services.extraction (extract).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services import extraction, interactions
from atocore.services.extraction import Extraction
from atocore.services.inputs import Identifier, LongText, Text
from atocore.services.interactions import CaptureResult, Interaction
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage
from atocore.services.reinforcement import Reinforcement

router = APIRouter(tags=["interactions"])


class CaptureRequest(BaseModel):
    prompt: Text = Field(description="What the user asked; must not be blank.")
    response: LongText = Field(
        "", description="What the assistant answered; cut with a marker past ATOCORE_INTERACTION_MAX_RESPONSE_CHARS."
    )
    project: Identifier | None = Field(None, description="Project id or alias; stored canonical.")
    client: Identifier | None = Field(None, description="Which client captured it, e.g. claude-code.")
    session_id: Identifier | None = None
    reinforce: bool = Field(True, description="Reinforce the active memories the response restates.")
    memories_used: list[Identifier] = Field(
        [], max_length=1000, description="Ids of memories the answer used; unknown ids are reported, not linked."
    )
    chunks_used: list[Identifier] = Field(
        [], max_length=1000, description="Ids of chunks the answer used; unknown ids are reported, not linked."
    )


class ExtractRequest(BaseModel):
    persist: bool = Field(False, description="false: preview, writes nothing. true: store the candidates for review.")


class InteractionList(BaseModel):
    count: int
    limit: int
    interactions: list[Interaction]
    next: NextPage = None


@router.post("/interactions", response_model=CaptureResult, status_code=201, dependencies=[WRITE])
def capture(services: ServicesDep, request: CaptureRequest) -> CaptureResult:
    """Store a prompt/response pair; reinforce matching memories unless reinforce=false."""
    return interactions.capture(
        services.graph,
        services.settings,
        prompt=request.prompt,
        response=request.response,
        project=request.project,
        client=request.client,
        session_id=request.session_id,
        reinforce_memories=request.reinforce,
        memories_used=request.memories_used,
        chunks_used=request.chunks_used,
    )


@router.get("/interactions", response_model=InteractionList, dependencies=[READ])
def list_interactions(
    services: ServicesDep,
    project: str | None = None,
    session_id: str | None = None,
    client: str | None = None,
    since: Annotated[str | None, Query(description="ISO 8601 instant, inclusive; no offset means UTC")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> InteractionList:
    """Interactions matching the filters, newest first."""
    found = interactions.list_interactions(
        services.graph, project=project, session_id=session_id, client=client, since=since, limit=limit, after=after
    )
    return InteractionList(count=len(found.items), limit=limit, interactions=found.items, next=found.next)


@router.get("/interactions/{interaction_id}", response_model=Interaction, dependencies=[READ])
def get_interaction(services: ServicesDep, interaction_id: str) -> Interaction:
    return interactions.get_interaction(services.graph, interaction_id)


@router.post("/interactions/{interaction_id}/reinforce", response_model=Reinforcement, dependencies=[WRITE])
def reinforce(services: ServicesDep, interaction_id: str) -> Reinforcement:
    """Reinforce the active memories this interaction's response restates (idempotent per memory)."""
    return interactions.reinforce_interaction(services.graph, interaction_id)


@router.post("/interactions/{interaction_id}/extract", response_model=Extraction, dependencies=[WRITE])
def extract(
    services: ServicesDep, interaction_id: str, body: Annotated[ExtractRequest | None, Body()] = None
) -> Extraction:
    """Propose candidate memories from the response by rule; stored as candidates only with persist=true."""
    return extraction.extract(services.graph, interaction_id, persist=body.persist if body else False)
