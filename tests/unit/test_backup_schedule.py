"""The backup schedule and what /health says of backups, with fabricated backups under any mounted path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from atocore.config import Settings
from atocore.errors import ConfigurationError
from atocore.services.backup.manifest import INVALID, Manifest, new_id, write_manifest
from atocore.services.backup.schedule import allowed_age, backup_status, next_run, parse_schedule
from atocore.services.runtime import Services


def services_for(tmp_path: Path, schedule: str = "") -> Services:
    # ATOCORE_BACKUP_DIR may be any mounted path: here one outside the data dir
    settings = Settings(
        _env_file=None, data_dir=tmp_path / "data", backup_dir=tmp_path / "mnt" / "nas", backup_schedule=schedule
    )
    return Services(settings)


def fabricate(root: Path, at: datetime, valid: bool = True) -> str:
    root.mkdir(parents=True, exist_ok=True)
    backup_id = new_id(root, at)
    directory = root / (backup_id if valid else backup_id + INVALID)
    directory.mkdir()
    manifest = Manifest(
        id=backup_id,
        kind="logical",
        created_at=at,
        atocore_version="test",
        database="neo4j",
        migrations=[],
        embedding={"model": "m", "dimensions": 384},
    )
    write_manifest(directory, manifest)
    return backup_id


def test_schedules_parse_and_bad_ones_are_named() -> None:
    assert parse_schedule("") is None
    assert parse_schedule("03:00") == (3, 0)
    assert parse_schedule("6h") == timedelta(hours=6)
    for bad in ("3am", "24:00", "0h", "daily"):
        with pytest.raises(ConfigurationError, match="ATOCORE_BACKUP_SCHEDULE"):
            parse_schedule(bad)
    assert allowed_age("03:00") == timedelta(hours=25) and allowed_age("6h") == timedelta(hours=7)


def test_next_run_daily_and_every_n_hours() -> None:
    now = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
    assert next_run((3, 0), now, None) == datetime(2026, 6, 2, 3, 0, tzinfo=UTC)
    assert next_run((5, 30), now, None) == datetime(2026, 6, 1, 5, 30, tzinfo=UTC)
    assert next_run(timedelta(hours=6), now, None) == now
    assert next_run(timedelta(hours=6), now, now - timedelta(hours=1)) == now + timedelta(hours=5)


def test_health_reports_the_newest_backup_and_warns_when_the_schedule_is_late(tmp_path) -> None:
    services = services_for(tmp_path, "03:00")
    status = backup_status(services)
    assert status.stale and "no backup yet" in (status.warning or "")

    root = services.settings.backups_root
    assert root == tmp_path / "mnt" / "nas"
    old = fabricate(root, datetime.now(UTC) - timedelta(hours=30))
    status = backup_status(services)
    assert status.last_backup_id == old and status.last_backup_valid and status.stale
    assert "30 h old" in (status.warning or "")

    fresh = fabricate(root, datetime.now(UTC) - timedelta(hours=1))
    status = backup_status(services)
    assert status.last_backup_id == fresh and not status.stale and status.warning is None


def test_without_a_schedule_nothing_is_stale_and_an_invalid_newest_is_reported(tmp_path) -> None:
    services = services_for(tmp_path)
    fabricate(services.settings.backups_root, datetime.now(UTC) - timedelta(days=40))
    broken = fabricate(services.settings.backups_root, datetime.now(UTC) - timedelta(days=1), valid=False)
    status = backup_status(services)
    assert not status.stale and status.schedule is None
    assert status.last_backup_id == broken and status.last_backup_valid is False
