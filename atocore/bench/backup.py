"""The backup benchmark: a logical backup and its restore at 100k chunks + 10k entities + 50k relationships.

Targets on a 2-core machine: backup <= 60 s; restore, until every index is
ONLINE, <= 180 s. The data is the P2 chunks (bench-p2, 384-d vectors) and
the P4 engineering project (bench-catalog); what the database already holds
is backed up too. Backups go to ATOCORE_BACKUP_DIR (default <data dir>/backups)
and the benchmark's own backup is deleted afterwards unless --keep.
"""

from __future__ import annotations

import time
from typing import Any

from atocore.bench import catalog, latency
from atocore.progress import Step
from atocore.services.backup.create import create_backup, delete_backup
from atocore.services.backup.restore import restore_backup
from atocore.services.runtime import Services


class StageClock:
    """A progress hook noting when each stage ends (the next one begins); ``spans`` in seconds per stage."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.current: str | None = None
        self.seconds: dict[str, float] = {}

    def __call__(self, step: Step) -> None:
        stage = f"{step.label} {step.stage}".strip()
        if stage != self.current:
            self.mark(stage)

    def mark(self, next_stage: str) -> None:
        """The current stage ends now; ``next_stage`` begins."""
        now = time.perf_counter()
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.last
        self.current, self.last = next_stage, now

    def spans(self) -> dict[str, float]:
        self.mark("")
        return {stage: round(s, 1) for stage, s in self.seconds.items() if stage}


def p_backup(services: Services, chunks: int, entities: int, relationships: int, keep: bool = False) -> dict[str, Any]:
    latency.fill(services, chunks, seed=7)
    catalog.fill(services, entities, relationships, seed=7)
    started = time.perf_counter()
    made = create_backup(services, reason="bench")
    backup_s = time.perf_counter() - started
    started = time.perf_counter()
    stages = StageClock(started)
    restored = restore_backup(services, made.id, confirm=True, pre_snapshot=False, progress=stages)
    stages.mark("migrations, report")
    services.graph.run_schema("graph.await_indexes", timeout_s=1800)
    stages.mark("indexes online")
    restore_s = time.perf_counter() - started
    if not keep:
        delete_backup(services, made.id)
    return {
        "nodes": made.node_count,
        "relationships": made.relationship_count,
        "backup_s": round(backup_s, 1),
        "backup_mb": round(made.bytes / 1e6, 1),
        "backup_valid": made.valid,
        "restore_s": round(restore_s, 1),
        "restore_stages_s": stages.spans(),
        "restored_integrity_ok": restored.restored_integrity_ok,
        "indexes_online": restored.indexes_online,
        "target_backup_s": 60,
        "target_restore_s": 180,
    }
