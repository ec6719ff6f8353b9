"""The engineering ontology: entity types, their typed facts, relationship rules.

This package is the one source of truth for what the engineering layer may
hold. Validation (services), the generated docs (``docs/architecture/
entities/``, the table in ``engineering-model.md``) and the tests all read
these tables; nothing else lists types or allowed pairs.

Every entity node carries the label ``Entity`` plus its type label (for
example ``:Entity:Component``). Type labels and relationship types reach
Cypher only after ``entity_type()`` / ``relationship_type()`` have matched
them against these whitelists, so a caller can never inject a label.

The tables live in ``entity_types`` and ``relationship_types``; what makes two
versions of an entity the same (slot, fingerprint) in ``fingerprints``. Import
from the package: its names are the ontology's public surface.
"""

from __future__ import annotations

from atocore.services.engineering.ontology.entity_types import (
    CANONICAL_HOME_PATTERN,
    DEFAULT_CANONICAL_HOME,
    ENTITY_TYPES,
    HEADER_FIELDS,
    LIVE_STATUSES,
    AnalysisModelFacts,
    AssumptionFacts,
    ComponentFacts,
    ConstraintFacts,
    DecisionFacts,
    EntityStatus,
    EntityType,
    FactFacts,
    Facts,
    InterfaceFacts,
    MaterialFacts,
    ParameterFacts,
    RelationshipStatus,
    RequirementFacts,
    ResultFacts,
    Scalar,
    SubsystemFacts,
    ValidationClaimFacts,
    all_fact_fields,
    entity_type,
    fact_fields,
    validate_facts,
)
from atocore.services.engineering.ontology.fingerprints import FINGERPRINT_EXCLUDES, comparable, fingerprint, slot
from atocore.services.engineering.ontology.relationship_types import (
    CREATABLE_RELATIONSHIPS,
    RELATIONSHIP_TYPES,
    Family,
    RelationshipType,
    check_pair,
    relationship_type,
)

__all__ = [
    "AnalysisModelFacts",
    "AssumptionFacts",
    "CANONICAL_HOME_PATTERN",
    "CREATABLE_RELATIONSHIPS",
    "ComponentFacts",
    "ConstraintFacts",
    "DEFAULT_CANONICAL_HOME",
    "DecisionFacts",
    "ENTITY_TYPES",
    "EntityStatus",
    "EntityType",
    "FINGERPRINT_EXCLUDES",
    "FactFacts",
    "Facts",
    "Family",
    "HEADER_FIELDS",
    "InterfaceFacts",
    "LIVE_STATUSES",
    "MaterialFacts",
    "ParameterFacts",
    "RELATIONSHIP_TYPES",
    "RelationshipStatus",
    "RelationshipType",
    "RequirementFacts",
    "ResultFacts",
    "Scalar",
    "SubsystemFacts",
    "ValidationClaimFacts",
    "all_fact_fields",
    "check_pair",
    "comparable",
    "entity_type",
    "fact_fields",
    "fingerprint",
    "relationship_type",
    "slot",
    "validate_facts",
]
