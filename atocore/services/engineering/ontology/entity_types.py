"""Entity types: their statuses, their typed facts and the whitelist check on a type name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from atocore.errors import ValidationError
from atocore.services.inputs import Instant, Scalar, Text


class EntityStatus(StrEnum):
    CANDIDATE = "candidate"  # proposed (extraction, import, or a person); never counts
    ACTIVE = "active"  # reviewed and current; the only status queries count
    SUPERSEDED = "superseded"  # replaced by a newer version (SUPERSEDES points at it)
    INVALID = "invalid"  # rejected in review
    RETIRED = "retired"  # was true, no longer applies; leaves default queries, keeps history


class RelationshipStatus(StrEnum):
    CANDIDATE = "candidate"
    ACTIVE = "active"
    INVALID = "invalid"  # rejected


# Statuses from which an entity may still be linked, edited or reviewed.
LIVE_STATUSES = (EntityStatus.CANDIDATE, EntityStatus.ACTIVE)

CANONICAL_HOME_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"
DEFAULT_CANONICAL_HOME = "atocore"

# Header fields: every entity has them; no typed property may reuse a name.
HEADER_FIELDS = (
    "id",
    "type",
    "key",
    "name",
    "project",
    "status",
    "confidence",
    "canonical_home",
    "extractor_version",
    "created_at",
    "updated_at",
    "valid_from",
    "valid_to",
    "superseded_at",
    "retired_at",
    "lineage_id",
    "version",
    "reviewed_at",
    "review_action",
    "review_reason",
    "fingerprint",
    "orphan_provenance",
)


# -- typed properties per entity type --------------------------------------
class Facts(BaseModel):
    """Typed properties shared by every type; subclasses add their own."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    description: Text | None = Field(None, description="What it is, in a sentence or two.")


class SubsystemFacts(Facts):
    pass


class ComponentFacts(Facts):
    part_number: Text | None = Field(None, description="Drawing or part number, when one exists.")
    material: Text | None = Field(
        None,
        description="The material as the component's canonical home names it (a KB-CAD import sets it and links "
        "USES_MATERIAL to the Material of that name), so a changed material is a changed value.",
    )


class InterfaceFacts(Facts):
    interface_kind: Text | None = Field(None, description="mechanical, electrical, thermal, optical, data, ...")


class MaterialFacts(Facts):
    specification: Text | None = Field(None, description="Standard or grade, e.g. 'EN AW-6061-T6'.")


class ParameterFacts(Facts):
    value: Scalar = Field(description="The parameter's value.")
    unit: Text | None = Field(None, description="Unit of the value (SI symbol), absent for dimensionless values.")


class RequirementFacts(Facts):
    text: Text = Field(min_length=1, description="The requirement as stated.")
    priority: Text | None = Field(None, description="must, should, may, ...")
    verification_method: Text | None = Field(None, description="analysis, test, inspection or demonstration.")


class ConstraintFacts(Facts):
    text: Text = Field(min_length=1, description="The constraint as stated.")
    value: Scalar | None = Field(None, description="A limit value, when the constraint has one.")
    unit: Text | None = Field(None, description="Unit of the limit value.")


class DecisionFacts(Facts):
    statement: Text | None = Field(None, description="What was decided.")
    rationale: Text = Field(min_length=1, description="Why it was decided.")
    decided_at: Instant | None = Field(None, description="When it was decided (ISO 8601).")


class AssumptionFacts(Facts):
    text: Text = Field(min_length=1, description="The assumption as stated.")
    needs_review: bool = Field(
        False, description="True flags the assumption as doubtful; decisions resting on it surface in Q-009."
    )


class AnalysisModelFacts(Facts):
    tool: Text | None = Field(None, description="The tool that owns the model (kb-fem, a spreadsheet, ...).")
    method: Text | None = Field(None, description="FEM, hand calculation, ...")


class ResultFacts(Facts):
    value: Scalar = Field(description="The result's value.")
    unit: Text | None = Field(None, description="Unit of the value.")


class ValidationClaimFacts(Facts):
    text: Text = Field(min_length=1, description="What the claim asserts.")


class FactFacts(Facts):
    text: Text = Field(min_length=1, description="The fact, usually graduated from a memory.")


@dataclass(frozen=True)
class EntityType:
    name: str  # also the node label
    facts: type[Facts]
    purpose: str
    lifecycle: str
    queries: tuple[str, ...]  # the catalog queries (issue 6) that read this type

    @property
    def key_prefix(self) -> str:
        return self.name[0].lower() + "".join(f"-{c.lower()}" if c.isupper() else c for c in self.name[1:])


