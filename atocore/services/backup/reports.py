"""What a restore reports, shared by the logical restore and the dump load."""

from __future__ import annotations

from pydantic import BaseModel


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
