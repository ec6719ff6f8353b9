"""Entities: create, read (also as of a time), edit, review, revise, retire.

Lifecycle (see docs/architecture/engineering-model.md):

- A new entity is a ``candidate`` unless a person creates it ``active``.
  Provenance is mandatory: at least one source_ref, each becoming an
  EVIDENCED_BY link.
- ``promote`` (candidate -> active) and ``reject`` (candidate -> invalid) are
  reviews; ``retire`` (active -> retired) and ``supersede`` (active ->
  superseded) end an active version. Every step leaves a ReviewRecord.
- Editing a candidate changes it in place. Editing an active entity creates
  a new version ``(new)-[:SUPERSEDES]->(old)``: the new one is active at once
  (or a candidate when ``as_candidate``; promoting it later does the switch),
  the old one becomes superseded, and the new one gets copies of the old
  one's live relationships, so what it satisfied stays satisfied.
- ``valid_from`` / ``valid_to`` mark when a version was active, so ``as_of``
  reads are range checks.
- A key is unique per (project, type) among live (candidate or active)
  entities, except for a version and the candidate revisions proposed for it.
  The check reads under a per-key lock (``entities.live_with_key``), so
  concurrent creates of one key cannot both pass it.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import transitions
from atocore.services.common import check_confidence, choice, optional_text, required_text
from atocore.services.engineering import conflicts, ontology
from atocore.services.engineering.common import (
    DEFAULT_LIMIT,
    SourceRefs,
    Sources,
    check_limit,
    check_sources_exist,
    parse_sources,
    slug,
)
from atocore.services.engineering.models import (
    Entity,
    EntityDetail,
    EntitySummary,
    EntityVersion,
    Evidence,
    Relationship,
    RelationshipView,
)
from atocore.services.engineering.ontology import EntityStatus
from atocore.services.projects import canonical_project
from atocore.services.transitions import ReviewRecord, Step, reviews_for

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$")
CREATABLE = (EntityStatus.CANDIDATE, EntityStatus.ACTIVE)
HISTORY_LIMIT = 1000
REVIEWS: dict[str, Step] = {
    "promote": Step((EntityStatus.CANDIDATE,), EntityStatus.ACTIVE),
    "reject": Step((EntityStatus.CANDIDATE,), EntityStatus.INVALID),
    "revise": Step((EntityStatus.CANDIDATE,), EntityStatus.ACTIVE),  # the promotion of an edit's new version
    "supersede": Step((EntityStatus.ACTIVE,), EntityStatus.SUPERSEDED),
    "retire": Step((EntityStatus.ACTIVE,), EntityStatus.RETIRED),
}
TRANSITIONS = transitions.Transitions(kind="entity", query="entities.transition", steps=REVIEWS)


def _key(kind: ontology.EntityType, key: str | None, name: str) -> str:
    if key is None or not key.strip():
        return f"{kind.key_prefix}.{slug(name)}"
    key = key.strip()
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            f"key {key!r} is not valid: use letters, digits and . _ : / - (at most 200), starting with a letter or digit",
            field="key",
            value=key,
        )
    return key


def _project(run: Runner, project: str | None) -> str:
    canonical = canonical_project(run, project)
    if not canonical:
        raise ValidationError("project must not be empty: every entity belongs to a project", field="project")
    return canonical


def _as_of(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _canonical_home(value: str | None) -> str:
    home = (value or ontology.DEFAULT_CANONICAL_HOME).strip().lower()
    if not re.match(ontology.CANONICAL_HOME_PATTERN, home):
        raise ValidationError(
            f"canonical_home {value!r} is not valid: a short lowercase name such as atocore, kb-cad or kb-fem",
            field="canonical_home",
            value=value,
        )
    return home


# -- reading ---------------------------------------------------------------------
def _detail(row: dict[str, Any]) -> EntityDetail:
    entity = Entity.from_node(row["entity"])
    views = []
    for item in row["relationships"]:
        rel = Relationship.from_map(item["relationship"])
        other = EntitySummary.model_validate(item["other"])
        effective = rel.status == "active" and entity.status == "active" and other.status == "active"
        views.append(RelationshipView(direction=item["direction"], relationship=rel, other=other, effective=effective))
    views.sort(key=lambda v: (v.relationship.type, v.direction, v.other.name, v.relationship.id))
    return EntityDetail(
        **entity.model_dump(),
        relationships=views,
        evidence=[Evidence.model_validate(e) for e in row["evidence"]],
        supersedes=sorted(row["supersedes"]),
        superseded_by=sorted(row["superseded_by"]),
    )


def _load(run: Runner, entity_id: str) -> EntityDetail:
    rows = run.run("entities.get", id=entity_id)
    if not rows:
        raise NotFoundError(f"no entity with id {entity_id!r}", id=entity_id)
    return _detail(rows[0])


def get_entity(graph: Graph, entity_id: str, *, as_of: datetime | None = None) -> EntityDetail:
    """One entity with relationships, provenance and SUPERSEDES neighbours.

    With ``as_of``: the version of this entity's revision chain that was
    active at that moment (404 when none was).
    """
    moment = _as_of(as_of)
    if moment is None:
        return _load(graph, entity_id)
    for version in history(graph, entity_id):
        if (
            version.valid_from is not None
            and version.valid_from <= moment
            and (version.valid_to is None or version.valid_to > moment)
        ):
            return _load(graph, version.id)
    raise NotFoundError(
        f"entity {entity_id!r} had no active version at {moment.isoformat()}", id=entity_id, as_of=moment.isoformat()
    )


def list_entities(
    graph: Graph,
    *,
    type: str | None = None,
    project: str | None = None,
    status: str | None = None,
    key: str | None = None,
    limit: int = DEFAULT_LIMIT,
    as_of: datetime | None = None,
) -> list[Entity]:
    """Active entities matching the filters, newest update first.

    ``status`` picks another status (``candidate`` is the review queue) or
    ``all``; ``as_of`` returns the versions active at that moment instead
    (and cannot be combined with status).
    """
    limit = check_limit(limit)
    kind = ontology.entity_type(type).name if type else None
    canonical = canonical_project(graph, project) or None
    key = optional_text(key)
    moment = _as_of(as_of)
    if moment is not None:
        if status:
            raise ValidationError("as_of returns what was active then; leave status out", field="status")
        rows = graph.run("entities.list_as_of", type=kind, project=canonical, key=key, as_of=moment, limit=limit)
    else:
        if status and status.strip().lower() == "all":
            statuses = [s.value for s in EntityStatus]
        elif status:
            statuses = [choice(EntityStatus, status, "status").value]
        else:
            statuses = [EntityStatus.ACTIVE.value]
        rows = graph.run("entities.list", type=kind, project=canonical, statuses=statuses, key=key, limit=limit)
    return [Entity.from_node(r["entity"]) for r in rows]


def history(graph: Graph, entity_id: str) -> list[EntityVersion]:
    """Every version in the entity's SUPERSEDES chain, newest first (cycle-safe)."""
    rows = graph.run("entities.history", id=entity_id, limit=HISTORY_LIMIT)
    if not rows:
        raise NotFoundError(f"no entity with id {entity_id!r}", id=entity_id)
    versions = []
    for row in rows:
        node = row["entity"]
        base = Entity.from_node(node)
        versions.append(
            EntityVersion(
                **base.model_dump(), supersedes=sorted(node["supersedes"]), superseded_by=sorted(node["superseded_by"])
            )
        )
    return versions


