"""Conflicts: contradicting versions of one slot are flagged, never blocked.

Detection is a lifecycle step (``entities.lifecycle.detect``, which says
what counts as a rival): it runs synchronously when an entity is created,
edited or promoted, and the write itself always succeeds. This module lists
conflicts and decides them.

Promoting a member of an open conflict is a 409 naming the conflict;
``resolve`` decides it: ``supersede_others`` (the winner becomes active,
active losers are superseded by it and hand it their relationships,
candidate losers become invalid), ``dismiss`` (the values do not really
contradict) or ``no_action`` (acknowledged, nothing changes). Closing a
conflict leaves a ReviewRecord with the action ``REVIEW_ACTION``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import changes
from atocore.services.common import choice, optional_text
from atocore.services.engineering import ontology
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.models import Conflict, ConflictStatus, Entity
from atocore.services.paging import DEFAULT_LIMIT, Page, cursor_params, page
from atocore.services.projects import canonical_project

REVIEW_ACTION = "resolve"  # the action of the ReviewRecord conflicts.close writes


class Resolution(StrEnum):
    SUPERSEDE_OTHERS = "supersede_others"
    DISMISS = "dismiss"
    NO_ACTION = "no_action"


def _conflict(row: dict[str, Any]) -> Conflict:
    members = sorted((Entity.from_node(m) for m in row["members"]), key=lambda e: (e.created_at, e.id))
    return Conflict.model_validate({**row["conflict"], "members": members})


def list_conflicts(
    graph: Graph,
    *,
    project: str | None = None,
    status: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[Conflict]:
    wanted = choice(ConflictStatus, status, "status").value if status else None
    rows = graph.run(
        "conflicts.list",
        project=canonical_project(graph, project) or None,
        status=wanted,
        **cursor_params(after, limit),
    )
    return page([_conflict(r) for r in rows], limit, lambda c: (c.detected_at, c.id))


def _load(run: Runner, conflict_id: str) -> Conflict:
    rows = run.run("conflicts.get", id=conflict_id)
    if not rows:
        raise NotFoundError(f"no conflict with id {conflict_id!r}", id=conflict_id)
    return _conflict(rows[0])


def get_conflict(graph: Graph, conflict_id: str) -> Conflict:
    return _load(graph, conflict_id)


@changes.notifies
def resolve_conflict(
    graph: Graph, conflict_id: str, *, action: str, winner_id: str | None = None, note: str | None = None
) -> Conflict:
    resolution = choice(Resolution, action, "action")
    note = optional_text(note)
    with graph.transaction() as tx:
        conflict = _load(tx, conflict_id)
        if conflict.status != ConflictStatus.OPEN:
            raise ConflictError(
                f"conflict {conflict_id} is already {conflict.status}", id=conflict_id, status=conflict.status
            )
        members = {m.id: m for m in conflict.members}
        winner = _winner(members, resolution, winner_id)
        status = ConflictStatus.DISMISSED if resolution == Resolution.DISMISS else ConflictStatus.RESOLVED
        tx.run(
            "conflicts.close",
            id=conflict_id,
            status=status.value,
            resolution=resolution.value,
            winner_id=winner_id,
            note=note,
        )
        if winner is not None:
            reason = f"conflict {conflict_id} resolved for {winner.id}" + (f": {note}" if note else "")
            lifecycle.decide_for(tx, winner, [m for m in members.values() if m.id != winner.id], reason)
        return _load(tx, conflict_id)


def _winner(members: dict[str, Entity], resolution: Resolution, winner_id: str | None) -> Entity | None:
    """The member ``supersede_others`` names (a 422 unless it is a live member); None for the other actions."""
    if resolution != Resolution.SUPERSEDE_OTHERS:
        if winner_id:
            raise ValidationError(f"winner_id goes only with supersede_others, not {resolution}", field="winner_id")
        return None
    if not winner_id:
        raise ValidationError(
            f"supersede_others needs winner_id, one of the members: {sorted(members)}",
            field="winner_id",
            valid=sorted(members),
        )
    winner = members.get(winner_id)
    if winner is None or winner.status not in ontology.LIVE_STATUSES:
        live = sorted(m.id for m in members.values() if m.status in ontology.LIVE_STATUSES)
        raise ValidationError(
            f"winner_id must be a live member of the conflict: one of {live}", field="winner_id", valid=live
        )
    return winner
