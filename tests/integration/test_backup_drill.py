"""The backup drill on the real Neo4j: every kind of node, back up, change and delete, restore, identical.

The graph is the catalog test project (entities of every type, imports,
conflicts, reviews, documents and chunks with vectors, an interaction) plus
trusted state with history, memories with a review record, and a node kind
no migration names. After the restore the graph's content digest (ids,
properties, labels, relationships, vectors) equals the backup's, a search
and a catalog query answer as before, and /health is 200. Also: restore
under the running API, writes during a backup, and the bad inputs.
"""

from __future__ import annotations

import errno
import json
import shutil
import threading

import pytest

from atocore.graph import Graph
from atocore.progress import Step
from atocore.services.backup import files
from atocore.services.backup.create import create_backup, list_backups, validate
from atocore.services.backup.manifest import PARTIAL
from atocore.services.backup.restore import restore_backup
from atocore.services.backup.scan import scan_graph
from tests.conftest import live_http
from tests.integration.test_catalog_queries import P, world  # noqa: F401  (the fixture project)

pytestmark = pytest.mark.integration
PASSPHRASE = "correct horse battery staple"


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(scope="module")
def drill_world(api, graph, world) -> dict:  # noqa: F811
    ok(api.post("/project/state", json={"project": P, "category": "status", "key": "phase", "value": "design"}), 201)
    ok(api.post("/project/state", json={"project": P, "category": "status", "key": "phase", "value": "build"}), 201)
    memory = ok(api.post("/memory", json={"memory_type": "knowledge", "content": "pads are PTFE", "project": P}), 201)
    ok(api.put(f"/memory/{memory['id']}", json={"status": "active", "reason": "checked"}))
    graph.run("testing.future_kind", id="future-1")
    return {"memory": memory}


def answers(api) -> dict:
    query = ok(api.post("/query", json={"prompt": "lateral pads carry the lateral load", "project": P, "top_k": 3}))
    catalog = ok(api.post("/queries/Q-006", json={"params": {"project": P}}))
    state = ok(api.get(f"/project/state/{P}"))
    return {"hits": [h["chunk_id"] for h in query["hits"]], "q006": catalog["rows"], "state": state}


def test_drill_backup_change_restore_is_identical(api, graph, services, drill_world) -> None:
    before = scan_graph(graph)
    assert before.node_counts["FutureKind"] == 1 and before.relationship_counts["FUTURE_LINK"] >= 1
    assert {"Chunk", "Document", "Entity", "Import", "Conflict", "ReviewRecord", "StateEntry", "Memory"} <= set(
        before.node_counts
    )
    expected = answers(api)
    made = ok(api.post("/admin/backups", json={}), 201)
    assert made["valid"] and made["validation"]["content_checked"], made
    manifest = json.loads((services.settings.backups_root / made["id"] / "manifest.json").read_text())
    assert manifest["digest"] == before.digest and manifest["embedding"]["dimensions"] == 384
    assert [m["id"] for m in manifest["migrations"]] == [m.name for m in graph.catalog.migrations()]

    # change and delete: new state, a rejected memory, a new one, and every document gone from the notes
    ok(api.post("/project/state", json={"project": P, "category": "status", "key": "phase", "value": "test"}), 201)
    ok(api.put(f"/memory/{drill_world['memory']['id']}", json={"status": "invalid", "reason": "drill"}))
    ok(api.post("/memory", json={"memory_type": "knowledge", "content": "drill marker", "project": P}), 201)
    ok(api.put(f"/projects/{P}", json={"ingest_roots": []}))
    graph.run_schema("testing.wipe_data")  # and worse: everything but the migrations
    assert scan_graph(graph).digest != before.digest

    services.chunk_counts(P)  # something cached, which the restore must forget
    refused = api.post(f"/admin/backups/{made['id']}/restore", json={})
    assert refused.status_code == 422 and "--yes" in refused.json()["message"]
    report = ok(api.post(f"/admin/backups/{made['id']}/restore", json={"confirm": True}))
    assert report["restored_integrity_ok"] and report["indexes_online"], report
    assert report["pre_restore_snapshot"] and "--no-pre-snapshot" in report["rollback"]
    assert not services._chunk_counts

    after = scan_graph(graph)
    assert (after.digest, after.node_counts, after.relationship_counts) == (
        before.digest,
        before.node_counts,
        before.relationship_counts,
    )
    assert answers(api) == expected
    assert ok(api.get("/health"))["status"] == "ok"
    listed = {b["id"]: b for b in ok(api.get("/admin/backups"))["backups"]}
    assert listed[report["pre_restore_snapshot"]]["reason"] == "pre-restore" and listed[made["id"]]["valid"]


def test_restore_under_a_live_api_next_request_sees_the_restored_data(live_api, services, drill_world) -> None:
    backup = live_http.post(f"{live_api}/admin/backups", json={}, timeout=300).json()
    marker = {"memory_type": "knowledge", "content": "written after the backup", "project": P}
    marker_id = live_http.post(f"{live_api}/memory", json=marker).json()["id"]
    report = live_http.post(
        f"{live_api}/admin/backups/{backup['id']}/restore", json={"confirm": True, "pre_snapshot": False}, timeout=600
    ).json()
    assert report["restored_integrity_ok"], report
    assert live_http.get(f"{live_api}/memory/{marker_id}").status_code == 404
    health = live_http.get(f"{live_api}/health")
    assert health.status_code == 200 and health.json()["backups"]["last_backup_id"] == backup["id"], health.text


