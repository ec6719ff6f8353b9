"""Creating and listing backups.

``create_backup`` writes a logical backup while the API keeps serving: it
holds the graph's write gate (this process's writes wait, reads go on),
reads everything in one transaction that saw one state (see ``scan``),
writes it as it reads, then validates what it wrote. Only a backup that
validated gets its name; one that did not is kept as ``<id>.invalid`` and
reported (valid: false), never raised. Any failure on the way (Neo4j gone,
disk full) removes the partial directory and raises a clear error.
"""

from __future__ import annotations

import errno
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from atocore import __version__
from atocore.errors import AtoCoreError, ConfigurationError, NotFoundError, ValidationError
from atocore.progress import Progress, both
from atocore.services.backup.crypto import new_encryption
from atocore.services.backup.files import backup_root, private_dir
from atocore.services.backup.manifest import (
    INVALID,
    PARTIAL,
    Manifest,
    backup_path,
    finished_backups,
    new_id,
    read_manifest,
    write_manifest,
)
from atocore.services.backup.scan import logged, scan_graph
from atocore.services.backup.validate import ValidationReport, validate_backup
from atocore.services.runtime import Services


class BackupSummary(BaseModel):
    id: str
    created_at: datetime | None = None
    kind: str | None = None
    reason: str | None = None
    bytes: int = 0
    encrypted: bool = False
    node_count: int = 0
    relationship_count: int = 0
    node_counts: dict[str, int] = {}
    relationship_counts: dict[str, int] = {}
    valid: bool
    problems: list[str] = []
    path: str


class BackupResult(BaseModel):
    id: str
    path: str
    kind: str
    reason: str
    valid: bool
    duration_ms: int
    bytes: int
    node_count: int
    relationship_count: int
    attempts: int = 1
    validation: ValidationReport
    note: str | None = None


def passphrase_for(services: Services, given: str | None = None) -> str | None:
    return given or services.settings.resolved_backup_passphrase()


def _server_version(services: Services) -> str | None:
    rows = services.graph.run("graph.components")
    kernel = next((c for c in rows if c["name"] == "Neo4j Kernel"), rows[0] if rows else None)
    return kernel["versions"][0] if kernel else None


def _disk_error(root: Path, exc: OSError) -> AtoCoreError:
    if exc.errno == errno.ENOSPC:
        return ConfigurationError(
            f"The backup dir {root} is full (no space left on device); nothing was kept. Free space, prune old "
            "backups (`atocore backup prune --yes`) or point ATOCORE_BACKUP_DIR elsewhere.",
            backup_dir=str(root),
        )
    return ConfigurationError(f"Cannot write the backup under {root}: {exc}; nothing was kept.", backup_dir=str(root))


def create_backup(
    services: Services,
    *,
    encrypt: bool = False,
    vectors: bool = True,
    reason: str = "manual",
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> BackupResult:
    """A logical backup of the whole database, validated."""
    root = services.settings.backups_root
    passphrase = passphrase_for(services, passphrase)
    if encrypt and not passphrase:
        raise ValidationError("--encrypt needs a passphrase: set ATOCORE_BACKUP_PASSPHRASE or _PASSPHRASE_FILE.")
    started, clock = datetime.now(UTC), time.monotonic()
    try:
        backup_root(root)
    except OSError as exc:
        raise _disk_error(root, exc) from exc
    backup_id = new_id(root, started)
    work = root / f"{backup_id}{PARTIAL}"
    key, encryption = new_encryption(passphrase) if encrypt and passphrase else (None, None)
    graph = services.graph
    try:
        private_dir(work)
        neo4j_version = _server_version(services)
        with graph.write_gate.exclusive(f"backup {backup_id}"):
            scan = scan_graph(graph, work, key, vectors=vectors, progress=both(progress, logged(f"backup {backup_id}")))
        manifest = Manifest(
            id=backup_id,
            kind="logical",
            reason=reason,
            created_at=started,
            duration_ms=int((time.monotonic() - clock) * 1000),
            atocore_version=__version__,
            database=graph.database,
            neo4j_version=neo4j_version,
            migrations=scan.migrations,
            embedding={"model": services.embedder.model_id, "dimensions": services.embedder.dimensions},
            vectors_included=vectors,
            node_counts=dict(sorted(scan.node_counts.items())),
            relationship_counts=dict(sorted(scan.relationship_counts.items())),
            digest=scan.digest,
            consistency={"method": "write gate + bookmark check", "attempts": scan.attempts},
            encryption=encryption,
            files=scan.files,
        )
        write_manifest(work, manifest)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise _disk_error(root, exc) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _finish(services, work, manifest, passphrase, clock, scan.attempts)


def _finish(
    services: Services, work: Path, manifest: Manifest, passphrase: str | None, clock: float, attempts: int = 1
) -> BackupResult:
    """Validate what was written, then give it its name (or mark it invalid): reported, never raised."""
    report = validate_backup(work, services.graph.catalog, services.embedder.dimensions, passphrase)
    final = work.parent / (manifest.id if report.valid else manifest.id + INVALID)
    work.rename(final)
    return BackupResult(
        id=manifest.id,
        path=str(final),
        kind=manifest.kind,
        reason=manifest.reason,
        valid=report.valid,
        duration_ms=int((time.monotonic() - clock) * 1000),
        bytes=manifest.total_bytes,
        node_count=sum(f.count for f in manifest.files if f.kind == "nodes"),
        relationship_count=sum(manifest.relationship_counts.values()),
        attempts=attempts,
        validation=report,
    )


def summarize(backup_id: str, directory: Path) -> BackupSummary:
    """What `backup list` shows of one backup: its manifest and a quick check (files present, sizes)."""
    try:
        manifest = read_manifest(directory)
    except ValidationError as exc:
        return BackupSummary(id=backup_id, valid=False, problems=[exc.message], path=str(directory))
    problems = [] if not directory.name.endswith(INVALID) else ["failed validation when it was written"]
    for record in manifest.files:
        path = directory / record.path
        if not path.is_file() or path.stat().st_size != record.bytes:
            problems.append(f"{record.path}: missing or resized")
    return BackupSummary(
        id=backup_id,
        created_at=manifest.created_at,
        kind=manifest.kind,
        reason=manifest.reason,
        bytes=manifest.total_bytes,
        encrypted=manifest.encryption is not None,
        node_count=sum(f.count for f in manifest.files if f.kind == "nodes"),
        relationship_count=sum(manifest.relationship_counts.values()),
        node_counts=manifest.node_counts,
        relationship_counts=manifest.relationship_counts,
        valid=not problems,
        problems=problems,
        path=str(directory),
    )


def list_backups(services: Services) -> dict[str, Any]:
    root = services.settings.backups_root
    backups = [summarize(backup_id, directory) for backup_id, directory in finished_backups(root)]
    return {"backup_dir": str(root), "backups": backups}


def validate(services: Services, backup_id: str, passphrase: str | None = None) -> ValidationReport:
    directory = backup_path(services.settings.backups_root, backup_id)
    report = validate_backup(
        directory, services.graph.catalog, services.embedder.dimensions, passphrase_for(services, passphrase)
    )
    if directory.name.endswith(INVALID):
        report.warnings.append("marked invalid when it was written")
    return report


def delete_backup(services: Services, backup_id: str) -> None:
    directory = backup_path(services.settings.backups_root, backup_id)
    if not directory.is_dir():
        raise NotFoundError(f"No backup {backup_id}")
    shutil.rmtree(directory)
