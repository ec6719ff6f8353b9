"""Restoring a logical backup into the live database, under a running API.

In order: refuse without confirmation, refuse a backup that does not
validate or that this AtoCore cannot restore, take a pre-restore safety
snapshot (unless told not to), then, holding the write gate: delete every
node but the API tokens in batches (they stay as they are live: see
``tokens``), create the backup's nodes and relationships in UNWIND
batches (labels, types and properties as they were, float32 vectors through
``db.create.setNodeVectorProperty``), re-read the graph and compare counts
and the content digest with the manifest (``restored_integrity_ok``), apply
the migrations this AtoCore has beyond the backup's and wait for every index
to be ONLINE, and reset what the process remembers (``Services.reset``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from atocore.errors import AtoCoreError, ConflictError, ValidationError
from atocore.graph import Graph
from atocore.progress import Counter as Steps
from atocore.progress import Progress, both, labelled
from atocore.services.backup.codec import split_vectors
from atocore.services.backup.create import create_backup, passphrase_for
from atocore.services.backup.crypto import key_for
from atocore.services.backup.manifest import Manifest, backup_path, read_manifest
from atocore.services.backup.offline import restore_dump
from atocore.services.backup.reports import RestoreReport, finish_restore, rollback_hint
from atocore.services.backup.scan import logged, scan_graph
from atocore.services.backup.tokens import LeftOut, restorable
from atocore.services.backup.validate import node_items, relationship_items, validate_backup
from atocore.services.runtime import Services

NODE_BATCH = 1000
RELATIONSHIP_BATCH = 5000


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def _node_rows(directory: Path, manifest: Manifest, key: bytes | None, left_out: LeftOut) -> Iterator[dict[str, Any]]:
    for labels, item in node_items(directory, manifest, key):
        if not restorable(labels):  # an API token: the live ones stay, none is written from a backup
            left_out.add(labels, item["p"])
            continue
        props, vectors = split_vectors(item["p"])
        yield {"key": item["k"], "labels": labels, "props": props, "vectors": vectors}


def _load(
    graph: Graph, directory: Path, manifest: Manifest, key: bytes | None, left_out: LeftOut, progress: Progress
) -> tuple[int, int]:
    def total(kind: str) -> int:
        return sum(f.count for f in manifest.files if f.kind == kind)

    wiped = Steps(progress, "wipe", 1)
    wiped.report()
    graph.run_schema("backup.wipe")
    graph.run_schema("backup.restore_key_index")
    wiped.advance()
    nodes, relationships = (
        Steps(progress, "nodes", total("nodes")),
        Steps(progress, "relationships", total("relationships")),
    )
    nodes.report()
    for batch in _batches(_node_rows(directory, manifest, key, left_out), NODE_BATCH):
        nodes.advance(graph.run("backup.create_nodes", rows=batch)[0]["created"] if batch else 0)
    relationships.report()
    rows_by_type: Iterator[tuple[str, Any]] = relationship_items(directory, manifest, key)
    pending: dict[str, list[dict[str, Any]]] = {}
    for rel_type, item in rows_by_type:
        rows = pending.setdefault(rel_type, [])
        rows.append({"start": item["s"], "end": item["e"], "props": split_vectors(item["p"])[0]})
        if len(rows) >= RELATIONSHIP_BATCH:
            relationships.advance(graph.run("backup.create_relationships", type=rel_type, rows=rows)[0]["created"])
            rows.clear()
    for rel_type, rows in pending.items():
        if rows:
            relationships.advance(graph.run("backup.create_relationships", type=rel_type, rows=rows)[0]["created"])
    graph.run_schema("backup.clear_restore_keys")
    return nodes.done, relationships.done


def _integrity(graph: Graph, manifest: Manifest, left_out: LeftOut, progress: Progress) -> list[str]:
    scan = scan_graph(graph, vectors=manifest.vectors_included, progress=labelled(progress, "check"))
    node_counts, digest = left_out.expected(manifest)
    problems = []
    if dict(scan.node_counts) != node_counts:
        problems.append(f"node counts {dict(scan.node_counts)} != manifest {node_counts}")
    if dict(scan.relationship_counts) != manifest.relationship_counts:
        problems.append(
            f"relationship counts {dict(scan.relationship_counts)} != manifest {manifest.relationship_counts}"
        )
    if scan.digest != digest:
        problems.append("the restored graph's content digest differs from the backup's")
    return problems


def restore_backup(
    services: Services,
    backup_id: str,
    *,
    confirm: bool,
    pre_snapshot: bool = True,
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> RestoreReport:
    """Replace the database's content with backup ``backup_id``'s (see the module docstring).

    ``progress`` gets a step as the load goes (stages wipe, nodes,
    relationships, with their totals from the manifest); every step is also
    logged to ``atocore.backup``.
    """
    if not confirm:
        raise ValidationError(
            f"Restoring {backup_id} replaces everything in database {services.graph.database!r}: "
            'confirm with --yes (API: {"confirm": true}).'
        )
    clock = time.monotonic()
    passphrase = passphrase_for(services, passphrase)
    directory = backup_path(services.settings.backups_root, backup_id)
    report = validate_backup(directory, services.graph.catalog, services.embedder.dimensions, passphrase)
    if report.kind == "logical" and not report.content_checked and report.valid:  # a dump has no content check
        report.errors.append("its content could not be checked (encrypted: give the passphrase)")
    if report.errors or report.restore_problems:
        raise ConflictError(
            f"Backup {backup_id} cannot be restored: {'; '.join(report.errors + report.restore_problems)}",
            backup_id=backup_id,
            problems=report.errors + report.restore_problems,
        )
    manifest = read_manifest(directory)
    if manifest.kind != "logical":
        return restore_dump(services, directory, manifest, pre_snapshot=pre_snapshot, clock=clock)
    key = key_for(manifest.encryption, passphrase) if manifest.encryption else None
    snapshot = None
    if pre_snapshot:
        snap = create_backup(
            services,
            encrypt=manifest.encryption is not None,
            reason="pre-restore",
            passphrase=passphrase,
            progress=labelled(progress, "pre-restore snapshot"),
        )
        if not snap.valid:
            raise ConflictError(f"The pre-restore snapshot {snap.id} did not validate; nothing was restored.")
        snapshot = snap.id
    graph = services.graph
    try:
        with graph.write_gate.exclusive(f"restore of {backup_id}"):
            left_out = LeftOut()
            steps = both(progress, logged(f"restore of {backup_id}"))
            nodes, relationships = _load(graph, directory, manifest, key, left_out, steps)
            problems = _integrity(graph, manifest, left_out, steps)
        services.reset()
        if not manifest.vectors_included:
            graph.run_schema("graph.rebuild_vector_index")  # the next refresh re-embeds every document
        return finish_restore(services, backup_id, snapshot, (nodes, relationships), problems, clock)
    except AtoCoreError as exc:
        services.reset()
        exc.message = f"{exc.message} The restore of {backup_id} stopped part-way. {rollback_hint(snapshot)}"
        exc.args = (exc.message,)  # what str() and the logs show, not only the API's answer
        exc.detail["pre_restore_snapshot"] = snapshot
        raise
