"""Comparing an export with the project: what each record is, before anything is written.

Each record of the plan (``import_plan``) is compared with the versions of
its slot (project + type + key) that the project holds: equal to a live
version it is unchanged; equal to a version a reviewer rejected or retired it
was previously decided; otherwise it becomes a new candidate (a new slot, a
revision of the active version, or a rival of the slot's candidates). Then
the plan's links are resolved to version ids, leaving out the relationships
that exist already. Everything here only reads; ``mirror`` writes the result.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from atocore.errors import ValidationError
from atocore.graph import Graph
from atocore.services.engineering import ontology
from atocore.services.engineering.import_plan import Link, Plan, Record
from atocore.services.engineering.imports import lease
from atocore.services.engineering.imports.report import ChangedEntity, Decided, Problem, Unresolved

LIVE = ("candidate", "active")
DECIDED = ("invalid", "retired")


@dataclass(frozen=True)
class SlotMember:
    """What conflict detection reads of a version the import writes: its id and its slot."""

    id: str
    project: str
    type: str
    key: str


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


class Comparison:
    """An export's records and links compared with the project (reads only): what the import will write."""

    def __init__(self, graph: Graph, *, tool: str, project: str, import_id: str) -> None:
        self.graph, self.tool, self.project, self.import_id = graph, tool, project, import_id
        self.stand: dict[tuple[str, str], str | None] = {}  # the version each record's slot is linked through
        self.new_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.supersedes: list[dict[str, str]] = []
        self.touch_ids: list[str] = []
        self.evidence_rows: list[dict[str, str]] = []
        # (type, from id, to id) of the relationships touching the slots' versions
        self.existing: set[tuple[str, str, str]] = set()
        self.relationship_rows: dict[str, list[dict[str, Any]]] = {}
        self.to_detect: list[tuple[SlotMember, bool]] = []
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
        for batch in lease.batches(slots, lease.BATCH * 2):
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
        self.to_detect.append((SlotMember(entity_id, self.project, record.type, record.key), active is None))

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
        for batch in lease.batches(payload, lease.BATCH * 2):
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
                        f"the {type_name} record at {path} was not imported "
                        "(it failed or a reviewer decided against it)",
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
