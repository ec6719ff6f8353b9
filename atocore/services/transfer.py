"""Moving one project's whole knowledge between AtoCore instances, ids preserved.

An export is one gzip file of JSON lines: a header (format, version, the
project, AtoCore version, embedding model and dimensions), the nodes the
project owns (its Project node and every node whose ``project`` names it,
whatever its kind), the nodes without a project linked to them (review
records, artifacts), the relationships among all of these, and a trailer with
the counts, so a file cut short is refused. Properties use the backup codec
(temporal values, vectors as float32 base64). Lock nodes are left out (they
are recreated on demand), so are the project's names (ProjectName nodes: the
import makes them from the Project node it writes) and API tokens.

An import recognises a node already in the target by the schema's
single-property uniqueness constraints (``id`` for every AtoCore kind,
``uri`` for artifacts; ``id`` for a kind without one). A node that is there
with the same labels and properties is left alone, so importing twice
changes nothing; an owned node that is there with different content is a
clash, and clashes refuse the whole import (409, listing them) before
anything is written. A linked node without a project (an artifact another
project shares) is reused as the target holds it. ``--as NEWID`` imports
under another project id: ``project`` properties, the ``project|type|key``
slots and the Project node's id change, the Project node's aliases are
dropped (they name the original), every other id stays.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from atocore import __version__
from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.progress import Counter as Steps
from atocore.progress import Progress
from atocore.services.backup.codec import encode_properties, node_digest, split_vectors
from atocore.services.backup.files import JsonLines, read_lines
from atocore.services.backup.restore import _batches
from atocore.services.backup.scan import NAME
from atocore.services.projects import ID_PATTERN, canonical_project
from atocore.services.runtime import Services

FORMAT = "atocore-project"
FORMAT_VERSION = 1
# locks are recreated on demand; a project's names (ProjectName) are derived from its Project node
SKIP_LABELS = ["ImportLock", "EntityKeyLock", "AtoCoreRestoreKey", "ProjectName", "ApiToken"]
CONSISTENT_ATTEMPTS = 3
BATCH = 2000
SHOWN_CLASHES = 50


class ExportReport(BaseModel):
    project: str
    path: str
    bytes: int
    sha256: str
    nodes: int
    relationships: int
    node_counts: dict[str, int]
    duration_ms: int


class ImportReport(BaseModel):
    project: str
    source_project: str
    nodes_created: int = 0
    nodes_already_there: int = 0
    relationships_created: int = 0
    relationships_already_there: int = 0
    node_counts: dict[str, int] = {}
    duration_ms: int = 0


# -- export -------------------------------------------------------------------------------
def _exported_lines(graph: Graph, project: str, out: JsonLines, counts: dict[str, int]) -> tuple[int, int, bool]:
    ends: dict[str, int] = {}
    relationships = 0
    with graph.snapshot_read() as snapshot:
        for query, owned in (("transfer.owned_nodes", True), ("transfer.attached_nodes", False)):
            for element_id, labels, props in snapshot.stream(query, project=project, skip_labels=SKIP_LABELS):
                if element_id in ends:
                    continue
                ends[element_id] = len(ends)
                for label in labels:
                    counts[label] = counts.get(label, 0) + 1
                out.write({"n": ends[element_id], "l": sorted(labels), "p": encode_properties(props), "own": owned})
        for rel_type, start, end, props in snapshot.stream("transfer.relationships", project=project):
            if start in ends and end in ends:
                out.write({"r": rel_type, "s": ends[start], "e": ends[end], "p": encode_properties(props)})
                relationships += 1
        out.write({"end": {"nodes": len(ends), "relationships": relationships}})
    return len(ends), relationships, snapshot.consistent


def export_project(services: Services, name: str, path: Path) -> ExportReport:
    """Write project ``name``'s knowledge to ``path`` (a temp name, renamed once whole)."""
    graph, clock = services.graph, time.monotonic()
    project = canonical_project(graph, name)
    if not graph.run("projects.get", id=project):
        raise NotFoundError(f"No project {name!r}: `atocore project list` shows the registered ones.")
    partial = path.with_name(path.name + ".partial")
    for _ in range(CONSISTENT_ATTEMPTS):
        counts: dict[str, int] = {}
        out = JsonLines(partial, None)
        try:
            out.write(
                {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "project": project,
                    "atocore_version": __version__,
                    "exported_at": datetime.now(UTC).isoformat(),
                    "embedding": {"model": services.embedder.model_id, "dimensions": services.embedder.dimensions},
                }
            )
            with graph.write_gate.exclusive(f"export of project {project}"):
                nodes, relationships, consistent = _exported_lines(graph, project, out, counts)
            size, sha = out.close()
        except BaseException:
            out.abort()
            partial.unlink(missing_ok=True)
            raise
        if consistent:
            os.replace(partial, path)
            return ExportReport(
                project=project,
                path=str(path),
                bytes=size,
                sha256=sha,
                nodes=nodes,
                relationships=relationships,
                node_counts=dict(sorted(counts.items())),
                duration_ms=int((time.monotonic() - clock) * 1000),
            )
    partial.unlink(missing_ok=True)
    raise ConflictError(
        f"Project {project} kept changing while it was read ({CONSISTENT_ATTEMPTS} attempts): another process "
        "writes to the database. Pause that writer and retry."
    )


