"""Relationships between entities: create, list, review.

A relationship has an ``id``, a ``status`` and timestamps stored as its own
properties. It counts (is *effective*) only when it is active and both its
endpoints are active. A person creating one through the API makes it active;
imports and extraction make candidates, which become active when their last
candidate endpoint is promoted (``entities.settle_relationships``) or when
reviewed directly.
"""

from __future__ import annotations

import uuid
from typing import Any

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.services import changes, inputs, transitions
from atocore.services.common import checked, choice, optional_text
from atocore.services.engineering import ontology
from atocore.services.engineering.common import (
    SourceRefs,
    check_sources_exist,
    parse_sources,
)
from atocore.services.engineering.entities.read import find, resolve_ref
from atocore.services.engineering.models import (
    RESERVED_RELATIONSHIP_PROPERTIES,
    Entity,
    EntitySummary,
    Relationship,
    RelationshipDetail,
)
from atocore.services.engineering.ontology import LIVE_STATUSES, RelationshipStatus
from atocore.services.paging import DEFAULT_LIMIT, Page, check_limit, cursor_params, page
from atocore.services.projects import canonical_project
from atocore.services.transitions import ReviewRecord, Step

CREATABLE = (RelationshipStatus.ACTIVE, RelationshipStatus.CANDIDATE)
REVIEWS: dict[str, Step] = {
    "promote": Step((RelationshipStatus.CANDIDATE,), RelationshipStatus.ACTIVE),
    "reject": Step((RelationshipStatus.CANDIDATE, RelationshipStatus.ACTIVE), RelationshipStatus.INVALID),
}
TRANSITIONS = transitions.Transitions(kind="relationship", query="relationships.transition", steps=REVIEWS)


