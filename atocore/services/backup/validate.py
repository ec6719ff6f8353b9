"""Validating a backup: manifest, checksums, content, and whether this AtoCore can restore it.

``validate`` reads every file back (decrypting when the passphrase is
known), recounts nodes per label and relationships per type, checks every
relationship's ends exist, and recomputes the content digest. It never
raises for a bad backup: the report says what is wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from atocore.errors import ValidationError
from atocore.graph import Catalog
from atocore.services.backup.codec import GraphDigest, node_digest, relationship_digest
from atocore.services.backup.crypto import WrongPassphrase, key_for
from atocore.services.backup.files import file_sha256, read_lines
from atocore.services.backup.manifest import Manifest, read_manifest
from atocore.services.backup.scan import NAME


class ValidationReport(BaseModel):
    id: str
    valid: bool
    restorable: bool = False
    kind: str | None = None
    format_version: int | None = None
    encrypted: bool = False
    content_checked: bool = False
    errors: list[str] = []
    warnings: list[str] = []
    restore_problems: list[str] = []


def restore_problems(manifest: Manifest, catalog: Catalog, dimensions: int) -> list[str]:
    """Why this AtoCore cannot restore a backup (empty when it can)."""
    problems = []
    known = {m.name: m.checksum for m in catalog.migrations()}
    for migration in manifest.migrations:
        if migration["id"] not in known:
            problems.append(f"migration {migration['id']} is unknown here: the backup comes from a newer AtoCore")
        elif known[migration["id"]] != migration["checksum"]:
            problems.append(f"migration {migration['id']} differs from this AtoCore's file")
    backup_dims = manifest.embedding.get("dimensions")
    if manifest.vectors_included and manifest.node_counts.get("Chunk") and backup_dims != dimensions:
        problems.append(
            f"its vectors have {backup_dims} dimensions, the configured embedder {dimensions}: "
            "set ATOCORE_EMBEDDING_MODEL to the backup's model"
        )
    return problems


def node_items(directory: Path, manifest: Manifest, key: bytes | None) -> Iterator[tuple[list[str], Any]]:
    for record in manifest.files:
        if record.kind == "nodes":
            for item in read_lines(directory / record.path, key):
                yield record.labels, item


def relationship_items(directory: Path, manifest: Manifest, key: bytes | None) -> Iterator[tuple[str, Any]]:
    for record in manifest.files:
        if record.kind == "relationships":
            for item in read_lines(directory / record.path, key):
                yield record.type or "", item


def _check_files(directory: Path, manifest: Manifest, errors: list[str]) -> None:
    for record in manifest.files:
        path = directory / record.path
        if not path.is_file():
            errors.append(f"{record.path}: missing")
        elif path.stat().st_size != record.bytes:
            errors.append(f"{record.path}: {path.stat().st_size} bytes, the manifest says {record.bytes}")
        elif file_sha256(path) != record.sha256:
            errors.append(f"{record.path}: checksum mismatch (changed after it was written)")
        if record.kind == "nodes" and not all(NAME.match(label) for label in record.labels):
            errors.append(f"{record.path}: a label is not an identifier: {record.labels}")
        if record.kind == "relationships" and not NAME.match(record.type or ""):
            errors.append(f"{record.path}: relationship type {record.type!r} is not an identifier")


def _check_content(directory: Path, manifest: Manifest, key: bytes | None, errors: list[str]) -> None:
    digest, ends = GraphDigest(), {}
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for labels, item in node_items(directory, manifest, key):
        own = node_digest(labels, item["p"])
        digest.add(own)
        ends[item["k"]] = own
        nodes.update(labels)
    for rel_type, item in relationship_items(directory, manifest, key):
        start, end = ends.get(item["s"]), ends.get(item["e"])
        if start is None or end is None:
            errors.append(f"a {rel_type} relationship names a node the backup does not hold")
            return
        digest.add(relationship_digest(rel_type, item["p"], start, end))
        rels[rel_type] += 1
    if dict(nodes) != manifest.node_counts:
        errors.append(f"node counts differ from the manifest: {dict(nodes)} != {manifest.node_counts}")
    if dict(rels) != manifest.relationship_counts:
        errors.append("relationship counts differ from the manifest")
    if digest.hexdigest() != manifest.digest:
        errors.append("content digest differs from the manifest")


def validate_backup(
    directory: Path, catalog: Catalog, dimensions: int, passphrase: str | None, *, content: bool = True
) -> ValidationReport:
    backup_id = directory.name.split(".")[0]
    report = ValidationReport(id=backup_id, valid=False)
    try:
        manifest = read_manifest(directory)
    except ValidationError as exc:
        report.errors.append(exc.message)
        return report
    report.kind, report.format_version = manifest.kind, manifest.format_version
    report.encrypted = manifest.encryption is not None
    if manifest.id != backup_id:
        report.errors.append(f"the manifest names backup {manifest.id}, the directory {backup_id}")
    _check_files(directory, manifest, report.errors)
    if content and not report.errors and manifest.kind == "logical":
        try:
            key = key_for(manifest.encryption, passphrase) if manifest.encryption else None
            _check_content(directory, manifest, key, report.errors)
            report.content_checked = True
        except WrongPassphrase as exc:
            if passphrase:
                report.errors.append(exc.message)
            else:
                report.warnings.append("encrypted: content not checked without the passphrase (checksums are)")
        except ValidationError as exc:
            report.errors.append(exc.message)
    report.valid = not report.errors
    report.restore_problems = restore_problems(manifest, catalog, dimensions)
    report.restorable = report.valid and not report.restore_problems
    return report