# -- reading an export ---------------------------------------------------------------------
def read_header(path: Path, dimensions: int) -> dict[str, Any]:
    """The export's header, checked: format, version, embedding dimensions; with the trailer's ``totals``."""
    if not path.is_file():
        raise NotFoundError(f"No export file {path}")
    with path.open("rb") as raw:
        if raw.read(2) != b"\x1f\x8b":
            raise ValidationError(f"{path.name} is not a project export (not gzip).")
    lines = read_lines(path, None)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValidationError(f"{path.name} is not a project export (no {FORMAT} header).")
    if not isinstance(header.get("version"), int) or header["version"] > FORMAT_VERSION:
        raise ValidationError(
            f"{path.name} has export format {header.get('version')}; this AtoCore ({__version__}) reads up to "
            f"{FORMAT_VERSION}: upgrade AtoCore to import it."
        )
    exported = (header.get("embedding") or {}).get("dimensions")
    if exported is not None and exported != dimensions:
        raise ValidationError(
            f"{path.name} carries {exported}-dimension vectors; this instance embeds with {dimensions}."
        )
    nodes = relationships = 0
    trailer: dict[str, Any] | None = None
    for item in lines:
        if "end" in item:
            trailer = item["end"]
        elif "n" in item:
            nodes += 1
            if not all(NAME.match(label) for label in item["l"]):
                raise ValidationError(f"{path.name}: node {item['n']} has a label that is not an identifier")
        elif "r" in item:
            relationships += 1
            if not NAME.match(item["r"]):
                raise ValidationError(f"{path.name}: relationship type {item['r']!r} is not an identifier")
    if trailer != {"nodes": nodes, "relationships": relationships}:
        raise ValidationError(f"{path.name} is incomplete (cut short or edited): its counts do not match.")
    return {**header, "totals": trailer}


def _items(path: Path, kind: str) -> Iterator[dict[str, Any]]:
    return (item for item in read_lines(path, None) if kind in item)


