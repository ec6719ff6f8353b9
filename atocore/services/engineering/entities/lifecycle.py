"""The entity lifecycle: every status step, and what it does to the slot's conflicts.

The steps (``REVIEWS``, applied with their ReviewRecords by
``atocore.services.transitions``, as memory and relationship reviews are):

- ``promote`` (candidate -> active): refused while the entity is a member of
  an open conflict, or when the version it revises is no longer active. A
  candidate revision replaces every version it SUPERSEDES: those become
  superseded and hand it their relationships. ``revise`` is the same step
  when an edit of an active entity makes the new version active at once.
- ``reject`` (candidate -> invalid): its candidate relationships become
  invalid too.
- ``retire`` (active -> retired) and ``supersede`` (active -> superseded,
  optionally by a named successor) end an active version.

Conflicts (``atocore.services.engineering.conflicts``) are flagged, never
blocked: ``detect`` runs when an entity is created (a candidate revision),
edited or promoted; the live (candidate or active) entities of its slot
(project + type + key, ``ontology.slot``) whose value fingerprint differs
(``ontology.fingerprint``; ``description`` is left out) become MEMBERs of
one open Conflict. The same members never get a second open conflict: a new
rival joins the slot's open conflict, and a set a reviewer already dismissed
is not reopened. ``settle`` closes an open conflict left with fewer than two
live members; ``decide_for`` applies a conflict's resolution for its winner.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from atocore.errors import ConflictError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import changes, transitions
from atocore.services.common import optional_text
from atocore.services.engineering import ontology
from atocore.services.engineering.entities.read import history, load
from atocore.services.engineering.models import ConflictStatus, Entity, EntityDetail
from atocore.services.engineering.ontology import EntityStatus
from atocore.services.transitions import Step

REVIEWS: dict[str, Step] = {
    "promote": Step((EntityStatus.CANDIDATE,), EntityStatus.ACTIVE),
    "reject": Step((EntityStatus.CANDIDATE,), EntityStatus.INVALID),
    "revise": Step((EntityStatus.CANDIDATE,), EntityStatus.ACTIVE),  # the promotion of an edit's new version
    "supersede": Step((EntityStatus.ACTIVE,), EntityStatus.SUPERSEDED),
    "retire": Step((EntityStatus.ACTIVE,), EntityStatus.RETIRED),
}
TRANSITIONS = transitions.Transitions(kind="entity", query="entities.transition", steps=REVIEWS)


class SlotMember(Protocol):
    """What conflict detection reads of an entity: its id and its slot."""

    @property
    def id(self) -> str: ...
    @property
    def project(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def key(self) -> str: ...


def step(run: Runner, entity_id: str, action: str, reason: str | None) -> Entity:
    """One step of ``REVIEWS`` with its ReviewRecord; 404 unknown id, 409 from another status."""
    return Entity.from_node(transitions.apply(run, TRANSITIONS, entity_id, action, reason))


# -- the slot's conflicts ---------------------------------------------------------
def detect(
    run: Runner, entity: SlotMember, *, against_predecessor: bool = False, any_value: bool = False
) -> str | None:
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
    """The entity left the live statuses: close its open conflicts that have nothing left to decide."""
    run.run("conflicts.settle", id=entity_id)


# -- the steps inside an open transaction ---------------------------------------------
def promote(run: Runner, entity_id: str, reason: str | None, *, action: str = "promote") -> None:
    """candidate -> active inside an open transaction (``action`` revise: an edit's new version)."""
    current = load(run, entity_id)
    if current.status != EntityStatus.CANDIDATE:
        raise ConflictError(
            f"entity {entity_id} is {current.status}; only a candidate entity can be promoted",
            id=entity_id,
            status=current.status,
            required_status=["candidate"],
        )
    refuse_if_open(run, entity_id)
    predecessors = [load(run, pid) for pid in current.supersedes]
    for old in predecessors:
        if old.status != EntityStatus.ACTIVE:
            newer = [n for n in old.superseded_by if n != entity_id]
            raise ConflictError(
                f"entity {entity_id} revises {old.id}, which is already {old.status}"
                + (f" (by {', '.join(newer)})" if newer else "")
                + "; edit the current version instead, or reject this candidate",
                id=entity_id,
                revises=old.id,
                revises_status=old.status,
            )
    promoted = step(run, entity_id, action, reason)
    for old in predecessors:
        step(run, old.id, "supersede", f"superseded by {entity_id}")
        run.run("entities.copy_relationships", old_id=old.id, new_id=entity_id)
        settle(run, old.id)
    run.run("entities.settle_relationships", id=entity_id)
    detect(run, promoted)  # its slot and id are what detection reads: the later steps leave them


def reject(run: Runner, entity_id: str, reason: str | None) -> None:
    """candidate -> invalid inside an open transaction (an import's rejection runs many)."""
    step(run, entity_id, "reject", reason)
    run.run("entities.settle_relationships", id=entity_id)
    settle(run, entity_id)


def decide_for(run: Runner, winner: Entity, losers: list[Entity], reason: str) -> None:
    """A conflict resolved for ``winner``: candidate losers are rejected, active ones superseded by it.

    A candidate winner is promoted, which supersedes every version it
    SUPERSEDES (its own predecessor and the active losers) and hands it their
    relationships; an active winner takes the active losers' relationships.
    """
    for loser in losers:
        if loser.status == EntityStatus.CANDIDATE:
            step(run, loser.id, "reject", reason)
            run.run("entities.settle_relationships", id=loser.id)
    active_losers = [m for m in losers if m.status == EntityStatus.ACTIVE]
    for loser in active_losers:
        run.run("entities.link_supersedes", new_id=winner.id, old_id=loser.id)
    if winner.status == EntityStatus.CANDIDATE:
        promote(run, winner.id, reason)
        return
    for loser in active_losers:
        step(run, loser.id, "supersede", reason)
        run.run("entities.copy_relationships", old_id=loser.id, new_id=winner.id)
    run.run("entities.settle_relationships", id=winner.id)


# -- the steps as requests -------------------------------------------------------------
@changes.notifies
def promote_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """candidate -> active. A candidate revision replaces the version it SUPERSEDES."""
    with graph.transaction() as tx:
        promote(tx, entity_id, reason)
        return load(tx, entity_id)


@changes.notifies
def reject_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """candidate -> invalid; its candidate relationships become invalid too."""
    with graph.transaction() as tx:
        reject(tx, entity_id, reason)
        return load(tx, entity_id)


@changes.notifies
def retire_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """active -> retired: out of default queries, history kept."""
    with graph.transaction() as tx:
        step(tx, entity_id, "retire", reason)
        settle(tx, entity_id)
        return load(tx, entity_id)


@changes.notifies
def supersede_entity(graph: Graph, entity_id: str, by: str | None = None, reason: str | None = None) -> EntityDetail:
    """active -> superseded, optionally by another active entity of the same type and project.

    With ``by`` the successor gets ``(by)-[:SUPERSEDES]->(this)`` and copies
    of this entity's live relationships. Returns the superseded entity.
    """
    with graph.transaction() as tx:
        if by:
            _check_successor(graph, tx, entity_id, by)
        step(tx, entity_id, "supersede", optional_text(reason) or (f"superseded by {by}" if by else None))
        if by:
            tx.run("entities.link_supersedes", new_id=by, old_id=entity_id)
            tx.run("entities.copy_relationships", old_id=entity_id, new_id=by)
        settle(tx, entity_id)
        return load(tx, entity_id)


def _check_successor(graph: Graph, tx: Runner, entity_id: str, by: str) -> None:
    """422 or 409 unless ``by`` may supersede the entity: active, same type and project, no cycle."""
    if by == entity_id:
        raise ValidationError("an entity cannot supersede itself", field="by")
    old, new = load(tx, entity_id), load(tx, by)
    if (new.type, new.project) != (old.type, old.project):
        raise ValidationError(
            f"{by} is a {new.type} of project {new.project!r}; "
            f"a successor must be a {old.type} of project {old.project!r}",
            field="by",
        )
    if new.status != EntityStatus.ACTIVE:
        raise ConflictError(
            f"successor {by} is {new.status}; promote it first (only an active entity can supersede)",
            id=by,
            status=new.status,
        )
    if entity_id in {v.id for v in history(graph, by)} and entity_id not in new.supersedes:
        raise ConflictError(f"{by} is already in {entity_id}'s history; superseding would make a cycle", id=by)
