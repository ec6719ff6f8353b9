"""Trusted project state: the top of AtoCore's trust hierarchy.

An entry is one curated fact about a project, addressed by (project,
category, key). Only a person writes here, through ``write_state`` and
``invalidate_state`` (the ``/project/state`` endpoints); nothing automatic
ever does. Writing a new value keeps the old entry as ``superseded`` and
links ``(new)-[:SUPERSEDES]->(old)``; writing the value the key already has
changes nothing. At most one entry per key is active, which the graph
enforces with a uniqueness constraint (``cypher/schema/0004-...``).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.services import changes, inputs
from atocore.services.common import (
    Timestamp,
    check_confidence,
    checked,
    choice,
    optional_choice,
    optional_text,
    required_text,
)
from atocore.services.projects import canonical_project, writable_project


class StateCategory(StrEnum):
    STATUS = "status"  # where the project stands, the next focus
    DECISION = "decision"  # a choice that was made and holds
    CONSTRAINT = "constraint"  # a limit the work must respect
    SUMMARY = "summary"  # what the project is, in short
    REQUIREMENT = "requirement"  # something the result must do
    MILESTONE = "milestone"  # a dated goal
    RISK = "risk"  # a known risk and its handling
    CONTACT = "contact"  # who to ask about what


class StateStatus(StrEnum):
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    INVALID = "invalid"


class StateEntry(BaseModel):
    id: str
    project: str
    category: StateCategory
    key: str
    value: str
    source: str | None = None
    confidence: float
    status: StateStatus
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    updated_at: Timestamp
    supersedes: str | None = None  # id of the entry this one replaced
    superseded_at: Timestamp | None = None
    invalidated_at: Timestamp | None = None
    reason: str | None = None  # why it was invalidated


class StateWrite(BaseModel):
    """What ``write_state`` did: the active entry, and whether it is new."""

    entry: StateEntry
    created: bool


def _project(graph: Graph, name: str | None, *, write: bool = False) -> str:
    project = (writable_project if write else canonical_project)(graph, name)
    if not project:
        raise ValidationError("project must not be empty: trusted state always belongs to a project", field="project")
    return project


def _address(
    graph: Graph, project: str | None, category: str | None, key: str | None, *, write: bool = False
) -> dict[str, str]:
    return {
        "project": _project(graph, project, write=write),
        "category": choice(StateCategory, category, "category").value,
        "key": checked(inputs.identifier, required_text(key, "key"), "key"),
    }


def list_state(
    graph: Graph, project: str, *, category: str | None = None, include_history: bool = False
) -> tuple[str, list[StateEntry]]:
    """The canonical project id and its entries (active only unless include_history)."""
    canonical = _project(graph, project)
    wanted = optional_choice(StateCategory, category, "category")
    rows = graph.run(
        "state.list",
        project=canonical,
        category=wanted.value if wanted else None,
        include_history=include_history,
    )
    return canonical, [StateEntry.model_validate(row["entry"]) for row in rows]


@changes.notifies
def write_state(
    graph: Graph,
    *,
    project: str,
    category: str,
    key: str,
    value: str,
    source: str | None = None,
    confidence: float = 1.0,
) -> StateWrite:
    """Set a key's value; supersedes the previous active value, or is a no-op when equal."""
    address = _address(graph, project, category, key, write=True)
    value = required_text(value, "value")
    checked = check_confidence(confidence)
    try:
        with graph.transaction() as tx:
            current = tx.run("state.find_active", **address)
            if current and current[0]["entry"]["value"] == value:
                return StateWrite(entry=StateEntry.model_validate(current[0]["entry"]), created=False)
            rows = tx.run(
                "state.write",
                id=str(uuid.uuid4()),
                value=value,
                source=optional_text(source),
                confidence=checked,
                supersedes=current[0]["entry"]["id"] if current else None,
                **address,
            )
    except ConstraintError as exc:
        raise ConflictError(
            f"another write to {address['project']}/{address['category']}/{address['key']} happened at the same time; "
            "read the state and retry",
            **address,
        ) from exc
    return StateWrite(entry=StateEntry.model_validate(rows[0]["entry"]), created=True)


@changes.notifies
def invalidate_state(
    graph: Graph, *, project: str | None, category: str | None, key: str | None, reason: str | None = None
) -> StateEntry:
    """Mark the key's active entry invalid; 404 when it has none."""
    address = _address(graph, project, category, key)
    rows = graph.run("state.invalidate", reason=optional_text(reason), **address)
    if not rows:
        raise NotFoundError(
            f"no active state entry {address['project']}/{address['category']}/{address['key']} to invalidate; "
            f"GET /project/state/{address['project']} lists the active ones",
            **address,
        )
    return StateEntry.model_validate(rows[0]["entry"])