def _renamed(item: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """A node's labels and encoded properties under the target project id."""
    props = dict(item["p"])
    if source != target:
        if props.get("project") == source:
            props["project"] = target
        slot = props.get("slot")
        if isinstance(slot, str) and slot.startswith(source + "|"):
            props["slot"] = target + slot[len(source) :]
        if "Project" in item["l"] and props.get("id") == source:
            props.update(id=target, id_lower=target.lower(), aliases=[], aliases_lower=[])
    return props


def _key(labels: list[str], props: dict[str, Any], unique: dict[str, list[str]]) -> tuple[str, str, str] | None:
    """How the target recognises the node: (label, property, value)."""
    candidates = [(label, prop) for label in labels for prop in unique.get(label, [])]
    candidates.sort(key=lambda c: c[1] != "id")
    for label, prop in candidates:
        if isinstance(props.get(prop), str):
            return label, prop, props[prop]
    if isinstance(props.get("id"), str) and labels:
        return labels[0], "id", props["id"]
    return None


class _Plan:
    """What the import finds in the target, node by node."""

    def __init__(self) -> None:
        self.keys: dict[int, tuple[str, str, str]] = {}
        self.existing: set[int] = set()
        self.clashes: list[str] = []
        self.counts: dict[str, int] = {}


def _plan(graph: Graph, path: Path, source: str, target: str) -> _Plan:
    unique: dict[str, list[str]] = {}
    for row in graph.run("transfer.unique_keys"):
        unique.setdefault(row["label"], []).append(row["property"])
    plan = _Plan()
    for batch in _batches(_items(path, "n"), BATCH):
        wanted: dict[tuple[str, str], dict[str, tuple[int, bytes, bool]]] = {}
        for item in batch:
            props = _renamed(item, source, target)
            key = _key(item["l"], props, unique)
            if key is None:
                raise ValidationError(f"A {'+'.join(item['l'])} node has no id: it cannot be recognised on import.")
            plan.keys[item["n"]] = key
            for label in item["l"]:
                plan.counts[label] = plan.counts.get(label, 0) + 1
            wanted.setdefault(key[:2], {})[key[2]] = (item["n"], node_digest(item["l"], props), item["own"])
        for (label, prop), by_value in wanted.items():
            for row in graph.run("transfer.find", label=label, property=prop, values=list(by_value)):
                number, digest, owned = by_value[row["value"]]
                plan.existing.add(number)
                same = node_digest(row["labels"], encode_properties(row["props"])) == digest
                if owned and not same:
                    plan.clashes.append(f"{label} {row['value']}")
    return plan


def _project_name_clashes(graph: Graph, path: Path, source: str, target: str) -> list[str]:
    for item in _items(path, "n"):
        if "Project" in item["l"] and item["p"].get("id") == source:
            props = _renamed(item, source, target)
            names = [props["id"].lower(), *props.get("aliases_lower", [])]
            rows = graph.run("projects.collisions", names_lower=names, exclude_id=target)
            return [f"project {r['project_id']} already uses {', '.join(r['names'])}" for r in rows]
    raise ValidationError(f"{path.name} holds no Project node for {source}.")


def import_project(
    services: Services, path: Path, as_id: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import an export; nothing is written when a node clashes (ConflictError listing them).

    ``progress`` gets steps of the nodes and relationships written, their totals from the export's trailer.
    """
    graph, clock = services.graph, time.monotonic()
    header = read_header(path, services.embedder.dimensions)
    totals = header["totals"]
    source = str(header["project"])
    target = as_id or source
    if not re.match(ID_PATTERN, target):
        raise ValidationError(f"{target!r} is not a valid project id ({ID_PATTERN}).")
    with graph.write_gate.exclusive(f"import of project {target}"):
        clashes = _project_name_clashes(graph, path, source, target)
        plan = _plan(graph, path, source, target)
        clashes += plan.clashes
        if clashes:
            raise ConflictError(
                f"Importing {source} as {target} clashes with {len(clashes)} existing node(s) or name(s) holding "
                f"other content: {', '.join(clashes[:SHOWN_CLASHES])}{' ...' if len(clashes) > SHOWN_CLASHES else ''}"
                ". Nothing was imported; import --as another id into an instance without these ids.",
                clashes=clashes,
            )
        report = ImportReport(project=target, source_project=source, node_counts=dict(sorted(plan.counts.items())))
        graph.run_schema("backup.restore_key_index")
        try:
            steps = Steps(progress, "nodes", totals["nodes"]), Steps(progress, "relationships", totals["relationships"])
            _write(graph, path, source, target, plan, report, steps)
            graph.run("transfer.project_names", project=target)
        finally:
            graph.run_schema("backup.clear_restore_keys")
    services.reset()
    report.duration_ms = int((time.monotonic() - clock) * 1000)
    return report


def _write(
    graph: Graph, path: Path, source: str, target: str, plan: _Plan, report: ImportReport, steps: tuple[Steps, Steps]
) -> None:
    nodes, relationships = steps
    nodes.report()
    for batch in _batches(_items(path, "n"), BATCH):
        rows: list[dict[str, Any]] = []
        tags: dict[tuple[str, str], dict[str, int]] = {}
        for item in batch:
            if item["n"] in plan.existing:
                label, prop, value = plan.keys[item["n"]]
                tags.setdefault((label, prop), {})[value] = item["n"]
                continue
            props, vectors = split_vectors(_renamed(item, source, target))
            rows.append({"key": item["n"], "labels": item["l"], "props": props, "vectors": vectors})
        if rows:
            report.nodes_created += graph.run("backup.create_nodes", rows=rows)[0]["created"]
        for (label, prop), keys in tags.items():
            report.nodes_already_there += graph.run("transfer.tag", label=label, property=prop, keys=keys)[0]["tagged"]
        nodes.advance(len(batch))
    pending: dict[str, list[dict[str, Any]]] = {}
    total = 0
    relationships.report()

    def merge(rel_type: str, rows: list[dict[str, Any]]) -> None:
        report.relationships_created += graph.run("transfer.merge_relationships", type=rel_type, rows=rows)[0][
            "created"
        ]
        relationships.advance(len(rows))

    for item in _items(path, "r"):
        total += 1
        rows = pending.setdefault(item["r"], [])
        rows.append({"start": item["s"], "end": item["e"], "props": split_vectors(item["p"])[0]})
        if len(rows) >= BATCH:
            merge(item["r"], rows)
            rows.clear()
    for rel_type, rows in pending.items():
        if rows:
            merge(rel_type, rows)
    report.relationships_already_there = total - report.relationships_created
