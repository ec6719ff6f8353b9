"""Memories: distilled facts about the user and their projects.

A memory has a type, a status and a confidence, and is global or belongs to
one project. ``POST /memory`` is a person writing, so a new memory is
``active`` unless the caller says ``candidate``; extractors (later) write
candidates, which only a review (promote / reject) turns into active or
invalid ones. Context packs read active memories only (``context.read_knowledge``).

Every status change is a review (``REVIEWS``, applied as entity and
relationship steps are: ``atocore.services.transitions``) and leaves a
ReviewRecord, whichever way it comes: ``/promote``, ``/reject``, a ``status`` in ``PUT
/memory/{id}`` (``update_memory``) or graduation into an engineering entity
(``atocore.services.graduation``).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import BaseModel

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import transitions
from atocore.services.common import Timestamp, check_confidence, choice, optional_choice, optional_text, required_text
from atocore.services.paging import DEFAULT_LIMIT, Page, cursor_params, page
from atocore.services.projects import canonical_project, writable_project
from atocore.services.transitions import Step


class MemoryType(StrEnum):
    IDENTITY = "identity"  # who the user is
    PREFERENCE = "preference"  # how they like things done
    PROJECT = "project"  # a stable fact about a project
    EPISODIC = "episodic"  # something that happened
    KNOWLEDGE = "knowledge"  # a general fact worth keeping
    ADAPTATION = "adaptation"  # a lesson that changes how to work


class MemoryStatus(StrEnum):
    CANDIDATE = "candidate"  # proposed, waiting for review; never in context
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    INVALID = "invalid"
    GRADUATED = "graduated"  # became an engineering entity (GRADUATED_TO); kept as history, never in context


CREATABLE = (MemoryStatus.ACTIVE, MemoryStatus.CANDIDATE)

# Review actions: the status each applies to and the status it leads to.
REVIEWS: dict[str, Step] = {
    "promote": Step((MemoryStatus.CANDIDATE,), MemoryStatus.ACTIVE),
    "reject": Step((MemoryStatus.CANDIDATE,), MemoryStatus.INVALID),
    "supersede": Step((MemoryStatus.ACTIVE,), MemoryStatus.SUPERSEDED),
    "invalidate": Step((MemoryStatus.ACTIVE,), MemoryStatus.INVALID),
    "graduate": Step((MemoryStatus.ACTIVE,), MemoryStatus.GRADUATED),  # only through graduation: it needs the entity
}
# The status changes PUT /memory/{id} may make, each performed as its review.
STATUS_CHANGES: dict[tuple[str, str], str] = {
    (step.from_statuses[0], step.to_status): action for action, step in REVIEWS.items() if action != "graduate"
}


class Memory(BaseModel):
    id: str
    memory_type: MemoryType
    content: str
    project: str | None = None
    source: str | None = None
    confidence: float
    status: MemoryStatus
    reference_count: int = 0
    last_referenced_at: Timestamp | None = None
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    updated_at: Timestamp
    reviewed_at: Timestamp | None = None
    review_action: str | None = None
    review_reason: str | None = None
    graduated_to: str | None = None  # the entity a graduated memory became


def _memories(rows: list[dict]) -> list[Memory]:
    return [Memory.model_validate(row["memory"]) for row in rows]


def _one(rows: list[dict], memory_id: str) -> Memory:
    if not rows:
        raise NotFoundError(f"no memory with id {memory_id!r}", id=memory_id)
    return Memory.model_validate(rows[0]["memory"])


def _project(graph: Graph, name: str | None) -> str | None:
    return canonical_project(graph, name) or None


def create_memory(
    graph: Graph,
    *,
    memory_type: str,
    content: str,
    project: str | None = None,
    source: str | None = None,
    confidence: float = 1.0,
    status: str = MemoryStatus.ACTIVE,
) -> Memory:
    kind = choice(MemoryType, memory_type, "memory_type")
    state = choice(MemoryStatus, status, "status")
    if state not in CREATABLE:
        raise ValidationError(
            f"a new memory starts as {' or '.join(CREATABLE)}, not {state}",
            field="status",
            valid=[s.value for s in CREATABLE],
        )
    rows = graph.run(
        "memories.create",
        id=str(uuid.uuid4()),
        memory_type=kind.value,
        content=required_text(content, "content"),
        project=writable_project(graph, project) or None,
        source=optional_text(source),
        confidence=check_confidence(confidence),
        status=state.value,
    )
    return Memory.model_validate(rows[0]["memory"])


def get_memory(graph: Graph, memory_id: str) -> Memory:
    return _one(graph.run("memories.get", id=memory_id), memory_id)


def list_memories(
    graph: Graph,
    *,
    memory_type: str | None = None,
    project: str | None = None,
    status: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[Memory]:
    """A page of memories matching the filters, newest update first (``atocore.services.paging``)."""
    kind = optional_choice(MemoryType, memory_type, "memory_type")
    state = optional_choice(MemoryStatus, status, "status")
    rows = graph.run(
        "memories.list",
        memory_type=kind.value if kind else None,
        project=_project(graph, project),
        status=state.value if state else None,
        **cursor_params(after, limit),
    )
    return page(_memories(rows), limit, lambda m: (m.updated_at, m.id))


def update_memory(
    graph: Graph,
    memory_id: str,
    *,
    content: str | None = None,
    confidence: float | None = None,
    status: str | None = None,
    reason: str | None = None,
) -> Memory:
    """Edit content and/or confidence in place, and/or change the status through its review.

    The fields left None keep their value. A status change is the review
    ``STATUS_CHANGES`` names for it (candidate -> active is a promote, ...),
    with the same checks and ReviewRecord as ``/promote`` and ``/reject``;
    asking for the status the memory already has changes nothing. Anything
    else is a 409 naming the allowed changes, ``graduated`` a 422 pointing at
    graduation. Edit and review commit together.
    """
    if content is None and confidence is None and status is None:
        raise ValidationError(
            "nothing to update: give content, confidence or status", fields=["content", "confidence", "status"]
        )
    wanted = None if status is None else choice(MemoryStatus, status, "status")
    if wanted == MemoryStatus.GRADUATED:
        raise ValidationError(
            f"a memory graduates through POST /memory/{memory_id}/graduate, which creates its entity; "
            "PUT cannot set graduated",
            field="status",
        )
    text = None if content is None else required_text(content, "content")
    level = None if confidence is None else check_confidence(confidence)
    with graph.transaction() as tx:  # the review and the edit commit together
        memory = _one(tx.run("memories.get", id=memory_id), memory_id)
        if wanted is not None and wanted != memory.status:
            memory = review_in(tx, memory_id, _status_change(memory, wanted), reason)
        if text is not None or level is not None:
            memory = _one(tx.run("memories.update", id=memory_id, content=text, confidence=level), memory_id)
    return memory


def _status_change(memory: Memory, wanted: MemoryStatus) -> str:
    action = STATUS_CHANGES.get((memory.status, wanted))
    if action is None:
        allowed = ", ".join(f"{a} -> {b}" for a, b in STATUS_CHANGES)
        raise ConflictError(
            f"memory {memory.id} is {memory.status} and cannot become {wanted}; the status changes are {allowed} "
            f"(POST /memory/{memory.id}/promote and /reject do the candidate ones)",
            id=memory.id,
            status=memory.status.value,
            requested_status=wanted.value,
            allowed=[f"{a}->{b}" for a, b in STATUS_CHANGES],
        )
    return action


def review_in(run: Runner, memory_id: str, action: str, reason: str | None = None) -> Memory:
    """Apply a review action inside an open transaction, with its ReviewRecord.

    404 for an unknown id; 409 (nothing changed) when the memory is not in
    the status the action applies to. The status check holds the memory's
    lock, so two reviews of one memory cannot both pass it.
    """
    return Memory.model_validate(transitions.apply(run, TRANSITIONS, memory_id, action, reason))


def wrong_status(memory_id: str, action: str, status: str, graduated_to: str | None = None) -> ConflictError:
    """The 409 for a review on a memory in another status than the one it applies to."""
    required = REVIEWS[action].from_statuses[0]
    where = f" to entity {graduated_to}" if status == MemoryStatus.GRADUATED and graduated_to else ""
    hint = (
        f"; review it first (POST /memory/{memory_id}/promote)" if (status, action) == ("candidate", "graduate") else ""
    )
    extra = {"entity_id": graduated_to} if where else {}
    return ConflictError(
        f"memory {memory_id} is {status}{where}; only {'an' if required == 'active' else 'a'} {required} memory "
        f"can be {action}d{hint}",
        id=memory_id,
        status=status,
        required_status=str(required),
        **extra,
    )


TRANSITIONS = transitions.Transitions(
    kind="memory",
    query="memories.review",
    steps=REVIEWS,
    refusal=lambda memory_id, action, status, memory: wrong_status(
        memory_id, action, status, memory.get("graduated_to")
    ),
)


def review_memory(graph: Graph, memory_id: str, action: str, reason: str | None = None) -> Memory:
    """Apply a review action (promote, reject, ...) and keep a ReviewRecord of it.

    409 when the memory is not in the status it applies to.
    """
    with graph.transaction() as tx:  # the review and its ReviewRecord commit together
        return review_in(tx, memory_id, action, reason)


def promote_memory(graph: Graph, memory_id: str, reason: str | None = None) -> Memory:
    return review_memory(graph, memory_id, "promote", reason)


def reject_memory(graph: Graph, memory_id: str, reason: str | None = None) -> Memory:
    return review_memory(graph, memory_id, "reject", reason)
