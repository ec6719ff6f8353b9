"""What makes two versions of an entity the same: the conflict slot and the facts' fingerprint."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from atocore.services.engineering.ontology.entity_types import EntityType, fact_fields

# Descriptive fields that never make two versions contradict each other.
FINGERPRINT_EXCLUDES = frozenset({"description"})


def slot(project: str, type_name: str, key: str) -> str:
    """The conflict slot of an entity: for every type, project + type + key."""
    return f"{project}|{type_name}|{key}"


def comparable(value: Any) -> Any:
    """A fact value as fingerprints and imports compare it: numbers as numbers, times as ISO text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    to_native = getattr(value, "to_native", None)  # a neo4j.time value read back from the graph
    if callable(to_native):
        value = to_native()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def fingerprint(kind: EntityType, facts: dict[str, Any]) -> str:
    """A hash of the type's fact fields (numbers compared as numbers, times as ISO text)."""
    fields = {f: comparable(facts.get(f)) for f in fact_fields(kind) if f not in FINGERPRINT_EXCLUDES}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()[:32]
