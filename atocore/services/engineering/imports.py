"""Imports from KB-CAD and KB-FEM: a one-way mirror that proposes candidates.

An export (``export_schema``) is validated whole, mapped to records and links
(``import_plan``), and compared with what the project already holds, slot by
slot (project + type + key):

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
import lease; a run that dies leaves the import ``running`` and the next post
of the same export resumes it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from pydantic import BaseModel, Field

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services.common import Timestamp, optional_text
from atocore.services.engineering import ontology
from atocore.services.engineering.common import DEFAULT_LIMIT, check_limit
from atocore.services.engineering.entities import lifecycle
from atocore.services.engineering.export_schema import EXPORTS, Export, ignored_fields, validate_export
from atocore.services.engineering.import_plan import Link, Plan, Record, plan_export
from atocore.services.projects import canonical_project

TOOLS = tuple(EXPORTS)
BATCH = 2000
LEASE_S = 120  # how long an import's claim on its project holds without a write
LIVE = ("candidate", "active")
DECIDED = ("invalid", "retired")
_NAMESPACE = uuid.UUID("6f1c8a52-3d0e-4b8e-9a57-2b1f0c6d9e41")


# -- the report --------------------------------------------------------------------
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
    last_seen_at: Timestamp
    times_seen: int
    summary: ImportSummary


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
    ignored_fields: list[str] = Field(
        [], description="Fields the export carried that the schema does not name (dropped)."
    )


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


# -- helpers -----------------------------------------------------------------------
def _batches(items: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _content_hash(tool: str, project: str, export: Export) -> str:
    content = export.model_dump(mode="json", exclude={"exporter_version", "exported_at"})
    content["project"] = project
    text = json.dumps({"tool": tool, "export": content}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _tool(tool: str) -> str:
    if tool not in TOOLS:
        raise ValidationError(
            f"tool {tool!r} is not valid; use one of: {', '.join(TOOLS)}", field="tool", valid=list(TOOLS)
        )
    return tool


def _report(row: dict[str, Any], *, repeated: bool = False) -> ImportReport:
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
    }


class _SlotMember:
    """What lifecycle.detect reads of an entity."""

    def __init__(self, entity_id: str, project: str, type_name: str, key: str) -> None:
        self.id, self.project, self.type, self.key = entity_id, project, type_name, key


# -- comparing a record with a version ------------------------------------------------
def _anchor_matches(record: Record, version: dict[str, Any]) -> bool:
    if record.anchor is None:
        return True
    anchors = version.get("anchors") or []
    if record.anchor.key is None:
        return not anchors
    return not anchors or record.anchor.key in anchors


def _differs(record: Record, version: dict[str, Any]) -> list[str]:
    """What the record states differently from the version (empty: the record restates it)."""
    facts = version["facts"]
    found = [f for f, value in record.stated.items() if ontology.comparable(facts.get(f)) != ontology.comparable(value)]
    if record.compare_name and version.get("name") != record.name:
        found.append("name")
    if not _anchor_matches(record, version):
        found.append("parent" if record.anchor and record.anchor.direction == "in" else "analyzes")
    return found


class _Lease:
    """The project's import lease: one run writes at a time, in many transactions.

    An import (or a promotion) claims it first; each write batch renews it in
    the batch's own transaction. A run that died loses it after LEASE_S.
    """

    def __init__(self, graph: Graph, project: str, import_id: str) -> None:
        self.graph, self.project, self.import_id = graph, project, import_id
        self.token = str(uuid.uuid4())

    def claim(self, tx: Runner) -> None:
        row = tx.run(
            "imports.claim", project=self.project, token=self.token, import_id=self.import_id, lease_s=LEASE_S
        )[0]
        if not row["acquired"]:
            raise ConflictError(
                f"an import or promotion of project {self.project!r} is running ({row['holder_import']}); "
                "retry when it is done",
                project=self.project,
                running=row["holder_import"],
            )

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        """A write transaction that first renews the lease (a 409 if this run lost it)."""
        with self.graph.transaction() as tx:
            if not tx.run("imports.renew", project=self.project, token=self.token, lease_s=LEASE_S)[0]["renewed"]:
                raise ConflictError(
                    f"this run lost the import lease of project {self.project!r} (it went {LEASE_S} s without writing); "
                    "post the export again to resume",
                    project=self.project,
                )
            yield tx

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        with self.transaction() as tx:
            return tx.run(name, **params)

    def release(self, tx: Runner | None = None) -> None:
        (tx or self.graph).run("imports.release", project=self.project, token=self.token)


class _Importer:
    """One import: read and compare everything first, then write in batches, each its own transaction."""

    def __init__(
        self, graph: Graph, lease: _Lease, *, tool: str, project: str, import_id: str, extractor_version: str
    ) -> None:
        self.graph, self.lease, self.tool, self.project, self.import_id = graph, lease, tool, project, import_id
        self.extractor_version = extractor_version
        self.stand: dict[tuple[str, str], str | None] = {}  # the version each record's slot is linked through
        self.new_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.supersedes: list[dict[str, str]] = []
        self.touch_ids: list[str] = []
        self.evidence_rows: list[dict[str, str]] = []
        self.existing: set[tuple[str, str, str]] = (
            set()
        )  # (type, from id, to id) of relationships touching the slots' versions
        self.relationship_rows: dict[str, list[dict[str, Any]]] = {}
        self.to_detect: list[tuple[_SlotMember, bool]] = []
        self.changed: list[ChangedEntity] = []
        self.failed: list[Problem] = []
        self.unresolved: list[Unresolved] = []
        self.decided: list[Decided] = []
        self.unchanged = 0
        self.record_paths: dict[tuple[str, str], str] = {}

    # -- reading ----------------------------------------------------------------
    def _versions(self, records: list[Record]) -> dict[tuple[str, str], list[dict[str, Any]]]:
        slots = [
            {
                "type": r.type,
                "key": r.key,
                "anchor_type": r.anchor.type if r.anchor else None,
                "anchor_in": bool(r.anchor and r.anchor.direction == "in"),
            }
            for r in records
        ]
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        fields = ontology.all_fact_fields()
        for batch in _batches(slots, BATCH * 2):
            for row in self.graph.run(
                "imports.slot_versions", project=self.project, tool=self.tool, fields=fields, slots=batch
            ):
                for version in row["versions"]:
                    version["facts"] = dict(version["facts"])
                    self.existing.update(tuple(link) for link in version.pop("links"))
                found[(row["type"], row["key"])] = row["versions"]
        return found

    # -- classifying --------------------------------------------------------------
    def classify(self, plan: Plan) -> None:
        versions = self._versions(plan.records)
        for record in plan.records:
            self.record_paths[(record.type, record.key)] = record.path
            slot_versions = versions.get((record.type, record.key), [])
            live = [v for v in slot_versions if v["status"] in LIVE]
            match = live[0] if record.reference and live else next((v for v in live if not _differs(record, v)), None)
            if match is not None and match.get("import_id") == self.import_id:
                self._resumed(record, match, live)  # written by an earlier, interrupted run of this import
                continue
            if match is not None:
                self._unchanged(record, match)
                continue
            decided = next((v for v in slot_versions if v["status"] in DECIDED and not _differs(record, v)), None)
            if decided is not None:
                self.decided.append(
                    Decided(
                        path=record.path, type=record.type, key=record.key, id=decided["id"], status=decided["status"]
                    )
                )
                self.stand[(record.type, record.key)] = live[0]["id"] if live else None
                continue
            self._new_version(record, live)

    def _unchanged(self, record: Record, version: dict[str, Any]) -> None:
        self.unchanged += 1
        self.stand[(record.type, record.key)] = version["id"]
        self.touch_ids.append(version["id"])
        if record.artifact not in version["artifacts"]:
            version["artifacts"].append(record.artifact)  # once, even when several records restate it
            self.evidence_rows.append({"id": version["id"], "artifact": record.artifact})

    def _resumed(self, record: Record, version: dict[str, Any], live: list[dict[str, Any]]) -> None:
        self.stand[(record.type, record.key)] = version["id"]
        others = [v for v in live if v["id"] != version["id"]]
        if others:
            self._flag(record, version["id"], others)

    def _flag(self, record: Record, entity_id: str, others: list[dict[str, Any]]) -> None:
        """A new version in a slot that already has live ones: list it, and detect its conflicts after writing."""
        active = next((v for v in others if v["status"] == "active"), None)
        self.changed.append(
            ChangedEntity(
                id=entity_id,
                type=record.type,
                key=record.key,
                name=record.name,
                path=record.path,
                change="revision" if active else "rival",
                revises=active["id"] if active else None,
                differs=_differs(record, active or others[0]),
            )
        )
        self.to_detect.append((_SlotMember(entity_id, self.project, record.type, record.key), active is None))

    def _new_version(self, record: Record, live: list[dict[str, Any]]) -> None:
        kind = ontology.ENTITY_TYPES[record.type]
        active = next((v for v in live if v["status"] == "active"), None)
        base = {f: active["facts"].get(f) for f in ontology.fact_fields(kind)} if active else {}
        merged = {k: v for k, v in {**base, **record.stated}.items() if v is not None}
        try:
            facts = ontology.validate_facts(kind, merged)
        except ValidationError as exc:
            self.failed.append(Problem(path=record.path, message=exc.message))
            self.stand[(record.type, record.key)] = live[0]["id"] if live else None
            return
        entity_id = str(uuid.uuid4())
        self.stand[(record.type, record.key)] = entity_id
        self.new_rows[record.type].append(
            {
                "id": entity_id,
                "key": record.key,
                "name": record.name,
                "artifact": record.artifact,
                "version": (active["version"] + 1) if active else 1,
                "facts": {k: v for k, v in facts.items() if v is not None},
                "fingerprint": ontology.fingerprint(kind, facts),
            }
        )
        if active:
            self.supersedes.append({"new_id": entity_id, "old_id": active["id"]})
        if live:
            self._flag(record, entity_id, live)

    # -- linking (still reading) -------------------------------------------------------
    def _resolve_external(self, links: list[Link]) -> dict[tuple[str, str], str]:
        """(type, key) -> id of the live entity in the project that the export's outside references name."""
        refs = {
            (link.other_types, link.other_key)
            for link in links
            if not any((t, link.other_key) in self.stand for t in link.other_types)
        }
        found: dict[tuple[str, str], str] = {}
        payload = [{"key": key, "types": list(types)} for types, key in sorted(refs)]
        for batch in _batches(payload, BATCH * 2):
            for row in self.graph.run("imports.resolve_keys", project=self.project, refs=batch):
                for entity in sorted(
                    row["found"], key=lambda e: (e["status"] != "active", e["created_at"].to_native())
                ):
                    found.setdefault((entity["type"], row["key"]), entity["id"])
        return found

    def _other_end(self, link: Link, external: dict[tuple[str, str], str]) -> str | None:
        for type_name in link.other_types:
            if (type_name, link.other_key) in self.stand:
                other = self.stand[(type_name, link.other_key)]
                if other is None:
                    path = self.record_paths[(type_name, link.other_key)]
                    self._unresolved(
                        link,
                        f"the {type_name} record at {path} was not imported (it failed or a reviewer decided against it)",
                    )
                return other
        for type_name in link.other_types:
            if (type_name, link.other_key) in external:
                return external[(type_name, link.other_key)]
        types = " or ".join(link.other_types)
        self._unresolved(link, f"no {types} with key {link.other_key!r} in the export or in project {self.project!r}")
        return None

    def _unresolved(self, link: Link, message: str) -> None:
        self.unresolved.append(
            Unresolved(path=link.path, reference=link.other_key, expected=list(link.other_types), message=message)
        )

    def link(self, links: list[Link]) -> None:
        """Resolve the links to version ids and leave out the relationships that exist already (reads only)."""
        external = self._resolve_external(links)
        rows: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for link in links:
            owner = self.stand.get(link.owner)
            if owner is None:
                continue  # the owner record failed or was decided against: already reported
            other = self._other_end(link, external)
            if other is None:
                continue
            pair = (owner, other) if link.outgoing else (other, owner)
            rows[link.type].setdefault(
                pair, {"from_id": pair[0], "to_id": pair[1], "source_refs": [f"artifact:{link.artifact}"]}
            )
        self.relationship_rows = {  # every relationship touching a version of the export's slots was read with it
            type_name: [row for pair, row in by_pair.items() if (type_name, *pair) not in self.existing]
            for type_name, by_pair in rows.items()
        }

    # -- writing (after every read) ------------------------------------------------------
    def write_entities(self) -> None:
        for batch in _batches(self.touch_ids):
            self.lease.write("imports.touch", import_id=self.import_id, ids=batch)
        for batch in _batches(self.evidence_rows):
            self.lease.write("imports.add_evidence", rows=batch)
        for type_name, rows in self.new_rows.items():
            kind = ontology.entity_type(type_name)  # the whitelist check before a label reaches Cypher
            for batch in _batches(rows):
                self.lease.write(
                    "imports.create_entities",
                    import_id=self.import_id,
                    project=self.project,
                    tool=self.tool,
                    extractor_version=self.extractor_version,
                    type=kind.name,
                    rows=batch,
                )
        for batch in _batches(self.supersedes):
            self.lease.write("imports.link_supersedes", pairs=batch)

    def write_relationships(self) -> None:
        for type_name, rows in self.relationship_rows.items():
            kind = ontology.relationship_type(type_name, creatable=True)
            for batch in _batches(rows):
                self.lease.write(
                    "imports.create_relationships", import_id=self.import_id, tool=self.tool, type=kind.name, rows=batch
                )

    def flag_conflicts(self) -> set[str]:
        opened = set()
        for batch in _batches(self.to_detect, 100):
            with self.lease.transaction() as tx:
                for member, rival in batch:
                    conflict_id = lifecycle.detect(tx, member, against_predecessor=True, any_value=rival)
                    if conflict_id:
                        opened.add(conflict_id)
        return opened


