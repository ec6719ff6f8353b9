"""The one review queue: everything that waits for a person, oldest first, and the two decisions on it.

Candidate memories, candidate entities, candidate relationships and imports
that still hold candidates are one list (``reviews.queue``), filterable by
project and kind. ``decide`` promotes or rejects one item through the
mechanism its kind already has (memories, entity lifecycle, relationship
reviews, import review), so a decision taken here is the same as one taken
on the item's own route: same checks, same ReviewRecord.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from atocore.graph import Graph
from atocore.services import memories
from atocore.services.common import choice
from atocore.services.engineering import relationships
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.imports import review as imports_review
from atocore.services.paging import DEFAULT_LIMIT, check_limit
from atocore.services.projects import canonical_project


class ItemKind(StrEnum):
    MEMORY = "memory"
    ENTITY = "entity"
    RELATIONSHIP = "relationship"
    IMPORT = "import"


class Decision(StrEnum):
    PROMOTE = "promote"
    REJECT = "reject"


class QueueItem(BaseModel):
    kind: ItemKind
    id: str
    project: str | None
    type: str | None = Field(description="The memory type, entity type, relationship type or import tool.")
    title: str = Field(description="What a person reads to decide.")
    created_at: datetime | None
    import_id: str | None = Field(description="The import an entity or relationship came from, if any.")


class ReviewQueue(BaseModel):
    count: int
    limit: int
    items: list[QueueItem]


def queue(
    graph: Graph, *, project: str | None = None, kinds: list[str] | None = None, limit: int = DEFAULT_LIMIT
) -> ReviewQueue:
    """What waits for review, oldest first; ``kinds`` picks among memory, entity, relationship, import."""
    wanted = [choice(ItemKind, k, "kind").value for k in kinds] if kinds else [k.value for k in ItemKind]
    capped = check_limit(limit)
    rows = graph.run("reviews.queue", project=canonical_project(graph, project) or None, kinds=wanted, limit=capped)
    items = [
        QueueItem(**{**row, "created_at": row["created_at"].to_native() if row["created_at"] else None}) for row in rows
    ]
    return ReviewQueue(count=len(items), limit=capped, items=items)


def decide(graph: Graph, kind: str, item_id: str, decision: str, reason: str | None = None) -> Any:
    """Promote or reject one queued item of ``kind``; the item as its own route answers it."""
    what = choice(ItemKind, kind, "kind")
    action = choice(Decision, decision, "decision")
    promote = action is Decision.PROMOTE
    if what is ItemKind.MEMORY:
        return (memories.promote_memory if promote else memories.reject_memory)(graph, item_id, reason)
    if what is ItemKind.ENTITY:
        return (lifecycle.promote_entity if promote else lifecycle.reject_entity)(graph, item_id, reason)
    if what is ItemKind.RELATIONSHIP:
        return relationships.review_relationship(graph, item_id, action.value, reason)
    return (imports_review.promote_import if promote else imports_review.reject_import)(graph, item_id, reason)
