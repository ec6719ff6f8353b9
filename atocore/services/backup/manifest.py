"""What a backup is: its manifest, its id, and where it lives under ATOCORE_BACKUP_DIR.

A backup is a directory named by its id, the UTC time it was started
(``20260407T030000Z``, ``-2`` appended when two start in one second)::

    <backup dir>/20260407T030000Z/
        manifest.json                       written last
        nodes/<Label+Label>.jsonl.gz[.enc]  one file per set of labels
        relationships/<TYPE>.jsonl.gz[.enc] one file per relationship type
        neo4j.dump                          (kind dump only)

While it is written it is ``<id>.partial``; it gets its name only once it
validated, or ``<id>.invalid`` when it did not. Nothing else under the
backup dir is touched, and names that do not parse are left alone.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from atocore.errors import NotFoundError, ValidationError

FORMAT = "atocore-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PARTIAL, INVALID = ".partial", ".invalid"
ID_PATTERN = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?$")

Kind = Literal["logical", "dump"]


class BackupFile(BaseModel):
    path: str
    kind: Literal["nodes", "relationships", "dump"]
    labels: list[str] = []
    type: str | None = None
    count: int = 0
    bytes: int
    sha256: str


class Manifest(BaseModel):
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    id: str
    kind: Kind
    reason: str = Field(default="manual", description="manual, scheduled or pre-restore")
    created_at: datetime
    duration_ms: int = 0
    atocore_version: str
    database: str
    neo4j_version: str | None = None
    migrations: list[dict[str, str]] = Field(description="Applied schema migrations: {id, checksum}, in order.")
    embedding: dict[str, Any] = Field(description="{model, dimensions} of the embedder that wrote the vectors.")
    vectors_included: bool = True
    node_counts: dict[str, int] = Field(default_factory=dict, description="Nodes per label.")
    relationship_counts: dict[str, int] = Field(default_factory=dict, description="Relationships per type.")
    digest: str | None = Field(default=None, description="Order-free content digest of every node and relationship.")
    consistency: dict[str, Any] = Field(default_factory=dict)
    encryption: dict[str, Any] | None = None
    files: list[BackupFile] = []

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)


def new_id(root: Path, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = stamp, 1
    while any((root / f"{candidate}{suffix}").exists() for suffix in ("", PARTIAL, INVALID)):
        n += 1
        candidate = f"{stamp}-{n}"
    return candidate


def parse_id(name: str) -> datetime | None:
    """The start time a backup id names, or None for a name that is not a backup id."""
    match = ID_PATTERN.match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group("stamp"), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def write_manifest(directory: Path, manifest: Manifest) -> None:
    (directory / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"{directory.name}: no {MANIFEST} (an interrupted or foreign backup)") from None
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{directory.name}: {MANIFEST} cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"{directory.name}: {MANIFEST} is not an AtoCore backup manifest")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ValidationError(
            f"{directory.name}: backup format {version} is newer than this AtoCore reads ({FORMAT_VERSION}); "
            "restore it with the AtoCore version that wrote it (manifest atocore_version).",
            format_version=version,
            supported=FORMAT_VERSION,
        )
    try:
        return Manifest.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(f"{directory.name}: {MANIFEST} is malformed ({exc.error_count()} problems)") from None


def backup_path(root: Path, backup_id: str) -> Path:
    """The directory of a finished backup (valid, or marked invalid); NotFoundError otherwise."""
    if parse_id(backup_id) is None:
        raise ValidationError(f"{backup_id!r} is not a backup id (they read like 20260407T030000Z)")
    for name in (backup_id, backup_id + INVALID):
        if (root / name).is_dir():
            return root / name
    raise NotFoundError(f"No backup {backup_id} under {root}; `atocore backup list` shows them.", backup_id=backup_id)


def finished_backups(root: Path) -> list[tuple[str, Path]]:
    """(id, directory) of every finished backup under ``root``, newest first; other names are skipped."""
    found = []
    if root.is_dir():
        for entry in root.iterdir():
            name = entry.name.removesuffix(INVALID)
            if entry.is_dir() and not entry.name.endswith(PARTIAL) and parse_id(name) is not None:
                found.append((name, entry))
    return sorted(found, key=lambda item: (parse_id(item[0]), item[0]), reverse=True)
