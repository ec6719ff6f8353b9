"""The one review queue: GET /review-queue and a decision on any item (thin over atocore.services.review_queue)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.services import review_queue
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT
from atocore.services.review_queue import Decision, ItemKind, ReviewQueue

router = APIRouter(tags=["reviews"])


class DecisionBody(BaseModel):
    reason: str | None = None


@router.get("/review-queue", response_model=ReviewQueue, dependencies=[READ])
def get_queue(
    services: ServicesDep,
    project: str | None = None,
    kind: Annotated[list[ItemKind] | None, Query(description="memory, entity, relationship, import (repeat)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> ReviewQueue:
    """Candidate memories, entities, relationships and imports with candidates, oldest first."""
    return review_queue.queue(services.graph, project=project, kinds=[k.value for k in kind or []], limit=limit)


@router.post("/review-queue/{kind}/{item_id}/{decision}", dependencies=[WRITE])
def decide(kind: ItemKind, item_id: str, decision: Decision, body: DecisionBody, services: ServicesDep) -> Any:
    """Promote or reject one item of the queue; answers what the item's own route answers."""
    return review_queue.decide(services.graph, kind.value, item_id, decision.value, body.reason)
