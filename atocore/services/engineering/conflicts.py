"""Conflicts: contradicting versions of one slot are flagged, never blocked.

The slot of every entity type is project + type + key
(``ontology.slot``); the value fingerprint hashes the type's fact fields
(``ontology.fingerprint``; ``description`` is left out). Detection runs
synchronously when an entity is created (a candidate revision) or promoted:
the live (candidate or active) entities of the slot whose fingerprint
differs become MEMBERs of one open Conflict. The write itself always
succeeds. The same members never get a second open conflict: a new rival
joins the slot's open conflict, and a set a reviewer already dismissed is
not reopened.

Promoting a member of an open conflict is a 409 naming the conflict;
``resolve`` decides it: ``supersede_others`` (the winner becomes active,
active losers are superseded by it and hand it their relationships,
candidate losers become invalid), ``dismiss`` (the values do not really
contradict) or ``no_action`` (acknowledged, nothing changes).
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services.common import Timestamp, choice, optional_text
from atocore.services.engineering import ontology
from atocore.services.engineering.common import DEFAULT_LIMIT, check_limit
from atocore.services.engineering.models import Entity
from atocore.services.engineering.ontology import EntityStatus
from atocore.services.projects import canonical_project

REVIEW_ACTION = "resolve"  # the action of the ReviewRecord conflicts.close writes


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class Resolution(StrEnum):
    SUPERSEDE_OTHERS = "supersede_others"
    DISMISS = "dismiss"
    NO_ACTION = "no_action"


class Conflict(BaseModel):
    id: str
    project: str
    slot: str
    status: ConflictStatus
    detected_at: Timestamp
    resolved_at: Timestamp | None = None
    resolution: str | None = None
    winner_id: str | None = None
    note: str | None = None
    members: list[Entity] = []


def _conflict(row: dict[str, Any]) -> Conflict:
    members = sorted((Entity.from_node(m) for m in row["members"]), key=lambda e: (e.created_at, e.id))
    return Conflict.model_validate({**row["conflict"], "members": members})


def detect(run: Runner, entity: Entity, *, against_predecessor: bool = False, any_value: bool = False) -> str | None:
    """Record a conflict when live versions of the entity's slot disagree; the open conflict's id, or None.

    ``against_predecessor``: whether the version the entity revises counts
    as a rival (imports: yes, a changed value must be reviewed; a person's
    explicit candidate revision: no, its promotion is the decision).
    ``any_value``: every other live version of the slot is a rival, even one
    with the same fingerprint (an import's rival candidate in a slot that has
    no active version: one of them has to be chosen).
    """
    slot = ontology.slot(entity.project, entity.type, entity.key)
    rows = run.run(
        "conflicts.rivals", id=entity.id, slot=slot, against_predecessor=against_predecessor, any_value=any_value
    )
    if not rows or not rows[0]["rivals"]:
        return None
    members = {entity.id, *rows[0]["rivals"]}
    existing = rows[0]["conflicts"]
    if any(c["status"] != ConflictStatus.OPEN and members <= set(c["members"]) for c in existing):
        return None  # a reviewer already decided about exactly these members
    open_ones = [c for c in existing if c["status"] == ConflictStatus.OPEN]
    if open_ones:
        if not members <= set(open_ones[0]["members"]):
            run.run("conflicts.add_members", id=open_ones[0]["id"], member_ids=sorted(members))
        return open_ones[0]["id"]
    conflict_id = str(uuid.uuid4())
    run.run("conflicts.open", id=conflict_id, project=entity.project, slot=slot, member_ids=sorted(members))
    return conflict_id


def refuse_if_open(run: Runner, entity_id: str) -> None:
    """409 naming the open conflict the entity is a member of, if any."""
    rows = run.run("conflicts.open_for_member", id=entity_id)
    if rows:
        raise ConflictError(
            f"entity {entity_id} is a member of open conflict {rows[0]['id']} (slot {rows[0]['slot']}); "
            f"resolve it first: POST /conflicts/{rows[0]['id']}/resolve",
            id=entity_id,
            conflict_id=rows[0]["id"],
            slot=rows[0]["slot"],
        )


def settle(run: Runner, entity_id: str) -> None:
    run.run("conflicts.settle", id=entity_id)


def list_conflicts(
    graph: Graph, *, project: str | None = None, status: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[Conflict]:
    wanted = choice(ConflictStatus, status, "status").value if status else None
    rows = graph.run(
        "conflicts.list", project=canonical_project(graph, project) or None, status=wanted, limit=check_limit(limit)
    )
    return [_conflict(r) for r in rows]


def _load(run: Runner, conflict_id: str) -> Conflict:
    rows = run.run("conflicts.get", id=conflict_id)
    if not rows:
        raise NotFoundError(f"no conflict with id {conflict_id!r}", id=conflict_id)
    return _conflict(rows[0])


def get_conflict(graph: Graph, conflict_id: str) -> Conflict:
    return _load(graph, conflict_id)


def resolve_conflict(
    graph: Graph, conflict_id: str, *, action: str, winner_id: str | None = None, note: str | None = None
) -> Conflict:
    from atocore.services.engineering import entities  # entities imports this module

    resolution = choice(Resolution, action, "action")
    note = optional_text(note)
    with graph.transaction() as tx:
        conflict = _load(tx, conflict_id)
        if conflict.status != ConflictStatus.OPEN:
            raise ConflictError(
                f"conflict {conflict_id} is already {conflict.status}", id=conflict_id, status=conflict.status
            )
        members = {m.id: m for m in conflict.members}
        if resolution == Resolution.SUPERSEDE_OTHERS:
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
        elif winner_id:
            raise ValidationError(f"winner_id goes only with supersede_others, not {resolution}", field="winner_id")
        status = ConflictStatus.DISMISSED if resolution == Resolution.DISMISS else ConflictStatus.RESOLVED
        tx.run(
            "conflicts.close",
            id=conflict_id,
            status=status.value,
            resolution=resolution.value,
            winner_id=winner_id,
            note=note,
        )
        if resolution == Resolution.SUPERSEDE_OTHERS:
            reason = f"conflict {conflict_id} resolved for {winner_id}" + (f": {note}" if note else "")
            losers = [m for m in members.values() if m.id != winner_id]
            for loser in losers:
                if loser.status == EntityStatus.CANDIDATE:
                    entities.transition(tx, loser.id, "reject", reason)
                    tx.run("entities.settle_relationships", id=loser.id)
            active_losers = [m for m in losers if m.status == EntityStatus.ACTIVE]
            for loser in active_losers:
                tx.run("entities.link_supersedes", new_id=winner_id, old_id=loser.id)
            if members[winner_id].status == EntityStatus.CANDIDATE:
                # promotion supersedes every version the winner SUPERSEDES (its own
                # predecessor and the active losers) and hands it their relationships
                entities.promote_in(tx, winner_id, reason)
            else:
                for loser in active_losers:
                    entities.transition(tx, loser.id, "supersede", reason)
                    tx.run("entities.copy_relationships", old_id=loser.id, new_id=winner_id)
                tx.run("entities.settle_relationships", id=winner_id)
        return _load(tx, conflict_id)


def open_count(graph: Graph) -> int:
    return graph.run("conflicts.open_count")[0]["count"]