def reviews(graph: Graph, entity_id: str) -> list[ReviewRecord]:
    _load(graph, entity_id)
    return reviews_for(graph, entity_id)


# -- writing -----------------------------------------------------------------
def _create_node(
    run: Runner,
    *,
    kind: ontology.EntityType,
    key: str,
    name: str,
    project: str,
    status: str,
    confidence: float,
    canonical_home: str,
    extractor_version: str | None,
    version: int,
    facts: dict[str, Any],
    sources: Sources,
    copy_from: str | None = None,
) -> dict[str, Any]:
    """One round trip: the node, its evidence (and ``copy_from``'s), read back with its slot's rivals.

    The row holds ``entity``, ``evidence`` (as ``entities.get`` returns it) and ``rivals``.
    """
    return run.run(
        "entities.create",
        id=str(uuid.uuid4()),
        type=kind.name,
        key=key,
        entity_name=name,
        project=project,
        status=status,
        confidence=confidence,
        canonical_home=canonical_home,
        extractor_version=extractor_version,
        version=version,
        facts=facts,
        fingerprint=ontology.fingerprint(kind, facts),
        chunk_ids=sources.chunk_ids,
        interaction_ids=sources.interaction_ids,
        artifacts=sources.artifacts,
        copy_from=copy_from,
    )[0]


def _link_evidence(run: Runner, entity_id: str, sources: Sources, copy_from: str | None = None) -> None:
    run.run(
        "entities.link_evidence",
        id=entity_id,
        chunk_ids=sources.chunk_ids,
        interaction_ids=sources.interaction_ids,
        artifacts=sources.artifacts,
        copy_from=copy_from,
    )


def create_entity(graph: Graph, **fields: Any) -> EntityDetail:
    """A new entity (candidate unless ``status='active'``) with its provenance; the arguments are ``create_in``'s."""
    with graph.transaction() as tx:
        return create_in(tx, **fields)


