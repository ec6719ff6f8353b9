"""Relationship types: their families, the type pairs each may link, and the whitelist checks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from atocore.errors import ValidationError
from atocore.services.engineering.ontology.entity_types import ENTITY_TYPES


# -- relationships -----------------------------------------------------------
class Family(StrEnum):
    STRUCTURAL = "structural"
    INTENT = "intent"
    VALIDATION = "validation"
    PROVENANCE = "provenance"


@dataclass(frozen=True)
class RelationshipType:
    name: str
    family: Family
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    meaning: str
    managed: bool = False  # maintained by AtoCore itself; not creatable through POST /relationships

    def allows(self, source: str, target: str) -> bool:
        return source in self.sources and target in self.targets

    @property
    def pairs(self) -> str:
        return f"{'|'.join(self.sources)} -> {'|'.join(self.targets)}"


_STRUCTURE = ("Subsystem", "Component")
_DESIGN = ("Subsystem", "Component", "Interface", "Material", "Parameter")

RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    r.name: r
    for r in (
        RelationshipType(
            "CONTAINS",
            Family.STRUCTURAL,
            ("Subsystem",),
            _STRUCTURE,
            "The subsystem contains the component or sub-subsystem.",
        ),
        RelationshipType(
            "HAS_INTERFACE",
            Family.STRUCTURAL,
            _STRUCTURE,
            ("Interface",),
            "The subsystem or component has this interface.",
        ),
        RelationshipType(
            "CONNECTS",
            Family.STRUCTURAL,
            ("Interface",),
            _STRUCTURE,
            "The interface connects to this subsystem or component (the other side).",
        ),
        RelationshipType(
            "USES_MATERIAL",
            Family.STRUCTURAL,
            _STRUCTURE,
            ("Material",),
            "The component or subsystem is made of the material.",
        ),
        RelationshipType(
            "HAS_PARAMETER",
            Family.STRUCTURAL,
            ("Subsystem", "Component", "Interface", "Material", "AnalysisModel"),
            ("Parameter",),
            "The parameter belongs to the entity.",
        ),
        RelationshipType(
            "SATISFIES",
            Family.INTENT,
            _STRUCTURE,
            ("Requirement",),
            "The component or subsystem satisfies the requirement.",
        ),
        RelationshipType("CONSTRAINS", Family.INTENT, ("Constraint",), _DESIGN, "The constraint limits the entity."),
        RelationshipType(
            "AFFECTS",
            Family.INTENT,
            ("Decision",),
            _DESIGN + ("Requirement", "Constraint"),
            "The decision affects the entity.",
        ),
        RelationshipType(
            "BASED_ON",
            Family.INTENT,
            ("Decision",),
            ("Assumption", "Decision"),
            "The decision rests on the assumption or the other decision.",
        ),
        RelationshipType(
            "ADDRESSES",
            Family.INTENT,
            ("Decision",),
            ("Requirement", "Constraint"),
            "The decision addresses the requirement or constraint.",
        ),
        RelationshipType(
            "DERIVED_FROM",
            Family.INTENT,
            ("Requirement", "Constraint", "Parameter", "Fact"),
            ("Requirement", "Constraint", "Decision", "Result", "Fact"),
            "The entity was derived from the other.",
        ),
        RelationshipType(
            "ANALYZES",
            Family.VALIDATION,
            ("AnalysisModel",),
            _STRUCTURE,
            "The analysis model analyzes the subsystem or component.",
        ),
        RelationshipType(
            "PRODUCED", Family.VALIDATION, ("AnalysisModel",), ("Result",), "The analysis model produced the result."
        ),
        RelationshipType(
            "SUPPORTS",
            Family.VALIDATION,
            ("Result",),
            ("ValidationClaim",),
            "The result supports the validation claim.",
        ),
        RelationshipType(
            "VALIDATES",
            Family.VALIDATION,
            ("ValidationClaim",),
            ("Requirement",),
            "The validation claim validates the requirement.",
        ),
        RelationshipType(
            "EVIDENCED_BY",
            Family.PROVENANCE,
            tuple(ENTITY_TYPES),
            ("Chunk", "Interaction", "Artifact"),
            "Where the entity comes from; written from source_refs when the entity is created or revised.",
            managed=True,
        ),
        RelationshipType(
            "SUPERSEDES",
            Family.PROVENANCE,
            tuple(ENTITY_TYPES),
            tuple(ENTITY_TYPES),
            "The newer version replaces the older one; written by revisions and supersede.",
            managed=True,
        ),
        RelationshipType(
            "GRADUATED_TO",
            Family.PROVENANCE,
            ("Memory",),
            tuple(ENTITY_TYPES),
            "The memory was graduated into the entity; written by graduation.",
            managed=True,
        ),
    )
}

CREATABLE_RELATIONSHIPS = tuple(name for name, r in RELATIONSHIP_TYPES.items() if not r.managed)


def relationship_type(value: str | None, *, creatable: bool = False) -> RelationshipType:
    """The ontology entry named ``value`` (case-insensitive), or a 422 listing the valid types."""
    wanted = (value or "").strip().upper()
    valid = CREATABLE_RELATIONSHIPS if creatable else tuple(RELATIONSHIP_TYPES)
    kind = RELATIONSHIP_TYPES.get(wanted)
    if kind is None or kind.name not in valid:
        hint = " (it is maintained by AtoCore itself)" if kind is not None else ""
        raise ValidationError(
            f"relationship type {value!r} cannot be used here{hint}; use one of: {', '.join(valid)}",
            field="type",
            value=value,
            valid=list(valid),
        )
    return kind


def check_pair(kind: RelationshipType, source: str, target: str) -> None:
    """422 naming the allowed pairs when ``source -> target`` is not one of them."""
    if not kind.allows(source, target):
        raise ValidationError(
            f"{kind.name} cannot link {source} -> {target}; allowed: {kind.pairs}",
            field="type",
            type=kind.name,
            source_type=source,
            target_type=target,
            allowed_sources=list(kind.sources),
            allowed_targets=list(kind.targets),
        )