def _properties(properties: dict[str, Any] | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in (properties or {}).items():
        if name in RESERVED_RELATIONSHIP_PROPERTIES:
            raise ValidationError(
                f"property {name!r} is reserved; reserved names: {sorted(RESERVED_RELATIONSHIP_PROPERTIES)}",
                field=f"properties.{name}",
            )
        cleaned[name] = checked(inputs.scalar, value, f"property {name!r}")
    return cleaned


def _endpoint(graph: Graph, entity_id: str, role: str) -> Entity:
    entity = find(graph, entity_id)
    if entity is None:
        raise ValidationError(f"{role} {entity_id!r} is not an entity id", field=role, value=entity_id)
    return entity


def _detail(row: dict[str, Any]) -> RelationshipDetail:
    rel = Relationship.from_map(row["relationship"])
    source, target = EntitySummary.model_validate(row["source"]), EntitySummary.model_validate(row["target"])
    effective = rel.status == "active" and source.status == "active" and target.status == "active"
    return RelationshipDetail(**rel.model_dump(), source=source, target=target, effective=effective)


@changes.notifies
def create_relationship(
    graph: Graph,
    *,
    type: str,
    from_id: str,
    to_id: str,
    properties: dict[str, Any] | None = None,
    source_refs: SourceRefs | None = None,
    status: str | None = None,
    project: str | None = None,
) -> RelationshipDetail:
    """A typed relationship between two live entities of one project (active unless ``status='candidate'``).

    With ``project``, ``from_id`` and ``to_id`` may be keys there (``resolve_ref``).
    """
    from_id, to_id = resolve_ref(graph, from_id, project), resolve_ref(graph, to_id, project)
    kind = ontology.relationship_type(type, creatable=True)
    state = choice(RelationshipStatus, status or RelationshipStatus.ACTIVE, "status")
    if state not in CREATABLE:
        raise ValidationError(
            f"a new relationship starts as active or candidate, not {state}",
            field="status",
            valid=[s.value for s in CREATABLE],
        )
    props = _properties(properties)
    sources = parse_sources(source_refs, required=False)
    if from_id == to_id:
        raise ValidationError("a relationship links two different entities; from_id equals to_id", field="to_id")
    source, target = _endpoint(graph, from_id, "from_id"), _endpoint(graph, to_id, "to_id")
    ontology.check_pair(kind, source.type, target.type)
    for role, node in (("from_id", source), ("to_id", target)):
        if node.status not in LIVE_STATUSES:
            raise ValidationError(
                f"{role} {node.id} is {node.status}; link a candidate or active entity "
                "(GET /entities/{id}/history shows the current version)",
                field=role,
                status=node.status,
            )
    if source.project != target.project:
        raise ValidationError(
            f"both ends must belong to one project: {from_id} is in {source.project!r}, {to_id} in {target.project!r}",
            field="to_id",
        )
    with graph.transaction() as tx:
        check_sources_exist(tx, sources)
        tx.run("relationships.lock_endpoints", ids=[from_id, to_id])  # concurrent creates of one edge queue here
        existing = tx.run("relationships.live_between", type=kind.name, from_id=from_id, to_id=to_id)
        if existing:
            raise ConflictError(
                f"{kind.name} from {from_id} to {to_id} already exists "
                f"as {existing[0]['status']} relationship {existing[0]['id']}",
                existing_id=existing[0]["id"],
                existing_status=existing[0]["status"],
            )
        rows = tx.run(
            "relationships.create",
            id=str(uuid.uuid4()),
            type=kind.name,
            from_id=from_id,
            to_id=to_id,
            status=state.value,
            source_refs=sources.as_strings(),
            properties=props,
        )
        if not rows:
            raise NotFoundError(
                "an endpoint disappeared while the relationship was being created; retry", from_id=from_id, to_id=to_id
            )
        relationship_id = rows[0]["relationship"]["id"]
        return _detail(tx.run("relationships.get", id=relationship_id)[0])


def get_relationship(graph: Graph, relationship_id: str) -> tuple[RelationshipDetail, list[ReviewRecord]]:
    rows = graph.run("relationships.get", id=relationship_id)
    if not rows:
        raise NotFoundError(f"no relationship with id {relationship_id!r}", id=relationship_id)
    return _detail(rows[0]), [ReviewRecord.model_validate(r) for r in rows[0]["reviews"]]


def list_relationships(
    graph: Graph,
    *,
    type: str | None = None,
    from_id: str | None = None,
    to_id: str | None = None,
    project: str | None = None,
    status: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[RelationshipDetail]:
    """Relationships matching the filters, newest first.

    Without ``status`` only effective relationships are listed (active, both
    endpoints active); ``status=candidate|active|invalid`` lists that status,
    ``status=all`` everything, each row saying whether it is effective.
    With ``project``, ``from_id`` and ``to_id`` may be entity keys there.
    """
    limit = check_limit(limit)
    from_id = resolve_ref(graph, from_id, project) if from_id else None
    to_id = resolve_ref(graph, to_id, project) if to_id else None
    kind = ontology.relationship_type(type).name if type else None
    effective_only = not status
    wanted = None
    if status and status.strip().lower() != "all":
        wanted = choice(RelationshipStatus, status, "status").value
    rows = graph.run(
        "relationships.list",
        type=kind,
        from_id=optional_text(from_id),
        to_id=optional_text(to_id),
        project=canonical_project(graph, project) or None,
        status=wanted,
        effective_only=effective_only,
        **cursor_params(after, limit),
    )
    return page([_detail(r) for r in rows], limit, lambda r: (r.created_at, r.id))


@changes.notifies
def review_relationship(
    graph: Graph, relationship_id: str, action: str, reason: str | None = None
) -> RelationshipDetail:
    """Apply a review action (``REVIEWS``) with its ReviewRecord; 409 from a status it does not apply to."""
    with graph.transaction() as tx:
        transitions.apply(tx, TRANSITIONS, relationship_id, action, reason)
        return _detail(tx.run("relationships.get", id=relationship_id)[0])