def create_in(
    run: Runner,
    *,
    type: str,
    name: str,
    project: str,
    source_refs: SourceRefs | None,
    properties: dict[str, Any] | None = None,
    key: str | None = None,
    status: str | None = None,
    confidence: float | None = None,
    canonical_home: str | None = None,
    extractor_version: str | None = None,
) -> EntityDetail:
    """A new entity inside an open transaction (``create_entity`` opens one; graduation uses its own)."""
    kind = ontology.entity_type(type)
    name = required_text(name, "name")
    state = choice(EntityStatus, status or EntityStatus.CANDIDATE, "status")
    if state not in CREATABLE:
        raise ValidationError(
            f"a new entity starts as candidate or active, not {state}",
            field="status",
            valid=[s.value for s in CREATABLE],
        )
    facts = ontology.validate_facts(kind, properties)
    sources = parse_sources(source_refs, required=True)
    entity_key = _key(kind, key, name)
    confidence = check_confidence(1.0 if confidence is None else confidence)
    home, extractor = _canonical_home(canonical_home), optional_text(extractor_version)
    canonical = _project(run, project)
    check_sources_exist(run, sources)
    _check_key_free(run, canonical, kind.name, entity_key)
    row = _create_node(
        run,
        kind=kind,
        key=entity_key,
        name=name,
        project=canonical,
        status=state.value,
        confidence=confidence,
        canonical_home=home,
        extractor_version=extractor,
        version=1,
        facts=facts,
        sources=sources,
    )
    # a new entity has no relationships or versions yet: its detail is the row (no second read)
    detail = EntityDetail(
        **Entity.from_node(row["entity"]).model_dump(), evidence=[Evidence.model_validate(e) for e in row["evidence"]]
    )
    if row["rivals"]:  # conflict detection: the key rule leaves no rival, a concurrent writer could
        conflicts.detect(run, detail)
    return detail


def _check_key_free(run: Runner, project: str, type_name: str, key: str) -> None:
    holders = run.run("entities.live_with_key", project=project, type=type_name, key=key)
    if holders:
        holder = holders[0]
        raise ConflictError(
            f"key {key!r} is already used by {holder['status']} {type_name} {holder['id']} in project {project!r}; "
            "edit that entity (PUT /entities/{id}) or choose another key",
            key=key,
            existing_id=holder["id"],
            existing_status=holder["status"],
        )


def update_entity(
    graph: Graph,
    entity_id: str,
    *,
    name: str | None = None,
    properties: dict[str, Any] | None = None,
    confidence: float | None = None,
    key: str | None = None,
    source_refs: SourceRefs | None = None,
    reason: str | None = None,
    as_candidate: bool = False,
) -> EntityDetail:
    """Edit an entity: a candidate in place; an active one through a new version.

    ``properties`` are merged into the current facts (a null value removes
    one). An active entity's new version is active at once, or a candidate
    revision when ``as_candidate`` (promoting it performs the switch).
    Returns the edited candidate or the new version.
    """
    if name is None and properties is None and confidence is None and not source_refs:
        raise ValidationError(
            "nothing to update: give name, properties, confidence or source_refs",
            fields=["name", "properties", "confidence", "source_refs"],
        )
    sources = parse_sources(source_refs, required=False)
    current = _load(graph, entity_id)
    if key is not None and key.strip() != current.key:
        raise ValidationError(
            f"the key is stable ({current.key!r}); to use another key create a new entity and supersede this one",
            field="key",
        )
    kind = ontology.entity_type(current.type)
    merged = {**current.properties, **(properties or {})}
    facts = ontology.validate_facts(kind, {k: v for k, v in merged.items() if v is not None})
    new_name = current.name if name is None else required_text(name, "name")
    new_confidence = current.confidence if confidence is None else check_confidence(confidence)

    if current.status == EntityStatus.CANDIDATE:
        with graph.transaction() as tx:
            check_sources_exist(tx, sources)
            rows = tx.run(
                "entities.edit",
                id=entity_id,
                required_status=EntityStatus.CANDIDATE.value,
                entity_name=new_name,
                confidence=new_confidence,
                facts=facts,
                fingerprint=ontology.fingerprint(kind, facts),
            )
            if rows[0]["previous"] != EntityStatus.CANDIDATE:
                raise ConflictError(
                    f"entity {entity_id} changed status to {rows[0]['previous']} meanwhile; read it again",
                    id=entity_id,
                    status=rows[0]["previous"],
                )
            _link_evidence(tx, entity_id, sources)
            edited = _load(tx, entity_id)
            conflicts.detect(tx, edited)  # its facts changed: it may now contradict its slot
            return edited
    if current.status != EntityStatus.ACTIVE:
        successor = f"; its successor is {current.superseded_by[0]}" if current.superseded_by else ""
        raise ConflictError(
            f"entity {entity_id} is {current.status}: only candidate and active entities can be edited{successor}",
            id=entity_id,
            status=current.status,
            superseded_by=current.superseded_by,
        )
    old_facts = ontology.validate_facts(kind, current.properties)
    if facts == old_facts and new_name == current.name and new_confidence == current.confidence and sources.is_empty():
        return current  # nothing changed: no new version
    with graph.transaction() as tx:
        check_sources_exist(tx, sources)
        new_id = _create_node(
            tx,
            kind=kind,
            key=current.key,
            name=new_name,
            project=current.project,
            status=EntityStatus.CANDIDATE.value,
            confidence=new_confidence,
            canonical_home=current.canonical_home,
            extractor_version=current.extractor_version,
            version=current.version + 1,
            facts=facts,
            sources=sources,
            copy_from=entity_id,
        )["entity"]["id"]
        tx.run("entities.link_supersedes", new_id=new_id, old_id=entity_id)
        if as_candidate:
            conflicts.detect(tx, _load(tx, new_id))
        else:
            _promote(tx, new_id, optional_text(reason) or f"revision of {entity_id}", action="revise")
        return _load(tx, new_id)


