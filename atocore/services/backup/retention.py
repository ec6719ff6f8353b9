"""Retention: which backups to keep (7 daily, 4 weekly on Sundays, 6 monthly on the 1st, configurable).

A backup is kept when it is the newest valid backup of one of the last
``daily`` days that have one, of the last ``weekly`` Sundays that have one,
or of the last ``monthly`` 1sts of a month that have one (UTC dates, from the
id). The newest valid backup is always kept. Invalid backups are never
counted as a day's backup and are pruned with the rest; names that do not
parse as backup ids are never touched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel

from atocore.services.backup.manifest import INVALID, finished_backups, parse_id


class Retention(BaseModel):
    daily: int = 7
    weekly: int = 4
    monthly: int = 6


class PrunePlan(BaseModel):
    keep: dict[str, list[str]]  # id -> the rules that keep it
    delete: list[str]
    dry_run: bool


def _newest_per_day(valid: list[tuple[str, datetime]], accept: Callable[[date], bool], limit: int) -> list[str]:
    chosen: dict[date, str] = {}
    for backup_id, moment in valid:  # newest first
        day = moment.date()
        if accept(day) and day not in chosen:
            chosen[day] = backup_id
    return [chosen[day] for day in sorted(chosen, reverse=True)[:limit]]


def plan_prune(entries: list[tuple[str, bool]], policy: Retention) -> tuple[dict[str, list[str]], list[str]]:
    """(kept id -> reasons, ids to delete) for (id, valid) entries; ids that do not parse are left out."""
    dated = [(backup_id, parse_id(backup_id), ok) for backup_id, ok in entries]
    dated = [(i, m, ok) for i, m, ok in dated if m is not None]
    dated.sort(key=lambda item: (item[1], item[0]), reverse=True)
    valid = [(i, m) for i, m, ok in dated if ok and m is not None]
    keep: dict[str, list[str]] = {}
    rules: list[tuple[str, Callable[[date], bool], int]] = [
        ("daily", lambda d: True, policy.daily),
        ("weekly", lambda d: d.weekday() == 6, policy.weekly),
        ("monthly", lambda d: d.day == 1, policy.monthly),
    ]
    for name, accept, limit in rules:
        for backup_id in _newest_per_day(valid, accept, limit):
            keep.setdefault(backup_id, []).append(name)
    if valid:
        keep.setdefault(valid[0][0], []).append("newest valid")
    delete = [i for i, _, _ in dated if i not in keep]
    return keep, delete


def prune(root: Path, policy: Retention, *, dry_run: bool) -> PrunePlan:
    found = finished_backups(root)
    entries = [(backup_id, not directory.name.endswith(INVALID)) for backup_id, directory in found]
    keep, delete = plan_prune(entries, policy)
    if not dry_run:
        paths = dict(found)
        for backup_id in delete:
            shutil.rmtree(paths[backup_id], ignore_errors=True)
    return PrunePlan(keep=keep, delete=delete, dry_run=dry_run)
