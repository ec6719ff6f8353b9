"""Retention rules with fabricated backup ids: 7 daily, 4 weekly (Sunday), 6 monthly (1st)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from atocore.services.backup.retention import Retention, plan_prune, prune


def ids_daily(days: int, end: datetime = datetime(2026, 6, 30, 3, 0, tzinfo=UTC)) -> list[str]:
    return [(end - timedelta(days=n)).strftime("%Y%m%dT%H%M%SZ") for n in range(days)]


def test_daily_keeps_the_newest_of_each_of_the_last_seven_days() -> None:
    ids = ids_daily(10)
    keep, delete = plan_prune([(i, True) for i in ids], Retention(daily=7, weekly=0, monthly=0))
    assert sorted(keep) == sorted(ids[:7]) and sorted(delete) == sorted(ids[7:])


def test_two_backups_on_one_day_keep_only_the_newer() -> None:
    keep, delete = plan_prune(
        [("20260630T030000Z", True), ("20260630T150000Z", True)], Retention(daily=7, weekly=0, monthly=0)
    )
    assert list(keep) == ["20260630T150000Z"] and delete == ["20260630T030000Z"]


def test_weekly_keeps_four_sundays() -> None:
    ids = ids_daily(60)
    keep, _ = plan_prune([(i, True) for i in ids], Retention(daily=0, weekly=4, monthly=0))
    kept = sorted(keep)
    sundays = [i for i in kept if datetime.strptime(i, "%Y%m%dT%H%M%SZ").weekday() == 6]
    assert len(sundays) == 4 and set(kept) - set(sundays) == {ids[0]}  # plus the newest valid


def test_monthly_keeps_six_firsts() -> None:
    ids = ids_daily(400)
    keep, _ = plan_prune([(i, True) for i in ids], Retention(daily=0, weekly=0, monthly=6))
    firsts = sorted((i for i in keep if i[6:8] == "01"), reverse=True)
    assert [i[:8] for i in firsts] == ["20260601", "20260501", "20260401", "20260301", "20260201", "20260101"]


def test_default_policy_counts() -> None:
    ids = ids_daily(400)
    keep, delete = plan_prune([(i, True) for i in ids], Retention())
    assert len(keep) <= 7 + 4 + 6 and len(keep) + len(delete) == 400
    assert all("daily" in keep[i] for i in ids[:7])


def test_the_newest_valid_is_never_deleted_and_invalid_ones_are_not_counted() -> None:
    entries = [("20260630T030000Z", False), ("20260101T030000Z", True)]
    keep, delete = plan_prune(entries, Retention(daily=0, weekly=0, monthly=0))
    assert keep == {"20260101T030000Z": ["newest valid"]} and delete == ["20260630T030000Z"]


def test_unparseable_names_are_left_alone(tmp_path) -> None:
    for name in ("20260630T030000Z", "20260629T030000Z", "notes", "20261340T000000Z", "20260601T030000Z.partial"):
        (tmp_path / name).mkdir()
    plan = prune(tmp_path, Retention(daily=1, weekly=0, monthly=0), dry_run=False)
    assert plan.delete == ["20260629T030000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "20260601T030000Z.partial",
        "20260630T030000Z",
        "20261340T000000Z",
        "notes",
    ]


def test_dry_run_deletes_nothing(tmp_path) -> None:
    for name in ids_daily(3):
        (tmp_path / name).mkdir()
    plan = prune(tmp_path, Retention(daily=1, weekly=0, monthly=0), dry_run=True)
    assert len(plan.delete) == 2 and len(list(tmp_path.iterdir())) == 3
