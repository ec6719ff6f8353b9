"""Graduation: an active memory becomes a candidate engineering entity.

``POST /memory/{id}/graduate`` turns a memory that outgrew the memory layer
into a typed entity of its project: by default an ``adaptation`` memory
becomes a Decision, a ``project`` memory a Requirement, a ``knowledge``
memory a Fact (``DEFAULT_TARGETS``); ``target_type`` picks any entity type
instead (and is required for the other memory types). In one transaction:

- the memory goes ``active -> graduated`` through the ``graduate`` review
  (its lock, its 409 on any other status, its ReviewRecord),
- a **candidate** entity is created with the memory's content in the type's
  text field(s) (``content_facts``), its confidence, and its provenance:
  the interactions it was extracted from (EXTRACTED_FROM), its ``source``
  when that is an artifact URI (``note://...``), and always the artifact
  ``memory://<id>``. When ``memory://<id>`` is the only source the entity
  carries ``orphan_provenance: true`` (see ``entities.link_evidence``): the
  mandatory-provenance rule holds, and the gap stays visible.
- ``(:Memory)-[:GRADUATED_TO]->(:Entity)`` and ``memory.graduated_to``
  record where it went.

The memory stays ``graduated`` whatever happens to the entity later
(promotion, rejection, revision): it is history, and never reaches a
context pack again (those read active memories only).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from atocore.errors import ConflictError, ValidationError
from atocore.graph import Graph
from atocore.services import memories
from atocore.services.common import optional_text
from atocore.services.engineering import entities, ontology
from atocore.services.engineering.common import ARTIFACT_URI
from atocore.services.engineering.models import EntityDetail
from atocore.services.memories import Memory, MemoryStatus, MemoryType
from atocore.services.projects import canonical_project, writable_project

DEFAULT_TARGETS: dict[MemoryType, str] = {
    MemoryType.ADAPTATION: "Decision",
    MemoryType.PROJECT: "Requirement",
    MemoryType.KNOWLEDGE: "Fact",
}
# The fact fields that receive the memory's content; otherwise ``text`` when
# the type has one, else ``description``. A Decision needs a rationale: the
# lesson itself is the starting point for both (the reviewer refines them).
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {"Decision": ("statement", "rationale")}
NAME_LENGTH = 80


class Graduation(BaseModel):
    memory: Memory
    entity: EntityDetail


def choose_target(memory: Memory, requested: str | None) -> ontology.EntityType:
    """The entity type a memory graduates into: ``requested``, else its type's default; a 422 otherwise."""
    if requested is not None and requested.strip():
        return ontology.entity_type(requested)
    default = DEFAULT_TARGETS.get(memory.memory_type)
    if default is None:
        mapping = {kind.value: target for kind, target in DEFAULT_TARGETS.items()}
        raise ValidationError(
            f"a {memory.memory_type} memory has no default entity type: give target_type (one of: "
            f"{', '.join(ontology.ENTITY_TYPES)}). Defaults: "
            + ", ".join(f"{kind} -> {target}" for kind, target in mapping.items()),
            field="target_type",
            memory_type=memory.memory_type.value,
            mapping=mapping,
            valid=list(ontology.ENTITY_TYPES),
        )
    return ontology.ENTITY_TYPES[default]


def content_facts(kind: ontology.EntityType, content: str, properties: dict[str, Any] | None) -> dict[str, Any]:
    """The entity's typed facts: the memory's content in the type's text field(s), then ``properties`` over them."""
    fields = CONTENT_FIELDS.get(kind.name) or (("text",) if "text" in kind.facts.model_fields else ("description",))
    merged = {**dict.fromkeys(fields, content), **(properties or {})}
    try:
        return ontology.validate_facts(kind, {k: v for k, v in merged.items() if v is not None})
    except ValidationError as exc:
        raise ValidationError(
            f"{exc.message}. The memory's content went to {', '.join(fields)}; give the other facts in properties",
            **exc.detail,
        ) from None


def entity_name(content: str) -> str:
    """A display name from the content: its first line, cut at a word boundary to NAME_LENGTH characters."""
    first = " ".join(content.strip().splitlines()[0].split())
    if len(first) <= NAME_LENGTH:
        return first
    cut = first[: NAME_LENGTH - 1].rsplit(" ", 1)[0] or first[: NAME_LENGTH - 1]
    return cut.rstrip(" ,;:.-") + "…"


def _project(graph: Graph, memory: Memory, requested: str | None) -> str:
    """The memory's project, canonicalized; ``requested`` names it when the memory has none."""
    own = writable_project(graph, memory.project)
    asked = canonical_project(graph, requested)
    if own and asked and asked != own:
        raise ValidationError(
            f"memory {memory.id} belongs to project {own!r}; it graduates into that project, not {asked!r} "
            "(leave project out)",
            field="project",
            value=requested,
            memory_project=own,
        )
    if not (own or asked):
        raise ValidationError(
            f"memory {memory.id} is global (no project) and every entity belongs to a project: "
            'give "project" (an id or alias) in the body',
            field="project",
        )
    return own or asked


def _sources(graph: Graph, memory: Memory) -> list[dict[str, str]]:
    interactions = [row["interaction_id"] for row in graph.run("memories.sources", id=memory.id)]
    refs = [{"interaction_id": i} for i in interactions]
    source = (memory.source or "").strip()
    if ARTIFACT_URI.match(source) and not source.startswith("memory://"):
        refs.append({"artifact": source})
    return refs + [{"artifact": f"memory://{memory.id}"}]


def graduate_memory(
    graph: Graph,
    memory_id: str,
    *,
    target_type: str | None = None,
    project: str | None = None,
    name: str | None = None,
    key: str | None = None,
    properties: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Graduation:
    """Graduate an active memory into a candidate entity (see the module docstring).

    404 unknown memory; 409 when it is not active (a candidate is reviewed
    first; a graduated one names its entity) or the entity's key is taken;
    422 for a type without a default target, a bad target_type, facts the
    content cannot fill, or a global memory without ``project``.
    """
    memory = memories.get_memory(graph, memory_id)
    if memory.status != MemoryStatus.ACTIVE:
        raise memories.wrong_status(memory_id, "graduate", memory.status, memory.graduated_to)
    kind = choose_target(memory, target_type)
    facts = content_facts(kind, memory.content, properties)
    canonical = _project(graph, memory, project)
    sources = _sources(graph, memory)
    with graph.transaction() as tx:  # review, entity, link and record commit together
        current = memories.review_in(tx, memory_id, "graduate", reason)  # the reason names the entity below
        if (current.content, current.memory_type, current.project) != (
            memory.content,
            memory.memory_type,
            memory.project,
        ):
            raise ConflictError(f"memory {memory_id} was edited meanwhile; read it and graduate again", id=memory_id)
        entity = entities.create_in(
            tx,
            type=kind.name,
            name=optional_text(name) or entity_name(memory.content),
            project=canonical,
            key=key,
            properties=facts,
            source_refs=sources,
            status="candidate",
            confidence=memory.confidence,
        )
        given = optional_text(reason)
        why = f"graduated to {kind.name} {entity.id}" + (f": {given}" if given else "")
        rows = tx.run("memories.graduate", id=memory_id, entity_id=entity.id, reason=why)
    return Graduation(memory=Memory.model_validate(rows[0]["memory"]), entity=entity)
