"""Reading entities: one with its neighbours (also as of a time), lists, history, review records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from atocore.errors import NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import inputs
from atocore.services.common import checked, choice, optional_text
from atocore.services.engineering import ontology
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
from atocore.services.names import unknown
from atocore.services.paging import DEFAULT_LIMIT, Page, check_limit, cursor_params, page
from atocore.services.projects import canonical_project
from atocore.services.retrieval import lucene_query
from atocore.services.transitions import ReviewRecord, reviews_for

HISTORY_LIMIT = 1000


def _as_of(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    value = checked(inputs.instant, value, "as_of")
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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


def require_key(run: Runner, project: str, key: str, types: Sequence[str] = (), *, what: str = "key") -> None:
    """A 404 unless an entity of ``types`` (any when empty) holds ``key`` in ``project``, with the nearest keys."""
    if run.run("entities.key_statuses", project=project, key=key, types=list(types)):
        return
    scope = f"in project {project!r}"
    others = run.run("entities.key_statuses", project=project, key=key, types=[]) if types else []
    if others:
        held = ", ".join(row["type"] for row in others)
        raise NotFoundError(
            f"{what} {key!r} {scope} is a {held}, not a {' or '.join(types)}.",
            kind=what,
            name=key,
            types=[row["type"] for row in others],
            suggestions=[],
        )
    keys = [row["key"] for row in run.run("entities.keys", project=project, types=list(types))]
    raise unknown(what, key, keys, scope=scope)


def resolve_ref(run: Runner, ref: str, project: str | None) -> str:
    """The entity id ``ref`` stands for: itself without a project; with one, the live entity holding it as key.

    With several live entities of one key (an active one and its candidate
    revision), the active one; keys used by several types are a 422 naming them.
    """
    if not project:
        return ref
    canonical = canonical_project(run, project)
    rows = run.run("entities.by_key", project=canonical, key=ref)
    if not rows:
        if find(run, ref) is not None:  # an id given with a project: accepted as it is
            return ref
        require_key(run, canonical, ref)  # the 404 with the closest keys
        raise NotFoundError(f"key {ref!r} in project {canonical!r} has no live (active or candidate) entity", key=ref)
    types = sorted({row["type"] for row in rows})
    if len(types) > 1:
        raise ValidationError(
            f"key {ref!r} in project {canonical!r} is used by several types ({', '.join(types)}); give the id",
            key=ref,
            types=types,
            ids=[row["id"] for row in rows],
        )
    return rows[0]["id"]


def find(run: Runner, entity_id: str) -> Entity | None:
    """The entity alone (no neighbours), or None for an unknown id: for callers whose answer is not a 404."""
    rows = run.run("entities.get", id=entity_id)
    return Entity.from_node(rows[0]["entity"]) if rows else None


def load(run: Runner, entity_id: str) -> EntityDetail:
    """One entity's detail, read on a graph or inside an open transaction; 404 for an unknown id."""
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
        return load(graph, entity_id)
    for version in history(graph, entity_id):
        if (
            version.valid_from is not None
            and version.valid_from <= moment
            and (version.valid_to is None or version.valid_to > moment)
        ):
            return load(graph, version.id)
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
    after: str | None = None,
    text: str | None = None,
) -> Page[Entity]:
    """A page of active entities matching the filters, newest update first.

    ``status`` picks another status (``candidate`` is the review queue) or
    ``all``; ``as_of`` returns the versions active at that moment instead
    (and cannot be combined with status or ``after``: it answers one page);
    ``text`` searches names, keys and text fields instead, best match first
    (one page too).
    """
    limit = check_limit(limit)
    kind = ontology.entity_type(type).name if type else None
    canonical = canonical_project(graph, project) or None
    key = optional_text(key)
    moment = _as_of(as_of)
    if moment is not None:
        if status:
            raise ValidationError("as_of returns what was active then; leave status out", field="status")
        if after:
            raise ValidationError("as_of answers one page; leave after out", field="after")
        rows = graph.run("entities.list_as_of", type=kind, project=canonical, key=key, as_of=moment, limit=limit)
        return Page([Entity.from_node(r["entity"]) for r in rows], None)
    else:
        if status and status.strip().lower() == "all":
            statuses = [s.value for s in EntityStatus]
        elif status:
            statuses = [choice(EntityStatus, status, "status").value]
        else:
            statuses = [EntityStatus.ACTIVE.value]
        terms = lucene_query(text) if text is not None else None
        if text is not None and not terms:
            raise ValidationError("text holds no word to search for", field="text")
        if terms:
            if after:
                raise ValidationError(
                    "a text search answers one page, best match first; leave after out", field="after"
                )
            rows = graph.run(
                "entities.search", query=terms, type=kind, project=canonical, statuses=statuses, limit=limit
            )
            return Page([Entity.from_node(r["entity"]) for r in rows], None)
    rows = graph.run(
        "entities.list", type=kind, project=canonical, statuses=statuses, key=key, **cursor_params(after, limit)
    )
    return page([Entity.from_node(r["entity"]) for r in rows], limit, lambda e: (e.updated_at, e.id))


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
    """The entity's review records, newest first (404 for an unknown id)."""
    load(graph, entity_id)
    return reviews_for(graph, entity_id)
