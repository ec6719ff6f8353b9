"""The review history: /reviews (thin over atocore.services.reviews)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.services import reviews
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage
from atocore.services.reviews import ReviewRecord

router = APIRouter(tags=["reviews"])


class ReviewList(BaseModel):
    count: int
    limit: int
    reviews: list[ReviewRecord]
    next: NextPage = None


@router.get("/reviews", response_model=ReviewList, dependencies=[READ])
def list_reviews(
    services: ServicesDep,
    target_id: str | None = None,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> ReviewList:
    """Applied reviews (promote, reject), newest first."""
    found = reviews.list_reviews(services.graph, target_id=target_id, action=action, limit=limit, after=after)
    return ReviewList(count=len(found.items), limit=limit, reviews=found.items, next=found.next)
