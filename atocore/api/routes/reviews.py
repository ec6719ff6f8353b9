"""The review history: /reviews (thin over atocore.services.reviews)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.services import reviews
from atocore.services.reviews import DEFAULT_LIMIT, MAX_LIMIT, ReviewRecord

router = APIRouter(tags=["reviews"])


class ReviewList(BaseModel):
    count: int
    limit: int  # the limit applied, after the cap
    reviews: list[ReviewRecord]


@router.get("/reviews", response_model=ReviewList, dependencies=[READ])
def list_reviews(
    services: ServicesDep,
    target_id: str | None = None,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, description=f"at most {MAX_LIMIT}")] = DEFAULT_LIMIT,
) -> ReviewList:
    """Applied reviews (promote, reject), newest first."""
    found = reviews.list_reviews(services.graph, target_id=target_id, action=action, limit=limit)
    return ReviewList(count=len(found), limit=min(limit, MAX_LIMIT), reviews=found)
