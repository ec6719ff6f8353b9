"""Review records: a listable history of every applied review decision.

Every step of a memory, an entity or a relationship
(``atocore.services.transitions``) writes one ``(:ReviewRecord {id,
target_id, target_kind, project, action, reason, at, from_status,
to_status})`` in the same statement that applies it, so the record exists
exactly when the review happened; memory and entity records are linked
``-[:REVIEWED]->`` to their target. Resolving a conflict writes one too
(action ``resolve``), and so do an import's batch promotions and rejections.
A review refused with a 409 leaves no record.
"""

from __future__ import annotations

from atocore.errors import ValidationError
from atocore.graph import Graph
from atocore.services import memories
from atocore.services.common import optional_text
from atocore.services.engineering import conflicts, relationships
from atocore.services.engineering.entities import lifecycle
from atocore.services.paging import DEFAULT_LIMIT, Page, cursor_params, page
from atocore.services.transitions import ReviewRecord

ACTIONS = tuple(dict.fromkeys([*memories.REVIEWS, *lifecycle.REVIEWS, *relationships.REVIEWS, conflicts.REVIEW_ACTION]))


def list_reviews(
    graph: Graph,
    *,
    target_id: str | None = None,
    action: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[ReviewRecord]:
    """A page of review records matching the filters, newest first (``atocore.services.paging``)."""
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
        **cursor_params(after, limit),
    )
    found = [ReviewRecord.model_validate(row["review"]) for row in rows]
    return page(found, limit, lambda r: (r.at, r.id))
