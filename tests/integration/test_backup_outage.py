"""Neo4j killed (SIGKILL) in the middle of a backup and of a restore, and Neo4j's own dump, on a throwaway server.

A dedicated local Neo4j that AtoCore manages (never the session's): a backup
whose progress callback kills it leaves nothing that looks like a backup; a
restore killed half-way raises an error naming the pre-restore snapshot, and
restoring that snapshot brings back exactly the graph from before. The dump
kind (stop, neo4j-admin dump, start) needs such a server too: its restore
puts the live API tokens back after the load.
"""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from atocore.config import Settings
from atocore.errors import AtoCoreError, GraphUnavailableError
from atocore.graph import Graph
from atocore.graph.catalog import TESTING, Catalog
from atocore.progress import Step
from atocore.runtime.server import LocalNeo4j
from atocore.services import api_tokens
from atocore.services.backup import restore
from atocore.services.backup.create import create_backup, list_backups
from atocore.services.backup.manifest import PARTIAL
from atocore.services.backup.offline import create_dump
from atocore.services.backup.restore import restore_backup
from atocore.services.backup.scan import scan_graph
from atocore.services.runtime import Services
from tests.conftest import local_server_config

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven to assemble the local server"),
]

KINDS = 300  # nodes of a kind no migration names, each linked to the project
BATCH = 100  # nodes per restore batch here (NODE_BATCH in production): the same code path, several batches


@pytest.fixture(scope="module")
def outage(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("outage")
    local = LocalNeo4j(local_server_config(root))
    local.install()
    local.start()
    config = local.config
    settings = Settings(
        _env_file=None,
        data_dir=root,
        neo4j_uri=local.bolt_uri,
        neo4j_bolt_port=config.bolt_port,
        neo4j_http_port=config.http_port,
        neo4j_heap=config.heap,
        neo4j_pagecache=config.pagecache,
        neo4j_version=config.requested_version,
    )
    services = Services(
        settings, graph=Graph(settings, Catalog(settings.cypher_dir, extra=[TESTING])), embedder=embedder
    )
    services.ensure_schema()
    services.graph.run("testing.create_project", id="p-outage", aliases=["po"])
    for n in range(KINDS):
        services.graph.run("testing.future_kind", id=f"outage-{n}")
    try:
        yield local, services
    finally:
        services.close()
        local.stop()


def kill(local: LocalNeo4j) -> None:
    pid = local.pid()
    assert pid
    os.kill(pid, signal.SIGKILL)


def test_neo4j_killed_mid_backup_leaves_nothing_that_looks_like_a_backup(outage) -> None:
    local, services = outage
    before = {b.id for b in list_backups(services)["backups"]}
    killed: list[str] = []

    def progress(step: Step) -> None:
        if step.stage == "relationships" and not killed:
            killed.append(step.stage)
            kill(local)

    try:
        with pytest.raises(GraphUnavailableError):
            create_backup(services, progress=progress)
    finally:
        local.start()
    assert killed
    assert not list(services.settings.backups_root.glob(f"*{PARTIAL}"))
    assert {b.id for b in list_backups(services)["backups"]} == before
    assert create_backup(services).valid  # and the next one works


def test_neo4j_killed_mid_restore_is_rolled_back_from_the_safety_snapshot(outage, monkeypatch) -> None:
    monkeypatch.setattr(restore, "NODE_BATCH", BATCH)
    local, services = outage
    graph = services.graph
    older = create_backup(services)
    graph.run("testing.future_kind", id="outage-after-the-backup")
    current = scan_graph(graph).digest
    killed: list[int] = []

    def progress(step: Step) -> None:
        if (step.label, step.stage) == ("", "nodes") and step.done >= BATCH and not killed:  # the load, part-way
            killed.append(step.done)
            kill(local)

    try:
        with pytest.raises(AtoCoreError, match="stopped part-way") as caught:
            restore_backup(services, older.id, confirm=True, progress=progress)
    finally:
        local.start()
    assert killed
    snapshot = caught.value.detail["pre_restore_snapshot"]
    assert snapshot and f"atocore backup restore {snapshot}" in caught.value.message
    assert scan_graph(graph).digest != current  # the kill left the graph half-restored

    report = restore_backup(services, snapshot, confirm=True, pre_snapshot=False)
    assert report.restored_integrity_ok and report.indexes_online, report
    assert scan_graph(graph).digest == current


def test_a_dump_restore_keeps_the_live_tokens(outage) -> None:
    _, services = outage
    graph = services.graph
    api_tokens.create_token(graph, "dump-old", ["read"])
    dump = create_dump(services)
    assert dump.valid and dump.kind == "dump" and "stopped" in (dump.note or "")
    content = scan_graph(graph).digest
    newer = api_tokens.create_token(graph, "dump-new", ["read"])
    api_tokens.revoke_token(graph, "dump-old")
    graph.run("testing.future_kind", id="outage-after-the-dump")

    report = restore_backup(services, dump.id, confirm=True, pre_snapshot=False)
    assert report.restored_integrity_ok and report.indexes_online, report
    assert scan_graph(graph).digest == content  # the dump's content ...
    tokens = {t.name: t for t in api_tokens.list_tokens(graph, include_revoked=True)}
    assert not tokens["dump-old"].active  # ... and the tokens as they were live
    assert api_tokens.find_token(graph, newer.secret) is not None
