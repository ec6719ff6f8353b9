"""The pieces of "tokens stay as they are live" that need no Neo4j: the digest without a skipped node, the gate."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime

import pytest

from atocore.errors import ConflictError
from atocore.graph.gate import WriteGate
from atocore.services.backup.codec import GraphDigest, node_digest
from atocore.services.backup.files import JsonLines, backup_root
from atocore.services.backup.manifest import Manifest
from atocore.services.backup.tokens import LeftOut, restorable


def test_the_expected_digest_and_counts_leave_out_what_the_restore_skipped() -> None:
    memory = node_digest(["Memory"], {"id": "m1"})
    token = node_digest(["ApiToken"], {"name": "old", "hash": "ab" * 32})
    with_token, without = GraphDigest(), GraphDigest()
    for digest in (memory, token):
        with_token.add(digest)
    without.add(memory)
    manifest = Manifest(
        id="20260407T030000Z",
        kind="logical",
        created_at=datetime(2026, 4, 7, 3, tzinfo=UTC),
        atocore_version="0",
        database="neo4j",
        migrations=[],
        embedding={},
        node_counts={"ApiToken": 1, "Memory": 1},
        digest=with_token.hexdigest(),
    )
    left_out = LeftOut()
    assert not restorable(["ApiToken"]) and restorable(["Memory"])
    left_out.add(["ApiToken"], {"name": "old", "hash": "ab" * 32})
    assert left_out.expected(manifest) == ({"Memory": 1}, without.hexdigest())
    assert LeftOut().expected(manifest) == (manifest.node_counts, manifest.digest)  # nothing skipped


def test_a_write_that_may_not_wait_is_refused_at_once_while_a_backup_holds_the_gate() -> None:
    gate = WriteGate(wait_s=600)  # an ordinary write would wait this long
    held, done = threading.Event(), threading.Event()

    def backup() -> None:
        with gate.exclusive("backup test"):
            held.set()
            done.wait()

    thread = threading.Thread(target=backup)
    thread.start()
    held.wait()
    try:
        with pytest.raises(ConflictError, match="backup test"), gate.shared(wait_s=0):
            pass
    finally:
        done.set()
        thread.join()
    with gate.shared(wait_s=0):  # free again
        pass


def test_backup_files_and_dirs_are_private(tmp_path) -> None:
    root = backup_root(tmp_path / "mounted" / "backups")
    lines = JsonLines(root / "x.jsonl.gz", None)
    lines.write({"a": 1})
    lines.close()
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "x.jsonl.gz").stat().st_mode) == 0o600