# -- entry points ---------------------------------------------------------------------
def run_import(graph: Graph, tool: str, data: Any) -> ImportReport:
    """Validate an export and mirror it into candidates; the import's report."""
    tool = _tool(tool)
    export = validate_export(tool, data)
    project = canonical_project(graph, export.project)
    content_hash = _content_hash(tool, project, export)
    import_id = str(uuid.uuid5(_NAMESPACE, f"{tool}|{project}|{content_hash}"))
    lease = _Lease(graph, project, import_id)
    with graph.transaction() as tx:
        lease.claim(tx)
        rows = tx.run("imports.get", id=import_id)
        if rows and rows[0]["import"]["status"] == "complete":
            tx.run("imports.seen", id=import_id)
            lease.release(tx)
            return _report(tx.run("imports.get", id=import_id)[0], repeated=True)
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
        return _mirror(graph, lease, tool, export, project, import_id)
    except BaseException:
        lease.release()  # the import stays "running"; posting the export again resumes it
        raise


def _mirror(graph: Graph, lease: _Lease, tool: str, export: Export, project: str, import_id: str) -> ImportReport:
    plan = plan_export(tool, export, project)
    importer = _Importer(
        graph,
        lease,
        tool=tool,
        project=project,
        import_id=import_id,
        extractor_version=f"{export.exporter} {export.exporter_version}",
    )
    importer.classify(plan)  # reads first: every pattern check runs before this import's own writes
    importer.link(plan.links)
    importer.write_entities()
    opened = importer.flag_conflicts()
    importer.write_relationships()
    created_by_type = {r["type"]: r["count"] for r in graph.run("imports.created_counts", id=import_id)}
    relationships = sum(r["count"] for r in graph.run("imports.relationship_counts", id=import_id))
    summary = {
        "records": len(plan.records),
        "created": sum(created_by_type.values()),
        "unchanged": importer.unchanged,
        "previously_decided": len(importer.decided),
        "relationships_created": relationships,
        "conflicts": len(opened),
        "failed": len(importer.failed),
        "unresolved": len(importer.unresolved),
    }
    details = {
        "created_by_type": created_by_type,
        "changed": [c.model_dump() for c in importer.changed],
        "failed": [p.model_dump() for p in importer.failed],
        "unresolved": [u.model_dump() for u in importer.unresolved],
        "previously_decided": [d.model_dump() for d in importer.decided],
        "ignored_fields": ignored_fields(export),
    }
    with lease.transaction() as tx:
        tx.run("imports.finish", id=import_id, summary=summary, details=json.dumps(details))
        lease.release(tx)
        return _report(tx.run("imports.get", id=import_id)[0])


