"""The doctor's checks that judge what the API reported, on reports written out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from atocore.config import Settings
from atocore.runtime import doctor
from atocore.runtime.doctor import _Api


def health(**extra) -> dict:
    return {
        "version": "0.9.0",
        "neo4j": {"reachable": True, "uri": "bolt://127.0.0.1:7687", "server_version": "2026.08.1"},
        "embedding": {"model": "all-MiniLM-L6-v2", "dimensions": 384},
        "indexes": [
            {"name": "chunk_embedding", "type": "VECTOR", "state": "ONLINE", "dimensions": 384},
            {"name": "entity_key", "type": "RANGE", "state": "ONLINE"},
        ],
        **extra,
    }


def test_backups_absent_unknown_missing_stale_and_fresh() -> None:
    assert doctor.check_backup(_Api()).status == "skip"
    assert doctor.check_backup(_Api(health=health())).status == "skip"  # an API without backups
    none_yet = doctor.check_backup(_Api(health=health(backups={"last_backup_at": None})))
    assert none_yet.status == "warn" and "atocore backup create" in none_yet.fix
    at = (datetime.now(UTC) - timedelta(hours=30)).isoformat()
    stale = doctor.check_backup(_Api(health=health(backups={"last_backup_at": at, "stale": True, "warning": "late"})))
    assert stale.status == "warn" and "late" in stale.detail and "30 h ago" in stale.detail
    bad = doctor.check_backup(_Api(health=health(backups={"last_backup_at": at, "last_backup_valid": False})))
    assert bad.status == "fail"
    fresh = doctor.check_backup(_Api(health=health(backups={"last_backup_id": "b1", "last_backup_at": at})))
    assert fresh.status == "ok" and "b1" in fresh.detail


def test_indexes_populating_failed_and_a_model_that_does_not_match_the_vectors() -> None:
    assert doctor.check_indexes(_Api()).status == "skip"
    report = health()
    report["indexes"][1]["state"] = "POPULATING"
    assert doctor.check_indexes(_Api(health=report)).status == "warn"
    report["indexes"][1]["state"] = "FAILED"
    failed = doctor.check_indexes(_Api(health=report))
    assert failed.status == "fail" and "entity_key (FAILED)" in failed.detail
    other = health(embedding={"model": "bge-small", "dimensions": 512})
    settings = Settings(_env_file=None)
    mismatch = doctor.check_embedding(settings, _Api(health=other))
    assert mismatch.status == "fail" and "chunk_embedding (384)" in mismatch.detail


def test_a_token_the_api_refuses_is_a_failure_with_the_setting_to_fix() -> None:
    refused = doctor.check_token(_Api(health=health(), projects_status="unauthorized"))
    assert refused.status == "fail" and "ATOCORE_TOKEN" in refused.fix
    assert doctor.check_token(_Api(health=health(), projects_status="forbidden")).status == "warn"
    assert doctor.check_token(_Api(health=health(), projects_status="ok")).status == "ok"


def test_sources_missing_on_disk(tmp_path) -> None:
    listing = {
        "sources": [{"name": "notes", "path": str(tmp_path), "exists": True}],
        "projects": [{"project": "p05", "roots": [{"source": "notes", "subpath": "gone", "exists": False}]}],
    }
    assert doctor.check_sources(Settings(_env_file=None), _Api(health=health(), sources=listing)).status == "warn"
    listing["sources"].append({"name": "vault", "path": "/nowhere", "exists": False})
    missing = doctor.check_sources(Settings(_env_file=None), _Api(health=health(), sources=listing))
    assert missing.status == "fail" and "vault (/nowhere)" in missing.detail
