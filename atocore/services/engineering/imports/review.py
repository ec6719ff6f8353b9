"""Reviewing an import as a whole: promote its candidates, or reject them all.

Both run under the project's import lease, in batches of their own
transactions, and take each entity through the same lifecycle steps as its
own review would (``entities.lifecycle``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from atocore.errors import ConflictError
from atocore.graph import Graph
from atocore.services import changes
from atocore.services.common import optional_text
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.imports.lease import Lease, batches
from atocore.services.engineering.imports.report import load


class Skipped(BaseModel):
    id: str
    type: str
    key: str
    name: str
    reason: str
    conflict_id: str | None = None


class PromoteReport(BaseModel):
    import_id: str
    promoted: int
    promoted_by_type: dict[str, int]
    skipped: list[Skipped]
    relationships: dict[str, int] = Field(description="The import's relationships by status after promotion.")


class RejectReport(BaseModel):
    import_id: str
    rejected: int
    rejected_by_type: dict[str, int]
    skipped: list[Skipped] = Field(description="Candidates whose status changed meanwhile (someone reviewed them).")
    relationships: dict[str, int] = Field(description="The import's relationships by status after rejection.")


def promote_import(graph: Graph, import_id: str, reason: str | None = None) -> PromoteReport:
    """Promote the import's candidates that are in no open conflict; say which were skipped and why.

    Runs under the project's import lease, in batches of their own
    transactions: candidates that revise nothing and hold their slot alone
    are promoted together (with their review records, and their candidate
    relationships whose other end is active); revisions and crowded slots
    take the full single-entity promotion, which refuses members of open
    conflicts and revisions whose predecessor was meanwhile replaced.
    """
    reason = optional_text(reason) or f"import {import_id} promoted"
    lease = _review_lease(graph, import_id, "promote")
    try:
        skipped: list[Skipped] = []
        simple, others = [], []
        for candidate in graph.run("imports.candidates", id=import_id):
            if candidate["open_conflicts"]:
                conflict_id = candidate["open_conflicts"][0]
                skipped.append(
                    Skipped(
                        **_summary(candidate),
                        conflict_id=conflict_id,
                        reason=f"member of open conflict {conflict_id}; "
                        f"resolve it first: POST /conflicts/{conflict_id}/resolve",
                    )
                )
            elif not candidate["revises"] and candidate["others"] == 0:
                simple.append(candidate)
            else:
                others.append(candidate)
        promoted: list[dict[str, Any]] = []
        by_id = {c["id"]: c for c in simple}
        for batch in batches([c["id"] for c in simple]):
            with lease.transaction() as tx:
                done = tx.run("imports.promote_entities", ids=batch, reason=reason)[0]["promoted"]
                tx.run("imports.settle_relationships", ids=done)
            promoted.extend(by_id[i] for i in done)
        for candidate in others:  # revisions and crowded slots take the full promotion path
            try:
                with lease.transaction() as tx:
                    lifecycle.promote(tx, candidate["id"], reason)
                promoted.append(candidate)
            except ConflictError as exc:
                skipped.append(
                    Skipped(**_summary(candidate), reason=exc.message, conflict_id=exc.detail.get("conflict_id"))
                )
        relationships = _review_relationships(graph, lease, import_id, "promote", reason)
    finally:
        lease.release()
        changes.changed(lease.project)
    return PromoteReport(
        import_id=import_id,
        promoted=len(promoted),
        promoted_by_type=dict(Counter(c["type"] for c in promoted)),
        skipped=skipped,
        relationships=relationships,
    )


def reject_import(graph: Graph, import_id: str, reason: str | None = None) -> RejectReport:
    """Reject every candidate the import still holds, and its candidate relationships.

    The whole export was wrong (the wrong file, a broken exporter): each
    candidate entity is rejected as ``POST /entities/{id}/reject`` would
    (its candidate relationships become invalid, open conflicts it was in are
    settled), each in its own transaction under the project's import lease;
    then the import's remaining candidate relationships (those between
    entities that were already active) are rejected. Active entities, and
    what a reviewer already decided, are left alone. Posting the same export
    again proposes nothing (rejected records are remembered).
    """
    reason = optional_text(reason) or f"import {import_id} rejected"
    lease = _review_lease(graph, import_id, "reject")
    try:
        rejected: list[dict[str, Any]] = []
        skipped: list[Skipped] = []
        for candidate in graph.run("imports.candidates", id=import_id):
            try:
                with lease.transaction() as tx:
                    lifecycle.reject(tx, candidate["id"], reason)
                rejected.append(candidate)
            except ConflictError as exc:
                skipped.append(Skipped(**_summary(candidate), reason=exc.message))
        relationships = _review_relationships(graph, lease, import_id, "reject", reason)
    finally:
        lease.release()
        changes.changed(lease.project)
    return RejectReport(
        import_id=import_id,
        rejected=len(rejected),
        rejected_by_type=dict(Counter(c["type"] for c in rejected)),
        skipped=skipped,
        relationships=relationships,
    )


def _review_lease(graph: Graph, import_id: str, verb: str) -> Lease:
    """The lease of the import's project, claimed for reviewing it (404 for an unknown import)."""
    lease = Lease(graph, load(graph, import_id)["import"]["project"], f"{verb} {import_id}")
    with graph.transaction() as tx:
        lease.claim(tx)
    return lease


def _review_relationships(graph: Graph, lease: Lease, import_id: str, action: str, reason: str) -> dict[str, int]:
    """Promote or reject the import's remaining candidate relationships; all of its relationships by status after."""
    lease.write("imports.review_relationships", id=import_id, action=action, reason=reason)
    return {r["status"]: r["count"] for r in graph.run("imports.relationship_counts", id=import_id)}


def _summary(candidate: dict[str, Any]) -> dict[str, Any]:
    return {k: candidate[k] for k in ("id", "type", "key", "name")}
