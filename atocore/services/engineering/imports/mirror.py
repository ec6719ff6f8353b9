"""Imports from KB-CAD and KB-FEM: a one-way mirror that proposes candidates.

An export (``export_schema``) is validated whole, mapped to records and links
(``import_plan``), and compared with what the project already holds, slot by
slot (project + type + key; ``compare``):

- a record equal to a live version (the facts it states, its name, its
  parent) is **unchanged**: nothing is written but ``last_seen_at``;
- a record with no version in its slot is **new**: a candidate;
- a record that differs from the slot's active version is a candidate
  **revision** of it (``SUPERSEDES``; the active one is untouched) and is
  flagged in a conflict when a fact differs;
- a record that differs from a slot holding only candidates (an earlier
  import nobody reviewed yet) is a **rival** candidate, flagged in a conflict
  with each of them: imported records are never edited in place;
- a record equal to a version a reviewer rejected or retired is **previously
  decided** and not proposed again.

Relationships from an import are candidates; they become active with their
last candidate endpoint or when the import is promoted. Nothing is promoted
by an import and nothing is written back to the tools.

The import id is derived from the tool, project and content, so posting the
same export again (a retry) finds the completed import and changes nothing
but its ``last_seen_at``. An import reads everything it compares first, then
writes in UNWIND batches, each its own transaction, under the project's
import lease (``lease``); a run that dies leaves the import ``running`` and
the next post of the same export resumes it.

Progress (``atocore.progress``) counts the export's ``records`` compared,
then the ``rows`` written, one step per batch.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from atocore.graph import Graph
from atocore.progress import Counter, Progress
from atocore.services import changes
from atocore.services.engineering import ontology
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.export_schema import Export, ignored_fields, validate_export
from atocore.services.engineering.import_plan import plan_export
from atocore.services.engineering.imports.compare import Comparison
from atocore.services.engineering.imports.lease import Lease, batches
from atocore.services.engineering.imports.report import ImportReport, check_tool, to_report
from atocore.services.projects import writable_project

_NAMESPACE = uuid.UUID("6f1c8a52-3d0e-4b8e-9a57-2b1f0c6d9e41")


def _content_hash(tool: str, project: str, export: Export) -> str:
    content = export.model_dump(mode="json", exclude={"exporter_version", "exported_at"})
    content["project"] = project
    text = json.dumps({"tool": tool, "export": content}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@changes.notifies
def run_import(graph: Graph, tool: str, data: Any, progress: Progress | None = None) -> ImportReport:
    """Validate an export and mirror it into candidates; the import's report."""
    tool = check_tool(tool)
    export = validate_export(tool, data)
    project = writable_project(graph, export.project)
    content_hash = _content_hash(tool, project, export)
    import_id = str(uuid.uuid5(_NAMESPACE, f"{tool}|{project}|{content_hash}"))
    lease = Lease(graph, project, import_id)
    with graph.transaction() as tx:
        lease.claim(tx)
        rows = tx.run("imports.get", id=import_id)
        if rows and rows[0]["import"]["status"] == "complete":
            tx.run("imports.seen", id=import_id)
            lease.release(tx)
            return to_report(tx.run("imports.get", id=import_id)[0], repeated=True)
        if not rows:
            tx.run(
                "imports.begin",
                id=import_id,
                project=project,
                tool=tool,
                exporter=export.exporter,
                exporter_version=export.exporter_version,
                exported_at=export.exported_at,
                content_hash=content_hash,
            )
    try:
        return _mirror(graph, lease, tool, export, project, import_id, progress)
    except BaseException:
        lease.release()  # the import stays "running"; posting the export again resumes it
        raise


def _mirror(
    graph: Graph, lease: Lease, tool: str, export: Export, project: str, import_id: str, progress: Progress | None
) -> ImportReport:
    plan = plan_export(tool, export, project)
    records = Counter(progress, "records", len(plan.records), project)
    records.report()
    found = Comparison(graph, tool=tool, project=project, import_id=import_id)
    found.classify(plan)  # reads first: every pattern check runs before this import's own writes
    found.link(plan.links)
    records.advance(len(plan.records))
    written = Counter(progress, "rows", _rows_to_write(found), project)
    write_entities(lease, found, f"{export.exporter} {export.exporter_version}", written)
    opened = flag_conflicts(lease, found, written)
    write_relationships(lease, found, written)
    created_by_type = {r["type"]: r["count"] for r in graph.run("imports.created_counts", id=import_id)}
    relationships = sum(r["count"] for r in graph.run("imports.relationship_counts", id=import_id))
    summary = {
        "records": len(plan.records),
        "created": sum(created_by_type.values()),
        "unchanged": found.unchanged,
        "previously_decided": len(found.decided),
        "relationships_created": relationships,
        "conflicts": len(opened),
        "failed": len(found.failed),
        "unresolved": len(found.unresolved),
    }
    details = {
        "created_by_type": created_by_type,
        "changed": [c.model_dump() for c in found.changed],
        "failed": [p.model_dump() for p in found.failed],
        "unresolved": [u.model_dump() for u in found.unresolved],
        "previously_decided": [d.model_dump() for d in found.decided],
        "ignored_fields": ignored_fields(export),
    }
    with lease.transaction() as tx:
        tx.run("imports.finish", id=import_id, summary=summary, details=json.dumps(details))
        lease.release(tx)
        return to_report(tx.run("imports.get", id=import_id)[0])


def _rows_to_write(found: Comparison) -> int:
    grouped = [*found.new_rows.values(), *found.relationship_rows.values()]
    flat = len(found.touch_ids) + len(found.evidence_rows) + len(found.supersedes) + len(found.to_detect)
    return flat + sum(len(rows) for rows in grouped)


def write_entities(lease: Lease, found: Comparison, extractor_version: str, written: Counter) -> None:
    """Touch the unchanged versions, add their new evidence, create the new ones and link their predecessors."""
    for batch in batches(found.touch_ids):
        lease.write("imports.touch", import_id=found.import_id, ids=batch)
        written.advance(len(batch))
    for batch in batches(found.evidence_rows):
        lease.write("imports.add_evidence", rows=batch)
        written.advance(len(batch))
    for type_name, rows in found.new_rows.items():
        kind = ontology.entity_type(type_name)  # the whitelist check before a label reaches Cypher
        for batch in batches(rows):
            lease.write(
                "imports.create_entities",
                import_id=found.import_id,
                project=found.project,
                tool=found.tool,
                extractor_version=extractor_version,
                type=kind.name,
                rows=batch,
            )
            written.advance(len(batch))
    for batch in batches(found.supersedes):
        lease.write("imports.link_supersedes", pairs=batch)
        written.advance(len(batch))


def flag_conflicts(lease: Lease, found: Comparison, written: Counter) -> set[str]:
    """Detect the conflicts of the new versions written into crowded slots; the conflicts opened or joined."""
    opened = set()
    for batch in batches(found.to_detect, 100):
        with lease.transaction() as tx:
            for member, rival in batch:
                conflict_id = lifecycle.detect(tx, member, against_predecessor=True, any_value=rival)
                if conflict_id:
                    opened.add(conflict_id)
        written.advance(len(batch))
    return opened


def write_relationships(lease: Lease, found: Comparison, written: Counter) -> None:
    for type_name, rows in found.relationship_rows.items():
        kind = ontology.relationship_type(type_name, creatable=True)
        for batch in batches(rows):
            lease.write(
                "imports.create_relationships", import_id=found.import_id, tool=found.tool, type=kind.name, rows=batch
            )
            written.advance(len(batch))
