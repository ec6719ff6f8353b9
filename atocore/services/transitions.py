"""Status transitions: one mechanism for memories, entities and relationships.

Each kind has a table of review actions, each leading from one or more
statuses to one status (``Transitions.steps``), and a catalog query that
applies one step: ``memories.review``, ``entities.transition``,
``relationships.transition``. The three take the same parameters (``id``,
``from_statuses``, ``to_status``, ``action``, ``reason``) and return the same
row (``target``: the memory, entity or relationship after the step;
``previous``: its status before). Each takes the target's lock before it
reads the status, so two steps on one target cannot both pass the check;
applies the step only from one of ``from_statuses``; and writes the step's
ReviewRecord in the same statement, so the record exists exactly when the
step happened. ``apply`` turns that row into the answer: the target, a 404
for an unknown id, or a 409 naming the current and the required status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import BaseModel

from atocore.errors import ConflictError, NotFoundError
from atocore.graph.runner import Runner
from atocore.services.common import Timestamp, optional_text


class Step(NamedTuple):
    """A review action: the statuses it applies to and the status it leads to."""

    from_statuses: tuple[str, ...]
    to_status: str


# (target id, action, current status, the target's properties) -> the 409 to raise
Refusal = Callable[[str, str, str, dict[str, Any]], ConflictError]


@dataclass(frozen=True)
class Transitions:
    """The steps one kind of target can take, and the query that applies them."""

    kind: str  # memory | entity | relationship: the ReviewRecord's target_kind, and the noun in errors
    query: str
    steps: Mapping[str, Step]
    refusal: Refusal | None = None  # a kind's own wording of the 409; the default names both statuses

    def refuse(self, target_id: str, action: str, status: str, target: dict[str, Any]) -> ConflictError:
        if self.refusal is not None:
            return self.refusal(target_id, action, status, target)
        required = [str(s) for s in self.steps[action].from_statuses]
        return ConflictError(
            f"{self.kind} {target_id} is {status}; {action} applies only to a {' or '.join(required)} {self.kind}",
            id=target_id,
            status=status,
            required_status=required,
        )


class ReviewRecord(BaseModel):
    """One applied lifecycle decision: what happened to which target, when and why."""

    id: str
    target_id: str
    target_kind: str  # memory | entity | relationship | conflict
    project: str | None = None  # the target's project (memories: none)
    action: str
    reason: str | None = None
    at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    from_status: str
    to_status: str


def apply(run: Runner, transitions: Transitions, target_id: str, action: str, reason: str | None) -> dict[str, Any]:
    """Apply one step with its ReviewRecord; the target's properties after it.

    404 for an unknown id; 409 (nothing changed, no record) when the target
    is not in a status the step applies to.
    """
    step = transitions.steps[action]
    rows = run.run(
        transitions.query,
        id=target_id,
        from_statuses=[str(s) for s in step.from_statuses],
        to_status=str(step.to_status),
        action=action,
        reason=optional_text(reason),
    )
    if not rows:
        raise NotFoundError(f"no {transitions.kind} with id {target_id!r}", id=target_id)
    previous = rows[0]["previous"]
    if previous not in step.from_statuses:
        raise transitions.refuse(target_id, action, previous, rows[0]["target"])
    return rows[0]["target"]


def reviews_for(run: Runner, target_id: str) -> list[ReviewRecord]:
    """The review records of one target, newest first."""
    return [ReviewRecord.model_validate(r["review"]) for r in run.run("reviews.for_target", target_id=target_id)]
