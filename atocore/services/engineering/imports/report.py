"""What an import reports, and reading imports back (``GET /imports``, ``GET /imports/{id}``).

The report (``ImportReport``) is the import's node (its summary counts)
plus the details ``mirror`` stored as JSON when it finished, and what became
of its entities and conflicts, read live.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from atocore.errors import NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.services.common import Timestamp
from atocore.services.engineering.export_schema import EXPORTS
from atocore.services.paging import DEFAULT_LIMIT, Page, cursor_params, page
from atocore.services.projects import canonical_project

TOOLS = tuple(EXPORTS)


class ChangedEntity(BaseModel):
    """A new version of a slot that already had one: review it."""

    id: str
    type: str
    key: str
    name: str
    path: str = Field(description="The record's JSON path in the export.")
    change: Literal["revision", "rival"] = Field(
        description="revision: revises the active version (SUPERSEDES it); rival: the slot held only candidates."
    )
    revises: str | None = Field(None, description="The active version it revises.")
    differs: list[str] = Field(description="What differs from the version compared: fact names, name, parent.")


class Problem(BaseModel):
    path: str
    message: str


class Unresolved(BaseModel):
    path: str = Field(description="The field that makes the reference.")
    reference: str
    expected: list[str] = Field(description="The entity types the reference may name.")
    message: str


class Decided(BaseModel):
    """A record equal to a version a reviewer rejected or retired: not proposed again."""

    path: str
    type: str
    key: str
    id: str
    status: str


class ConflictRef(BaseModel):
    id: str
    slot: str
    status: str
    resolution: str | None = None


class ImportSummary(BaseModel):
    records: int = Field(
        description="Entities the export states (subsystems, components, materials, parameters, models, results)."
    )
    created: int = Field(description="New candidate entities (new slots, revisions and rivals).")
    unchanged: int = Field(description="Records equal to a live version: nothing new.")
    previously_decided: int = Field(description="Records equal to a version a reviewer rejected or retired: skipped.")
    relationships_created: int
    conflicts: int = Field(description="Conflicts this import opened or joined.")
    failed: int = Field(description="Records the ontology refused.")
    unresolved: int = Field(description="References to entities that exist neither in the export nor in the project.")


class ImportRecord(BaseModel):
    import_id: str
    status: Literal["running", "complete"] = Field(
        description="running while it writes (or after its run died: post the export again to resume)."
    )
    project: str
    tool: str
    exporter: str
    exporter_version: str
    exported_at: str
    content_hash: str
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    last_seen_at: Timestamp
    times_seen: int
    summary: ImportSummary


class ImportedEntity(BaseModel):
    id: str
    type: str
    key: str
    name: str
    status: str
    open_conflicts: list[str] = Field(description="Ids of the open conflicts it is a member of.")


class ImportReport(ImportRecord):
    repeated: bool = Field(False, description="This content was imported before: nothing was done but last_seen_at.")
    created_by_type: dict[str, int] = {}
    entities_by_status: dict[str, int] = Field(
        {}, description="What became of the entities it created, by current status."
    )
    changed: list[ChangedEntity] = []
    conflicts: list[ConflictRef] = []
    failed: list[Problem] = []
    unresolved: list[Unresolved] = []
    previously_decided: list[Decided] = []
    records: list[ImportedEntity] = Field(
        [], description="GET /imports/{id} only: the entities it created, with status and open conflicts."
    )
    ignored_fields: list[str] = Field(
        [], description="Fields the export carried that the schema does not name (dropped)."
    )


def check_tool(tool: str) -> str:
    """The tool name, or a 422 naming the tools an export may come from."""
    if tool not in TOOLS:
        raise ValidationError(
            f"tool {tool!r} is not valid; use one of: {', '.join(TOOLS)}", field="tool", valid=list(TOOLS)
        )
    return tool


def to_report(row: dict[str, Any], *, repeated: bool = False) -> ImportReport:
    """The report of an ``imports.get`` row."""
    node = row["import"]
    details = json.loads(node.get("details") or "{}")
    return ImportReport(
        **_record_fields(node),
        repeated=repeated,
        entities_by_status={s["status"]: s["count"] for s in row["statuses"]},
        conflicts=sorted((ConflictRef.model_validate(c) for c in row["conflicts"]), key=lambda c: (c.slot, c.id)),
        **details,
    )


def _record_fields(node: dict[str, Any]) -> dict[str, Any]:
    summary = {name: node.get(name, 0) for name in ImportSummary.model_fields}
    return {
        "import_id": node["id"],
        "summary": summary,
        **{
            k: node[k]
            for k in (
                "status",
                "project",
                "tool",
                "exporter",
                "exporter_version",
                "exported_at",
                "content_hash",
                "created_at",
                "last_seen_at",
                "times_seen",
            )
        },
        "created_by": node.get("created_by"),
    }


def load(graph: Graph, import_id: str) -> dict[str, Any]:
    """The ``imports.get`` row of an import; 404 for an unknown id."""
    rows = graph.run("imports.get", id=import_id)
    if not rows:
        raise NotFoundError(f"no import with id {import_id!r}", id=import_id)
    return rows[0]


RECORDS_LIMIT = 10_000


def get_import(graph: Graph, import_id: str) -> ImportReport:
    """The import's report with the entities it created (status and open conflicts): what a reviewer checks."""
    report = to_report(load(graph, import_id))
    rows = graph.run("imports.records", id=import_id, limit=RECORDS_LIMIT)
    report.records = [ImportedEntity.model_validate(row) for row in rows]
    return report


def list_imports(
    graph: Graph,
    *,
    project: str | None = None,
    tool: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[ImportRecord]:
    rows = graph.run(
        "imports.list",
        project=canonical_project(graph, project) or None,
        tool=check_tool(tool) if tool else None,
        **cursor_params(after, limit),
    )
    found = [ImportRecord.model_validate(_record_fields(r["import"])) for r in rows]
    return page(found, limit, lambda i: (i.last_seen_at, i.import_id))