def _load(graph: Graph, import_id: str) -> dict[str, Any]:
    rows = graph.run("imports.get", id=import_id)
    if not rows:
        raise NotFoundError(f"no import with id {import_id!r}", id=import_id)
    return rows[0]


def get_import(graph: Graph, import_id: str) -> ImportReport:
    return _report(_load(graph, import_id))


def list_imports(
    graph: Graph, *, project: str | None = None, tool: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[ImportRecord]:
    rows = graph.run(
        "imports.list",
        project=canonical_project(graph, project) or None,
        tool=_tool(tool) if tool else None,
        limit=check_limit(limit),
    )
    return [ImportRecord.model_validate(_record_fields(r["import"])) for r in rows]


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
                        reason=f"member of open conflict {conflict_id}; resolve it first: POST /conflicts/{conflict_id}/resolve",
                    )
                )
            elif not candidate["revises"] and candidate["others"] == 0:
                simple.append(candidate)
            else:
                others.append(candidate)
        promoted: list[dict[str, Any]] = []
        by_id = {c["id"]: c for c in simple}
        for batch in _batches([c["id"] for c in simple]):
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
    return RejectReport(
        import_id=import_id,
        rejected=len(rejected),
        rejected_by_type=dict(Counter(c["type"] for c in rejected)),
        skipped=skipped,
        relationships=relationships,
    )


def _review_lease(graph: Graph, import_id: str, verb: str) -> _Lease:
    """The lease of the import's project, claimed for reviewing it (404 for an unknown import)."""
    lease = _Lease(graph, _load(graph, import_id)["import"]["project"], f"{verb} {import_id}")
    with graph.transaction() as tx:
        lease.claim(tx)
    return lease


def _review_relationships(graph: Graph, lease: _Lease, import_id: str, action: str, reason: str) -> dict[str, int]:
    """Promote or reject the import's remaining candidate relationships; all of its relationships by status after."""
    lease.write("imports.review_relationships", id=import_id, action=action, reason=reason)
    return {r["status"]: r["count"] for r in graph.run("imports.relationship_counts", id=import_id)}


def _summary(candidate: dict[str, Any]) -> dict[str, Any]:
    return {k: candidate[k] for k in ("id", "type", "key", "name")}
