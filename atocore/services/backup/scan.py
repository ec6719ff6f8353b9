"""Reading a whole graph in one consistent pass: for a backup (writing its files) or to verify a restore.

Nodes are read first, each given a small integer key and a content digest;
relationships then name their ends by those keys. What is read is whatever
the database holds (every label and relationship type, present or added by
a later migration), so the backup never carries a hand-kept list of kinds.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atocore.errors import ConflictError
from atocore.graph import Graph
from atocore.progress import Counter as Steps
from atocore.progress import Progress, Step, ignore
from atocore.services.backup.codec import (
    VECTOR_TAG,
    GraphDigest,
    encode_properties,
    node_digest,
    relationship_digest,
)
from atocore.services.backup.files import JsonLines, private_dir
from atocore.services.backup.manifest import BackupFile

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # the labels and types a backup may carry
CONSISTENT_ATTEMPTS = 3
EVERY = 2000  # rows between two progress steps
log = logging.getLogger("atocore.backup")


def logged(what: str, every_s: float = 5.0) -> Progress:
    """A progress hook that logs ``what: stage done/total`` at each stage's start and every ``every_s`` seconds.

    What a backup or restore shows in the API's log, whoever watches it (the
    CLI's bars come from the same steps, streamed: ``?stream=true``).
    """
    last = {"at": 0.0}

    def report(step: Step) -> None:
        now = time.monotonic()
        if step.done == 0 or now - last["at"] >= every_s:
            last["at"] = now
            log.info("%s: %s %d/%s", what, step.stage, step.done, step.total if step.total is not None else "?")

    return report


@dataclass
class ScanResult:
    node_counts: Counter = field(default_factory=Counter)  # per label
    relationship_counts: Counter = field(default_factory=Counter)  # per type
    digest: str = ""
    migrations: list[dict[str, str]] = field(default_factory=list)
    files: list[BackupFile] = field(default_factory=list)
    attempts: int = 1


class _Outputs:
    """One JSON-lines file per label set or relationship type, opened as first met."""

    def __init__(self, directory: Path | None, key: bytes | None) -> None:
        self.directory = directory
        self.key = key
        self.open: dict[tuple[str, str], tuple[JsonLines, BackupFile]] = {}

    def write(self, kind: str, name: str, item: Any, labels: list[str] | None = None) -> None:
        if self.directory is None:
            return
        entry = self.open.get((kind, name))
        if entry is None:
            safe = re.sub(r"[^A-Za-z0-9_+]", "_", name)
            relative = f"{kind}/{safe}-{len(self.open):03d}.jsonl.gz" + (".enc" if self.key else "")
            if not (self.directory / kind).is_dir():
                private_dir(self.directory / kind)
            record = BackupFile(
                path=relative,
                kind=kind,
                labels=labels or [],
                type=None if kind == "nodes" else name,
                bytes=0,
                sha256="",
            )
            entry = self.open[(kind, name)] = (JsonLines(self.directory / relative, self.key), record)
        entry[0].write(item)

    def close(self) -> list[BackupFile]:
        files = []
        for lines, record in self.open.values():
            record.bytes, record.sha256 = lines.close()
            record.count = lines.count
            files.append(record)
        self.open.clear()
        return files

    def abort(self) -> None:
        for lines, _ in self.open.values():
            lines.abort()
        self.open.clear()


def _read_once(graph: Graph, outputs: _Outputs, vectors: bool, progress: Progress) -> tuple[ScanResult, bool]:
    result = ScanResult()
    digest = GraphDigest()
    ends: dict[str, tuple[int, bytes]] = {}
    with graph.snapshot_read() as snapshot:
        totals = next(snapshot.stream("backup.totals"))
        nodes = Steps(progress, "nodes", totals[0])
        relationships = Steps(progress, "relationships", totals[1])
        nodes.report()
        for element_id, labels, props in snapshot.stream("backup.nodes"):
            encoded = encode_properties(props)
            if not vectors:
                encoded = {k: v for k, v in encoded.items() if not (isinstance(v, dict) and VECTOR_TAG in v)}
            own = node_digest(labels, encoded)
            digest.add(own)
            ends[element_id] = (len(ends), own)
            result.node_counts.update(labels)
            if "Migration" in labels:
                result.migrations.append({"id": props.get("id", ""), "checksum": props.get("checksum", "")})
            label_set = "+".join(sorted(labels)) or "_unlabelled"
            outputs.write("nodes", label_set, {"k": ends[element_id][0], "p": encoded}, sorted(labels))
            if len(ends) % EVERY == 0:
                nodes.reach(len(ends))
        nodes.reach(len(ends))
        relationships.report()
        done = 0
        for done, (rel_type, start, end, props) in enumerate(snapshot.stream("backup.relationships"), start=1):
            encoded = encode_properties(props)
            if start not in ends or end not in ends:  # a node written after the node pass: the state moved
                return result, False
            (start_key, start_digest), (end_key, end_digest) = ends[start], ends[end]
            digest.add(relationship_digest(rel_type, encoded, start_digest, end_digest))
            result.relationship_counts[rel_type] += 1
            outputs.write("relationships", rel_type, {"s": start_key, "e": end_key, "p": encoded})
            if done % EVERY == 0:
                relationships.reach(done)
        relationships.reach(done)
    result.digest = digest.hexdigest()
    result.migrations.sort(key=lambda m: m["id"])
    return result, snapshot.consistent


def scan_graph(
    graph: Graph,
    directory: Path | None = None,
    key: bytes | None = None,
    *,
    vectors: bool = True,
    progress: Progress = ignore,
) -> ScanResult:
    """Read the graph in one transaction that saw one state (retried if a write landed meanwhile).

    With ``directory`` the content is written there as it is read. The
    caller holds the graph's write gate, so this process's writes wait; the
    bookmark check catches writers in other processes.
    """
    for attempt in range(1, CONSISTENT_ATTEMPTS + 1):
        outputs = _Outputs(directory, key)
        try:
            result, consistent = _read_once(graph, outputs, vectors, progress)
        except BaseException:
            outputs.abort()
            raise
        result.files = outputs.close()
        if consistent:
            result.attempts = attempt
            return result
        for record in result.files:
            (directory / record.path).unlink(missing_ok=True) if directory else None
    raise ConflictError(
        f"The database kept changing while it was read ({CONSISTENT_ATTEMPTS} attempts): another process "
        "writes to it (AtoCore's own API waits during a backup). Pause that writer and retry.",
        attempts=CONSISTENT_ATTEMPTS,
    )
