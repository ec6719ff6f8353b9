"""The shapes the engineering services return (and the API serves)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from atocore.services.common import Timestamp, native
from atocore.services.engineering.ontology import ENTITY_TYPES, fact_fields

_RELATIONSHIP_HEADER = (
    "id",
    "type",
    "from_id",
    "to_id",
    "status",
    "source_refs",
    "created_at",
    "updated_at",
    "reviewed_at",
    "review_action",
    "review_reason",
    "copied_from",
    "created_by",
)
RESERVED_RELATIONSHIP_PROPERTIES = frozenset(_RELATIONSHIP_HEADER)


class EntitySummary(BaseModel):
    id: str
    key: str | None = None
    name: str
    type: str
    status: str
    project: str | None = Field(None, exclude=True)  # known to the services (change notifications), never shown


class Entity(BaseModel):
    id: str
    type: str
    key: str
    name: str
    project: str
    status: str
    confidence: float
    canonical_home: str
    extractor_version: str | None = None
    version: int = 1
    properties: dict[str, Any] = Field(default_factory=dict, description="The type's typed facts.")
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    updated_at: Timestamp
    valid_from: Timestamp | None = Field(None, description="When this version became active.")
    valid_to: Timestamp | None = Field(None, description="When this version stopped being active.")
    superseded_at: Timestamp | None = None
    retired_at: Timestamp | None = None
    reviewed_at: Timestamp | None = None
    review_action: str | None = None
    review_reason: str | None = None
    orphan_provenance: bool = Field(
        False, description="Its only sources are memory:// artifacts (a graduated memory without a source)."
    )

    @classmethod
    def from_node(cls, node: dict[str, Any]) -> Entity:
        kind = ENTITY_TYPES[node["type"]]
        facts = {f: native(node[f]) for f in fact_fields(kind) if node.get(f) is not None}
        header = {k: v for k, v in node.items() if k in cls.model_fields}
        return cls.model_validate({**header, "properties": facts})


class Relationship(BaseModel):
    id: str
    type: str
    from_id: str
    to_id: str
    status: str
    source_refs: list[str] = []
    properties: dict[str, Any] = {}
    copied_from: str | None = Field(
        None, description="The relationship of the previous version this one was copied from."
    )
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    updated_at: Timestamp
    reviewed_at: Timestamp | None = None
    review_action: str | None = None
    review_reason: str | None = None

    @classmethod
    def from_map(cls, data: dict[str, Any]) -> Relationship:
        header = {k: v for k, v in data.items() if k in _RELATIONSHIP_HEADER}
        extra = {k: native(v) for k, v in data.items() if k not in _RELATIONSHIP_HEADER}
        return cls.model_validate({**header, "properties": extra})


class RelationshipView(BaseModel):
    """A relationship as seen from one entity."""

    direction: str  # out | in
    relationship: Relationship
    other: EntitySummary
    effective: bool = Field(description="Active, and both endpoints active: only then does it count.")


class Evidence(BaseModel):
    kind: str  # chunk | interaction | artifact
    id: str | None = None
    uri: str | None = None
    source_file: str | None = None
    heading_path: Any = None
    document_id: str | None = None


class EntityDetail(Entity):
    relationships: list[RelationshipView] = []
    evidence: list[Evidence] = []
    supersedes: list[str] = []
    superseded_by: list[str] = []


class EntityVersion(Entity):
    supersedes: list[str] = []
    superseded_by: list[str] = []


class RelationshipDetail(Relationship):
    source: EntitySummary
    target: EntitySummary
    effective: bool


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class Conflict(BaseModel):
    """Contradicting live versions of one slot (project + type + key), waiting for a decision or decided."""

    id: str
    project: str
    slot: str
    status: ConflictStatus
    detected_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    resolved_at: Timestamp | None = None
    resolution: str | None = None
    winner_id: str | None = None
    note: str | None = None
    members: list[Entity] = []
