"""Review records: a listable history of every applied review decision.

``review_in`` (atocore.services.memories) writes one
``(:ReviewRecord {id, target_id, target_kind, action, reason, at,
from_status, to_status})-[:REVIEWED]->(:Memory)`` in the same transaction
that applies a promote, reject, supersede, invalidate (the last two from a
PUT status change) or graduate, so the record exists exactly when the
review happened. A review refused with a 409 leaves no record.
"""

from __future__ import annotations

from pydantic import BaseModel

from atocore.errors import ValidationError
from atocore.graph import Graph
from atocore.services.common import Timestamp, optional_text
from atocore.services.engineering.common import REVIEW_ACTIONS
from atocore.services.memories import REVIEWS

ACTIONS = tuple(dict.fromkeys([*REVIEWS, *REVIEW_ACTIONS]))

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class ReviewRecord(BaseModel):
    id: str
    target_id: str
    target_kind: str  # memory | entity | relationship | conflict
    action: str
    reason: str | None = None
    at: Timestamp
    from_status: str
    to_status: str


def list_reviews(
    graph: Graph, *, target_id: str | None = None, action: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[ReviewRecord]:
    """Review records matching the filters, newest first; ``limit`` is capped at MAX_LIMIT."""
    if limit < 1:
        raise ValidationError(f"limit must be at least 1, got {limit}", field="limit")
    wanted = optional_text(action)
    if wanted is not None and wanted.lower() not in ACTIONS:
        raise ValidationError(
            f"action {action!r} is not valid; use one of: {', '.join(ACTIONS)}",
            field="action",
            value=action,
            valid=list(ACTIONS),
        )
    rows = graph.run(
        "reviews.list",
        target_id=optional_text(target_id),
        action=wanted.lower() if wanted else None,
        limit=min(limit, MAX_LIMIT),
    )
    return [ReviewRecord.model_validate(row["review"]) for row in rows]
