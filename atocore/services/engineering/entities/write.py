"""Writing entities: create (inside a transaction or its own), and edit.

A new entity is a ``candidate`` unless a person creates it ``active``.
Provenance is mandatory: at least one source_ref, each becoming an
EVIDENCED_BY link. Editing a candidate changes it in place; editing an
active entity creates a new version (``(new)-[:SUPERSEDES]->(old)``), active
at once through the ``revise`` step or a candidate revision when
``as_candidate`` (``lifecycle``). A key is unique per (project, type) among
live entities, except for a version and the candidate revisions proposed for
it; the check reads under a per-key lock (``entities.live_with_key``), so
concurrent creates of one key cannot both pass it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from atocore.errors import ConflictError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import changes, inputs
from atocore.services.common import check_confidence, checked, choice, optional_text, required_text
from atocore.services.engineering import ontology
from atocore.services.engineering.common import SourceRefs, Sources, check_sources_exist, parse_sources, slug
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.entities.read import load
from atocore.services.engineering.models import Entity, EntityDetail, Evidence
from atocore.services.engineering.ontology import EntityStatus
from atocore.services.projects import writable_project

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$")
CREATABLE = (EntityStatus.CANDIDATE, EntityStatus.ACTIVE)


def _key(kind: ontology.EntityType, key: str | None, name: str) -> str:
    if key is None or not key.strip():
        return f"{kind.key_prefix}.{slug(name)}"
    key = checked(inputs.identifier, key, "key")
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            f"key {key!r} is not valid: use letters, digits and . _ : / - (at most 200), "
            "starting with a letter or digit",
            field="key",
            value=key,
        )
    return key


def _project(run: Runner, project: str | None) -> str:
    canonical = writable_project(run, project)
    if not canonical:
        raise ValidationError("project must not be empty: every entity belongs to a project", field="project")
    return canonical


def _canonical_home(value: str | None) -> str:
    home = (value or ontology.DEFAULT_CANONICAL_HOME).strip().lower()
    if not re.match(ontology.CANONICAL_HOME_PATTERN, home):
        raise ValidationError(
            f"canonical_home {value!r} is not valid: a short lowercase name such as atocore, kb-cad or kb-fem",
            field="canonical_home",
            value=value,
        )
    return home


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


@changes.notifies
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
    name = checked(inputs.name, required_text(name, "name"), "name")
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
        lifecycle.detect(run, detail)
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


@changes.notifies
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
    current = load(graph, entity_id)
    if key is not None and key.strip() != current.key:
        raise ValidationError(
            f"the key is stable ({current.key!r}); to use another key create a new entity and supersede this one",
            field="key",
        )
    kind = ontology.entity_type(current.type)
    merged = {**current.properties, **(properties or {})}
    facts = ontology.validate_facts(kind, {k: v for k, v in merged.items() if v is not None})
    new_name = current.name if name is None else checked(inputs.name, required_text(name, "name"), "name")
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
            edited = load(tx, entity_id)
            lifecycle.detect(tx, edited)  # its facts changed: it may now contradict its slot
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
            lifecycle.detect(tx, load(tx, new_id))
        else:
            lifecycle.promote(tx, new_id, optional_text(reason) or f"revision of {entity_id}", action="revise")
        return load(tx, new_id)
