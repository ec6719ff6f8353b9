"""What a restore reports, shared by the logical restore and the dump load."""

from __future__ import annotations

import time

from pydantic import BaseModel

from atocore.services.runtime import Services


class RestoreReport(BaseModel):
    backup_id: str
    pre_restore_snapshot: str | None
    nodes_restored: int
    relationships_restored: int
    restored_integrity_ok: bool
    integrity_problems: list[str] = []
    migrations_applied: list[str] = []
    indexes_online: bool
    duration_ms: int
    rollback: str


def rollback_hint(snapshot: str | None) -> str:
    if snapshot is None:
        return "No pre-restore snapshot was taken (--no-pre-snapshot): roll back from another backup."
    return f"To roll back: atocore backup restore {snapshot} --yes --no-pre-snapshot"


def finish_restore(
    services: Services,
    backup_id: str,
    snapshot: str | None,
    restored: tuple[int, int],
    problems: list[str],
    clock: float,
) -> RestoreReport:
    """Apply the migrations this AtoCore has beyond the restored graph's, check the indexes, report."""
    migrated = services.ensure_schema()
    failed = [i["name"] for i in services.graph.run("graph.indexes") if i["state"] != "ONLINE"]
    return RestoreReport(
        backup_id=backup_id,
        pre_restore_snapshot=snapshot,
        nodes_restored=restored[0],
        relationships_restored=restored[1],
        restored_integrity_ok=not problems,
        integrity_problems=problems,
        migrations_applied=migrated.applied,
        indexes_online=not failed,
        duration_ms=int((time.monotonic() - clock) * 1000),
        rollback=rollback_hint(snapshot),
    )
