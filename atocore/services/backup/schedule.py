"""Scheduled backups inside the API process (ATOCORE_BACKUP_SCHEDULE), and what /health says of them.

``HH:MM`` runs one a day at that UTC time, ``Nh`` one every N hours. One
backup at a time (a daemon thread; a manual one holding the gate makes the
scheduled one wait), each validated, then old ones pruned. The last
backup's time and status are read from the backup dir, so /health tells
the truth whether a backup came from the schedule, the CLI or a cron job.
"""

from __future__ import annotations

import logging
import re
import threading
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from atocore.errors import AtoCoreError, ConfigurationError
from atocore.services.runtime import Services

log = logging.getLogger("atocore.backup")
_DAILY = re.compile(r"^(?P<h>[01]\d|2[0-3]):(?P<m>[0-5]\d)$")
_EVERY = re.compile(r"^(?P<n>[1-9]\d*)h$")


def parse_schedule(text: str) -> timedelta | tuple[int, int] | None:
    """None (no schedule), an interval, or a daily (hour, minute) in UTC."""
    text = text.strip()
    if not text:
        return None
    if match := _DAILY.match(text):
        return int(match["h"]), int(match["m"])
    if match := _EVERY.match(text):
        return timedelta(hours=int(match["n"]))
    raise ConfigurationError(f"ATOCORE_BACKUP_SCHEDULE={text!r}: write 'HH:MM' (daily, UTC) or 'Nh' (every N hours).")


def allowed_age(text: str) -> timedelta | None:
    """How old the newest backup may be before /health warns: the schedule's period plus an hour."""
    schedule = parse_schedule(text)
    if schedule is None:
        return None
    period = schedule if isinstance(schedule, timedelta) else timedelta(days=1)
    return period + timedelta(hours=1)


def next_run(schedule: timedelta | tuple[int, int], now: datetime, last: datetime | None) -> datetime:
    if isinstance(schedule, timedelta):
        return now if last is None else max(now, last + schedule)
    hour, minute = schedule
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


class BackupStatus(BaseModel):
    schedule: str | None = None
    last_backup_id: str | None = None
    last_backup_at: datetime | None = None
    last_backup_valid: bool | None = None
    stale: bool = False
    warning: str | None = None
    last_scheduled_error: str | None = None


class Scheduler:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.schedule = parse_schedule(services.settings.backup_schedule)
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.schedule is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="atocore-backup-schedule", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        assert self.schedule is not None
        last: datetime | None = None
        while not self._stop.is_set():
            due = next_run(self.schedule, datetime.now(UTC), last)
            if self._stop.wait(max(0.0, (due - datetime.now(UTC)).total_seconds())):
                return
            self.run_once()
            last = datetime.now(UTC)

    def run_once(self) -> None:
        from atocore.services.backup.create import create_backup
        from atocore.services.backup.retention import Retention, prune

        settings = self.services.settings
        try:
            result = create_backup(
                self.services, encrypt=settings.resolved_backup_passphrase() is not None, reason="scheduled"
            )
            self.last_error = None if result.valid else f"backup {result.id} did not validate"
            policy = Retention(
                daily=settings.backup_keep_daily,
                weekly=settings.backup_keep_weekly,
                monthly=settings.backup_keep_monthly,
            )
            prune(settings.backups_root, policy, dry_run=False)
        except AtoCoreError as exc:
            self.last_error = exc.message
            log.error("scheduled backup failed: %s", exc.message)
        except Exception as exc:  # the schedule must outlive any one failure
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("scheduled backup failed")


def backup_status(services: Services, scheduler: Scheduler | None = None) -> BackupStatus:
    from atocore.services.backup.create import summarize
    from atocore.services.backup.manifest import finished_backups

    settings = services.settings
    status = BackupStatus(schedule=settings.backup_schedule or None)
    status.last_scheduled_error = scheduler.last_error if scheduler else None
    found = finished_backups(settings.backups_root)
    if found:
        summary = summarize(*found[0])
        status.last_backup_id, status.last_backup_at, status.last_backup_valid = (
            summary.id,
            summary.created_at,
            summary.valid,
        )
    limit = allowed_age(settings.backup_schedule)
    if limit is not None:
        age = datetime.now(UTC) - status.last_backup_at if status.last_backup_at else None
        if age is None or age > limit:
            status.stale = True
            status.warning = (
                "no backup yet" if age is None else f"the newest backup is {int(age.total_seconds() // 3600)} h old"
            ) + f" (schedule {settings.backup_schedule!r})"
    return status