# -- lifecycle steps -----------------------------------------------------------
def transition(run: Runner, entity_id: str, action: str, reason: str | None) -> Entity:
    """One step of ``REVIEWS`` with its ReviewRecord; 404 unknown id, 409 from another status."""
    return Entity.from_node(transitions.apply(run, TRANSITIONS, entity_id, action, reason))


def _promote(run: Runner, entity_id: str, reason: str | None, *, action: str = "promote") -> None:
    current = _load(run, entity_id)
    if current.status != EntityStatus.CANDIDATE:
        raise ConflictError(
            f"entity {entity_id} is {current.status}; only a candidate entity can be promoted",
            id=entity_id,
            status=current.status,
            required_status=["candidate"],
        )
    conflicts.refuse_if_open(run, entity_id)
    predecessors = [_load(run, pid) for pid in current.supersedes]
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
    transition(run, entity_id, action, reason)
    for old in predecessors:
        transition(run, old.id, "supersede", f"superseded by {entity_id}")
        run.run("entities.copy_relationships", old_id=old.id, new_id=entity_id)
        conflicts.settle(run, old.id)
    run.run("entities.settle_relationships", id=entity_id)
    conflicts.detect(run, Entity.from_node(run.run("entities.get", id=entity_id)[0]["entity"]))


def promote_in(run: Runner, entity_id: str, reason: str | None) -> None:
    """Promote inside an open transaction (conflict resolution uses it)."""
    _promote(run, entity_id, reason)


def promote_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """candidate -> active. A candidate revision replaces the version it SUPERSEDES."""
    with graph.transaction() as tx:
        _promote(tx, entity_id, reason)
        return _load(tx, entity_id)


def reject_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """candidate -> invalid; its candidate relationships become invalid too."""
    with graph.transaction() as tx:
        reject_in(tx, entity_id, reason)
        return _load(tx, entity_id)


def reject_in(run: Runner, entity_id: str, reason: str | None) -> None:
    """reject_entity inside an open transaction (an import's rejection runs many)."""
    transition(run, entity_id, "reject", reason)
    run.run("entities.settle_relationships", id=entity_id)
    conflicts.settle(run, entity_id)


def retire_entity(graph: Graph, entity_id: str, reason: str | None = None) -> EntityDetail:
    """active -> retired: out of default queries, history kept."""
    with graph.transaction() as tx:
        transition(tx, entity_id, "retire", reason)
        conflicts.settle(tx, entity_id)
        return _load(tx, entity_id)


def supersede_entity(graph: Graph, entity_id: str, by: str | None = None, reason: str | None = None) -> EntityDetail:
    """active -> superseded, optionally by another active entity of the same type and project.

    With ``by`` the successor gets ``(by)-[:SUPERSEDES]->(this)`` and copies
    of this entity's live relationships. Returns the superseded entity.
    """
    with graph.transaction() as tx:
        if by:
            if by == entity_id:
                raise ValidationError("an entity cannot supersede itself", field="by")
            old, new = _load(tx, entity_id), _load(tx, by)
            if (new.type, new.project) != (old.type, old.project):
                raise ValidationError(
                    f"{by} is a {new.type} of project {new.project!r}; a successor must be a {old.type} of project {old.project!r}",
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
        transition(tx, entity_id, "supersede", optional_text(reason) or (f"superseded by {by}" if by else None))
        if by:
            tx.run("entities.link_supersedes", new_id=by, old_id=entity_id)
            tx.run("entities.copy_relationships", old_id=entity_id, new_id=by)
        conflicts.settle(tx, entity_id)
        return _load(tx, entity_id)
