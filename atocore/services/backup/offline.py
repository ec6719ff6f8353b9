"""Neo4j's own offline dump of the local server (``--kind dump``): stop Neo4j, dump, start it again.

Only for the local server AtoCore manages (``atocore neo4j ...``): Neo4j
Community can dump a database only while the server is stopped, so for the
minute it takes every request answers 503. A dump is restored the same way
(stop, ``neo4j-admin database load --overwrite-destination``, start); the
driver of a running API then meets a database older than its bookmarks,
resets them (``Graph._healing``) and goes on without a restart.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from atocore import __version__
from atocore.errors import ValidationError
from atocore.runtime.server import LocalNeo4j, ServerConfig
from atocore.services.backup.files import file_sha256
from atocore.services.backup.manifest import PARTIAL, BackupFile, Manifest, new_id, write_manifest
from atocore.services.backup.reports import RestoreReport, finish_restore
from atocore.services.runtime import Services

NOTE = "Neo4j was stopped for the dump and started again: requests in between answered 503."


def local_server(services: Services) -> LocalNeo4j:
    settings = services.settings
    server = LocalNeo4j(ServerConfig.from_settings(settings))
    if server.installed() is None or f":{settings.neo4j_bolt_port}" not in settings.neo4j_uri:
        raise ValidationError(
            "--kind dump works only on the local server AtoCore manages (atocore neo4j ...); "
            f"{settings.neo4j_uri} is another server: use a logical backup (the default)."
        )
    return server


def _counts(services: Services) -> tuple[dict[str, int], dict[str, int]]:
    graph = services.graph
    labels = {r["label"]: r["count"] for r in graph.run("backup.label_counts") if r["count"]}
    types = {r["type"]: r["count"] for r in graph.run("backup.type_counts") if r["count"]}
    return labels, types


def create_dump(services: Services, *, reason: str = "manual") -> Any:
    from atocore.services.backup.create import _finish, _server_version

    server = local_server(services)
    root = services.settings.backups_root
    root.mkdir(parents=True, exist_ok=True)
    started, clock = datetime.now(UTC), time.monotonic()
    backup_id = new_id(root, started)
    work = root / f"{backup_id}{PARTIAL}"
    work.mkdir()
    graph = services.graph
    try:
        version = _server_version(services)
        migrations = [{"id": r["id"], "checksum": r["checksum"]} for r in graph.run("migrations.applied")]
        with graph.write_gate.exclusive(f"dump {backup_id}"):
            labels, types = _counts(services)
            server.stop()
            try:
                server.admin("database", "dump", graph.database, f"--to-path={work}", "--overwrite-destination=true")
            finally:
                server.start()
                services.reset()
        dumped = work / f"{graph.database}.dump"
        record = BackupFile(path=dumped.name, kind="dump", bytes=dumped.stat().st_size, sha256=file_sha256(dumped))
        manifest = Manifest(
            id=backup_id,
            kind="dump",
            reason=reason,
            created_at=started,
            atocore_version=__version__,
            database=graph.database,
            neo4j_version=version,
            migrations=migrations,
            embedding={"model": services.embedder.model_id, "dimensions": services.embedder.dimensions},
            node_counts=labels,
            relationship_counts=types,
            files=[record],
        )
        write_manifest(work, manifest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result = _finish(services, work, manifest, None, clock)
    result.note = NOTE
    return result


def restore_dump(
    services: Services, directory: Path, manifest: Manifest, *, pre_snapshot: bool, clock: float
) -> RestoreReport:
    server = local_server(services)
    snapshot = create_dump(services, reason="pre-restore").id if pre_snapshot else None
    graph = services.graph
    with graph.write_gate.exclusive(f"load of {manifest.id}"):
        server.stop()
        source = directory
        if manifest.database != graph.database:  # neo4j-admin load reads <database>.dump
            source = Path(tempfile.mkdtemp(prefix="atocore-load-"))
            (source / f"{graph.database}.dump").symlink_to(directory / manifest.files[0].path)
        try:
            server.admin("database", "load", graph.database, f"--from-path={source}", "--overwrite-destination=true")
        finally:
            server.start()
            services.reset()
            if source != directory:
                shutil.rmtree(source, ignore_errors=True)
    labels, types = _counts(services)
    problems = []
    if labels != manifest.node_counts or types != manifest.relationship_counts:
        problems.append("counts after the load differ from the manifest")
    return finish_restore(services, manifest.id, snapshot, (sum(labels.values()), sum(types.values())), problems, clock)
