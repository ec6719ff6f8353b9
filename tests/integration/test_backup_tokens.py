"""API tokens across backups and restores, on the real Neo4j: they stay as they are live.

A restore of an older backup must not lock the operator out, bring back a
revoked token, drop a token created since, nor plant a token a backup file
holds; backups hold no token hashes and are private files; a read during a
backup never waits to record its token's use.
"""

from __future__ import annotations

import json
import stat
from datetime import UTC

import pytest
from neo4j.time import DateTime

from atocore.services import api_tokens
from atocore.services.backup import tokens
from atocore.services.backup.codec import GraphDigest, encode_properties, node_digest
from atocore.services.backup.create import create_backup, validate
from atocore.services.backup.files import JsonLines
from atocore.services.backup.manifest import BackupFile
from atocore.services.backup.scan import scan_graph
from tests.conftest import admin_token, app_client, bearer

pytestmark = pytest.mark.integration


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def new_token(api, name: str, *scopes: str) -> dict[str, str]:
    return bearer(ok(api.post("/tokens", json={"name": name, "scopes": list(scopes)}), 201)["secret"])


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def content(api) -> None:
    ok(api.post("/projects/register", json={"id": "p-tokens"}), 201)
    ok(api.post("/memory", json={"memory_type": "knowledge", "content": "kept", "project": "p-tokens"}), 201)


def test_a_restore_keeps_the_tokens_as_they_are_live(api, services, content) -> None:
    old = new_token(api, "bk-before", "read")
    made = ok(api.post("/admin/backups", json={}), 201)
    directory = services.settings.backups_root / made["id"]
    manifest = json.loads((directory / "manifest.json").read_text())
    assert "ApiToken" not in manifest["node_counts"]  # a backup holds no token, no hash
    assert not list(directory.rglob("*ApiToken*"))

    ok(api.post("/tokens/bk-before/revoke"))
    newer = new_token(api, "bk-after", "read")
    report = ok(api.post(f"/admin/backups/{made['id']}/restore", json={"confirm": True, "pre_snapshot": False}))
    assert report["restored_integrity_ok"], report

    assert api.get("/projects", headers=old).status_code == 401  # revoked since: stays revoked
    assert api.get("/projects", headers=newer).status_code == 200  # created since: still there
    assert ok(api.get("/projects"))  # the admin token too
    listed = {t["name"]: t for t in ok(api.get("/tokens", params={"include_revoked": True}))["tokens"]}
    assert listed["bk-before"]["revoked_at"] and not listed["bk-after"]["revoked_at"]


def test_backups_are_private_files(services, content) -> None:
    result = create_backup(services)
    directory = services.settings.backups_root / result.id
    assert mode(services.settings.backups_root) == 0o700 and mode(directory) == 0o700
    entries = list(directory.rglob("*"))
    assert entries and all(mode(p) == (0o700 if p.is_dir() else 0o600) for p in entries)


def _plant_token(services, backup_id: str, secret: str) -> None:
    """Add an admin token to a backup and fix its manifest (a backup from before the rule, or an edited one)."""
    directory = services.settings.backups_root / backup_id
    props = encode_properties(
        {"name": "planted", "hash": api_tokens.digest(secret), "scopes": ["admin"], "created_at": DateTime.now(UTC)}
    )
    lines = JsonLines(directory / "nodes" / "ApiToken-999.jsonl.gz", None)
    lines.write({"k": 10**9, "p": props})
    size, sha = lines.close()
    manifest = json.loads((directory / "manifest.json").read_text())
    path = lines.path.relative_to(directory).as_posix()
    record = BackupFile(path=path, kind="nodes", labels=["ApiToken"], count=1, bytes=size, sha256=sha)
    manifest["files"].append(record.model_dump())
    manifest["node_counts"]["ApiToken"] = 1
    digest = GraphDigest.of(manifest["digest"])
    digest.add(node_digest(["ApiToken"], props))
    manifest["digest"] = digest.hexdigest()
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_a_token_in_a_backup_is_never_restored(api, services, graph, content) -> None:
    result = create_backup(services)
    secret = api_tokens.new_secret()
    _plant_token(services, result.id, secret)
    report = validate(services, result.id)
    assert report.valid and any("API tokens" in w for w in report.warnings), report

    before = scan_graph(graph).digest
    restored = ok(api.post(f"/admin/backups/{result.id}/restore", json={"confirm": True, "pre_snapshot": False}))
    assert restored["restored_integrity_ok"], restored  # checked against the backup without its token
    assert scan_graph(graph).digest == before
    assert api.get("/projects", headers=bearer(secret)).status_code == 401
    assert api_tokens.find_token(graph, secret) is None


def test_the_admin_token_file_is_registered_again_when_the_graph_lost_it(services, graph, content) -> None:
    settings = services.settings.model_copy(update={"token_cache_seconds": 0})
    with app_client(settings, services) as api:
        assert api.get("/projects").status_code == 200
        graph.run_schema("testing.wipe_data")  # a restore into a new database: no token at all
        assert api_tokens.find_token(graph, admin_token(settings)) is None
        assert api.get("/projects").status_code == 200  # the operator holding the file is not locked out
    assert api_tokens.find_token(graph, admin_token(settings)) is not None


def test_a_read_while_the_write_gate_is_held_does_not_wait_to_record_its_token(api, graph) -> None:
    reader = new_token(api, "bk-reader", "read")  # never used: its first request records its use
    gate = graph.write_gate
    wait, gate.wait_s = gate.wait_s, 2.0  # a write still waiting would answer 409 after this
    try:
        with gate.exclusive("a backup (test)"):
            response = api.get("/projects", headers=reader)
    finally:
        gate.wait_s = wait
    assert response.status_code == 200, response.text
    listed = {t["name"]: t for t in ok(api.get("/tokens"))["tokens"]}
    assert listed["bk-reader"]["last_used_at"] is None  # skipped while writes were paused, recorded later
    assert api.get("/projects", headers=reader).status_code == 200
    listed = {t["name"]: t for t in ok(api.get("/tokens"))["tokens"]}
    assert listed["bk-reader"]["last_used_at"] is not None


def test_a_dump_load_puts_the_live_tokens_back(api, graph) -> None:
    """What restore_dump does around `neo4j-admin database load`: the live tokens replace the dump's."""
    kept = new_token(api, "bk-live", "read")
    live = tokens.live_tokens(graph)
    # the load brings the dump's tokens: one unknown here, and the live one revoked
    planted = api_tokens.create_token(graph, "bk-from-dump", ["admin"])
    api_tokens.revoke_token(graph, "bk-live")
    assert tokens.put_back(graph, live) == len(live)
    assert tokens.live_tokens(graph) == live  # every property, dates and hashes included
    assert api_tokens.find_token(graph, planted.secret) is None
    assert api.get("/projects", headers=kept).status_code == 200
