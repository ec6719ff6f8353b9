"""Trusted project state: /project/state (thin over atocore.services.state)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services import state
from atocore.services.inputs import FiniteFloat, Identifier, Text
from atocore.services.state import StateEntry

router = APIRouter(tags=["project state"])


class StateWriteRequest(BaseModel):
    project: Identifier
    category: str
    key: Identifier
    value: Text
    source: Text | None = None
    confidence: FiniteFloat | None = Field(None, description="0..1; default 1.0")


class StateInvalidateRequest(BaseModel):
    project: Identifier | None = None
    category: str | None = None
    key: Identifier | None = None
    reason: Text | None = None


class StateList(BaseModel):
    project: str  # the canonical id the name resolved to
    entries: list[StateEntry]


@router.get("/project/state/{name}", response_model=StateList, dependencies=[READ])
def get_state(
    services: ServicesDep, name: str, include_history: bool = False, category: str | None = None
) -> StateList:
    """The project's active entries by category and key; with history, superseded and invalid ones too."""
    project, entries = state.list_state(services.graph, name, category=category, include_history=include_history)
    return StateList(project=project, entries=entries)


@router.post(
    "/project/state",
    response_model=StateEntry,
    status_code=201,
    responses={200: {"model": StateEntry, "description": "The key already holds this value; nothing changed"}},
    dependencies=[WRITE],
)
def set_state(services: ServicesDep, request: StateWriteRequest, response: Response) -> StateEntry:
    """Set a key's value: 201 with the new entry (the old one is superseded), 200 when unchanged."""
    result = state.write_state(services.graph, **request.model_dump(exclude_none=True))
    if not result.created:
        response.status_code = 200
    return result.entry


@router.delete("/project/state", response_model=StateEntry, dependencies=[WRITE])
def invalidate_state(
    services: ServicesDep,
    body: Annotated[StateInvalidateRequest | None, Body()] = None,
    project: str | None = None,
    category: str | None = None,
    key: str | None = None,
    reason: str | None = None,
) -> StateEntry:
    """Invalidate a key's active entry; the fields come in the JSON body or as query parameters."""
    given = StateInvalidateRequest(project=project, category=category, key=key, reason=reason)
    if body is not None:
        given = given.model_copy(update=body.model_dump(exclude_none=True))
    return state.invalidate_state(services.graph, **given.model_dump())
