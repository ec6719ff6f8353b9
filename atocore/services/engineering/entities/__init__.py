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

``read`` reads, ``write`` creates and edits, ``lifecycle`` holds every status
step and the conflict detection the steps run. The functions a request calls
are imported here.
"""

from atocore.services.engineering.entities.lifecycle import (
    promote_entity,
    reject_entity,
    retire_entity,
    supersede_entity,
)
from atocore.services.engineering.entities.read import get_entity, history, list_entities, resolve_ref, reviews
from atocore.services.engineering.entities.write import create_entity, create_in, update_entity

__all__ = [
    "create_entity",
    "create_in",
    "get_entity",
    "history",
    "list_entities",
    "resolve_ref",
    "promote_entity",
    "reject_entity",
    "retire_entity",
    "reviews",
    "supersede_entity",
    "update_entity",
]