def test_writes_during_a_backup_wait_and_the_backup_is_self_consistent(api, graph, services, drill_world) -> None:
    stop, written, errors = threading.Event(), [], []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            body = {"project": P, "category": "decision", "key": f"k{n}", "value": "v"}
            response = api.post("/project/state", json=body)
            (written if response.status_code == 201 else errors).append(response.status_code)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = create_backup(services)
    finally:
        stop.set()
        thread.join()
    assert result.valid and result.attempts == 1 and written and not errors
    assert validate(services, result.id).valid


def test_a_write_from_another_process_is_caught_and_the_read_retried(
    graph, services, settings, test_catalog, drill_world
) -> None:
    other = Graph(settings, test_catalog)  # another driver: the write gate of this process does not cover it
    seen: list[str] = []

    def progress(step: Step) -> None:
        if step.stage == "relationships" and not seen:
            seen.append(step.stage)
            other.run("testing.future_kind", id="future-mid-backup")

    try:
        result = create_backup(services, progress=progress)
    finally:
        other.close()
    assert result.valid and result.attempts == 2
    assert validate(services, result.id).valid


def test_a_node_kind_added_later_is_carried(graph, services, drill_world) -> None:
    result = create_backup(services)
    manifest = json.loads((services.settings.backups_root / result.id / "manifest.json").read_text())
    assert manifest["node_counts"]["FutureKind"] >= 1 and manifest["relationship_counts"]["FUTURE_LINK"] >= 1


def test_encrypted_backup_needs_the_right_passphrase(services, drill_world) -> None:
    result = create_backup(services, encrypt=True, passphrase=PASSPHRASE)
    assert result.valid and result.validation.encrypted
    directory = services.settings.backups_root / result.id
    assert not any(b"pads are PTFE" in p.read_bytes() for p in directory.rglob("*.enc"))
    wrong = validate(services, result.id, "not the passphrase")
    assert not wrong.valid and any("Wrong passphrase" in e for e in wrong.errors)
    unknown = validate(services, result.id)
    assert unknown.valid and not unknown.content_checked and unknown.warnings
    with pytest.raises(Exception, match="Wrong passphrase"):
        restore_backup(services, result.id, confirm=True, passphrase="not the passphrase")


def _copy(services, backup_id: str) -> str:
    """A copy of a backup under a new id, to damage."""
    root = services.settings.backups_root
    copy_id = backup_id[:15] + "Z-99"
    shutil.copytree(root / backup_id, root / copy_id)
    manifest = json.loads((root / copy_id / "manifest.json").read_text())
    manifest["id"] = copy_id
    (root / copy_id / "manifest.json").write_text(json.dumps(manifest))
    return copy_id


def test_tampered_truncated_and_newer_backups_are_refused(services, graph, drill_world) -> None:
    good = create_backup(services)
    copy_id = _copy(services, good.id)
    root = services.settings.backups_root
    chunk_file = next((root / copy_id / "nodes").glob("Chunk-*"))
    data = chunk_file.read_bytes()
    chunk_file.write_bytes(data[: len(data) // 2])  # cut short
    report = validate(services, copy_id)
    assert not report.valid and any("bytes" in e for e in report.errors)
    before = scan_graph(graph).digest
    with pytest.raises(Exception, match="cannot be restored"):
        restore_backup(services, copy_id, confirm=True)
    assert scan_graph(graph).digest == before  # the live database untouched

    chunk_file.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit flipped, size kept
    assert any("checksum" in e for e in validate(services, copy_id).errors)

    manifest = json.loads((root / copy_id / "manifest.json").read_text())
    manifest["format_version"] = 99
    (root / copy_id / "manifest.json").write_text(json.dumps(manifest))
    newer = validate(services, copy_id)
    assert not newer.valid and "newer than this AtoCore reads" in newer.errors[0]
    shutil.rmtree(root / copy_id)


def test_a_full_disk_leaves_nothing_that_looks_like_a_backup(services, monkeypatch, drill_world) -> None:
    real_open = files.open_output

    class FullDisk:
        written = 0  # over every file of the backup

        def __init__(self, path):
            self._out = real_open(path)

        def write(self, data):
            FullDisk.written += len(data)
            if FullDisk.written > 8 * 1024:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self._out.write(data)

        def flush(self):
            self._out.flush()

        def close(self):
            self._out.close()

    monkeypatch.setattr(files, "open_output", FullDisk)
    before = {b.id for b in list_backups(services)["backups"]}
    with pytest.raises(Exception, match="no space left on device"):
        create_backup(services)
    root = services.settings.backups_root
    assert not list(root.glob(f"*{PARTIAL}"))
    assert {b.id for b in list_backups(services)["backups"]} == before