_COMMON_LIFECYCLE = (
    "Starts as a candidate unless created active by a person; promote makes it active, reject invalid. "
    "Editing an active one creates a new version that SUPERSEDES it; retire takes it out of queries "
    "while keeping its history."
)

ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        EntityType(
            "Subsystem",
            SubsystemFacts,
            "A functional part of the system that contains components and other subsystems.",
            _COMMON_LIFECYCLE + " The subsystem tree is built from CONTAINS between subsystems.",
            ("Q-001", "Q-002", "Q-003", "Q-004", "Q-005", "Q-006", "Q-007", "Q-008", "Q-016", "Q-018"),
        ),
        EntityType(
            "Component",
            ComponentFacts,
            "A physical or logical part, the unit that satisfies requirements and uses materials.",
            _COMMON_LIFECYCLE + " KB-CAD is usually its canonical home; AtoCore mirrors it.",
            ("Q-001", "Q-002", "Q-003", "Q-005", "Q-006", "Q-007", "Q-008", "Q-012", "Q-016", "Q-018"),
        ),
        EntityType(
            "Interface",
            InterfaceFacts,
            "A boundary where subsystems or components meet.",
            _COMMON_LIFECYCLE,
            ("Q-003", "Q-016"),
        ),
        EntityType(
            "Material",
            MaterialFacts,
            "A material a component is made of.",
            _COMMON_LIFECYCLE
            + " A changed material is a revision of the component's USES_MATERIAL target or of the material itself.",
            ("Q-002", "Q-012", "Q-016"),
        ),
        EntityType(
            "Parameter",
            ParameterFacts,
            "A named value with a unit (a dimension, a load, a setting).",
            _COMMON_LIFECYCLE + " Its value and unit are the facts a revision or a conflict compares.",
            ("Q-012", "Q-016"),
        ),
        EntityType(
            "Requirement",
            RequirementFacts,
            "Something the design must achieve.",
            _COMMON_LIFECYCLE + " An active requirement without an effective SATISFIES is an orphan (Q-006).",
            ("Q-005", "Q-006", "Q-018"),
        ),
        EntityType(
            "Constraint",
            ConstraintFacts,
            "A limit the design must respect, possibly with a value and unit.",
            _COMMON_LIFECYCLE + " Constraints on a subsystem are inherited by what it contains (Q-007).",
            ("Q-007",),
        ),
        EntityType(
            "Decision",
            DecisionFacts,
            "A design choice with its rationale.",
            _COMMON_LIFECYCLE + " Decisions rest on assumptions and other decisions through BASED_ON (Q-009).",
            ("Q-008", "Q-009", "Q-014"),
        ),
        EntityType(
            "Assumption",
            AssumptionFacts,
            "Something taken as true without proof.",
            _COMMON_LIFECYCLE + " needs_review = true flags it; every decision resting on it is then suspect.",
            ("Q-009",),
        ),
        EntityType(
            "AnalysisModel",
            AnalysisModelFacts,
            "An analysis (FEM model, hand calculation) of a subsystem or component.",
            _COMMON_LIFECYCLE + " KB-FEM is usually its canonical home.",
            ("Q-010", "Q-018"),
        ),
        EntityType(
            "Result",
            ResultFacts,
            "A value an analysis model produced.",
            _COMMON_LIFECYCLE + " Only an active result supports a claim, through an effective SUPPORTS (Q-011); "
            "the model that produced it is reported (Q-010), not required.",
            ("Q-010", "Q-011", "Q-018"),
        ),
        EntityType(
            "ValidationClaim",
            ValidationClaimFacts,
            "A claim that a requirement is met, to be supported by results.",
            _COMMON_LIFECYCLE + " An active claim without an effective SUPPORTS is unsupported (Q-011).",
            ("Q-010", "Q-011", "Q-018"),
        ),
        EntityType(
            "Fact",
            FactFacts,
            "Graduated knowledge: a fact that outgrew the memory layer.",
            _COMMON_LIFECYCLE + " Usually created by graduating a knowledge memory (GRADUATED_TO).",
            ("Q-017",),
        ),
    )
}


# -- whitelist check and facts ------------------------------------------------
def entity_type(value: str | None) -> EntityType:
    """The ontology entry named ``value`` (case-insensitive), or a 422 listing the valid types."""
    wanted = (value or "").strip().lower()
    for name, kind in ENTITY_TYPES.items():
        if name.lower() == wanted:
            return kind
    raise ValidationError(
        f"entity type {value!r} is not valid; use one of: {', '.join(ENTITY_TYPES)}",
        field="type",
        value=value,
        valid=list(ENTITY_TYPES),
    )


def validate_facts(kind: EntityType, properties: dict[str, Any] | None) -> dict[str, Any]:
    """The type's typed properties, checked and normalized; a 422 listing every problem."""
    try:
        facts = kind.facts.model_validate(properties or {})
    except PydanticValidationError as exc:
        problems = [f"properties.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ValidationError(
            f"{kind.name} properties are not valid: {'; '.join(problems)}",
            field="properties",
            problems=problems,
            fields=fact_fields(kind),
        ) from None
    return facts.model_dump()


def fact_fields(kind: EntityType) -> list[str]:
    return list(kind.facts.model_fields)


def all_fact_fields() -> list[str]:
    return sorted({f for kind in ENTITY_TYPES.values() for f in kind.facts.model_fields})
