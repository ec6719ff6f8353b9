"""Ingesting a project's files into the graph, incrementally.

A file becomes a ``Document`` whose id is derived from (project, source,
path), so the same file always maps to the same node. Its chunks are
written only when the file's content hash (or the chunking settings) differ
from what the graph holds; unchanged files cost one read and one hash. A
changed file's chunks are replaced inside one transaction, and documents
whose files are gone from under the given roots are removed.

Work is done in batches of whole documents: the chunks of a batch are
embedded together, then written in one transaction (UNWIND over all rows)
by a single writer thread, while the next batch is already being embedded.
A failure therefore never leaves a document half written, and a rerun
picks up where a failed run stopped.

Progress is reported as two counts (``atocore.progress``): ``files``, one
step per file taken (read, and embedded when its batch is), of the files
found; ``chunks``, one step per slice of EMBED_STEP chunks embedded, whose
total is known once every file has been cut.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from atocore.errors import ConflictError, ValidationError
from atocore.progress import Counter, Progress
from atocore.services.ingest.chunker import Chunk, chunk_document, title_path
from atocore.services.ingest.files import Candidate, FileContent, Skipped, read_candidate, walk_root
from atocore.services.runtime import Services
from atocore.services.sources import directories

CHUNKING_VERSION = "1"  # bump when the chunker's output changes, to re-chunk everything
BATCH_CHUNKS = 512  # chunks embedded and written together
EMBED_STEP = 128  # chunks handed to the embedder at once: one progress step each
DELETE_BATCH = 500  # documents removed per statement


class SkippedFile(BaseModel):
    path: str
    reason: str


class IngestReport(BaseModel):
    project: str
    roots: list[str]
    documents_seen: int = 0  # files read: added + updated + unchanged
    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_removed: int = 0
    chunks_written: int = 0
    chunks_removed: int = 0
    skipped: list[SkippedFile] = []
    duration_ms: int = 0


@dataclass(frozen=True)
class _Root:
    directory: Path
    source: str  # a configured source name, else the root's own absolute path
    source_dir: Path
    prefix: str  # the root's path inside its source, '' for the source itself

    def relative(self, path: Path) -> str:
        return path.relative_to(self.source_dir).as_posix()

    def shown(self, path: Path) -> str:
        return f"{self.source}/{self.relative(path)}"


@dataclass
class _Batch:
    documents: list[dict[str, Any]] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # ids whose old chunks go
    chunks: list[tuple[str, Chunk, str, str]] = field(default_factory=list)  # (document id, chunk, source_file, title)


# -- one ingestion per project ---------------------------------------------------
_running_guard = threading.Lock()
_running: set[str] = set()


@contextmanager
def _exclusive(services: Services, project_id: str) -> Iterator[None]:
    with _running_guard:
        if project_id in _running:
            raise ConflictError(
                f"An ingestion of project {project_id!r} is already running; retry when it has finished.",
                project=project_id,
            )
        _running.add(project_id)
    try:
        yield
    finally:
        services.forget_chunk_counts()  # chunks were written or removed: search re-counts them
        with _running_guard:
            _running.discard(project_id)


# -- ids --------------------------------------------------------------------------
def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def document_id(project_id: str, source: str, path: str) -> str:
    return _digest("document", project_id, source, path)[:24]


def chunk_id(doc_id: str, ordinal: int, text: str) -> str:
    return _digest("chunk", doc_id, str(ordinal), hashlib.sha256(text.encode("utf-8")).hexdigest())[:32]


# -- the service ------------------------------------------------------------------
def ingest_project(
    services: Services, project_id: str, roots: list[Path], progress: Progress | None = None
) -> IngestReport:
    """Bring the project's documents under ``roots`` in line with the files there."""
    started = time.perf_counter()
    if not project_id or not project_id.strip():
        raise ValidationError("A project id is required to ingest files.")
    located = _locate_roots(services, roots)
    with _exclusive(services, project_id):
        run = _Run(services, project_id, located, progress)
        report = run.execute()
    report.duration_ms = int((time.perf_counter() - started) * 1000)
    return report


def remove_project_documents(services: Services, project_id: str) -> tuple[int, int]:
    """Delete every document and chunk of a project; (documents, chunks) removed."""
    with _exclusive(services, project_id):
        ids = [row["id"] for row in services.graph.run("ingest.project_documents", project=project_id)]
        return _delete_documents(services, ids)


def _locate_roots(services: Services, roots: list[Path]) -> list[_Root]:
    if not roots:
        raise ValidationError("No ingest roots given: a project needs at least one directory to ingest.")
    located: list[_Root] = []
    sources = directories(services.graph)
    for given in roots:
        root = Path(given)
        if not root.is_absolute():
            raise ValidationError(f"Ingest root {str(root)!r} is not an absolute path.", root=str(root))
        root = root.resolve()
        if not root.is_dir():
            raise ValidationError(
                f"Ingest root {str(root)!r} does not exist or is not a directory; "
                "check the project's source and subpath.",
                root=str(root),
            )
        owners = [(name, d) for name, d in sources.items() if root.is_relative_to(d)]
        if owners:
            name, source_dir = max(owners, key=lambda pair: len(pair[1].parts))
        else:
            name, source_dir = str(root), root
        prefix = root.relative_to(source_dir).as_posix()
        located.append(_Root(root, name, source_dir, "" if prefix == "." else prefix))
    return located


def _delete_documents(services: Services, ids: list[str]) -> tuple[int, int]:
    documents = chunks = 0
    for start in range(0, len(ids), DELETE_BATCH):
        rows = services.graph.run("ingest.delete_documents", document_ids=ids[start : start + DELETE_BATCH])
        if rows:
            documents += rows[0]["documents"]
            chunks += rows[0]["chunks"]
    return documents, chunks


class _Run:
    def __init__(self, services: Services, project_id: str, roots: list[_Root], progress: Progress | None) -> None:
        self.services = services
        self.settings = services.settings
        self.project = project_id
        self.roots = roots
        self.progress = progress
        self.chunks = Counter(progress, "chunks", label=project_id)  # embedded, of those cut so far
        self.chunks_cut = 0
        self.chunking = (
            f"v{CHUNKING_VERSION}/size={self.settings.chunk_size}/overlap={self.settings.chunk_overlap}"
            f"/model={services.embedder.model_id}"
        )
        self.report = IngestReport(project=project_id, roots=[str(r.directory) for r in roots])
        # (source, path) of files or directories that failed transiently: their documents stay.
        self.kept_paths: set[tuple[str, str]] = set()

    def execute(self) -> IngestReport:
        graph = self.services.graph
        existing = {
            row["id"]: row
            for row in graph.run(
                "ingest.documents_under_roots",
                project=self.project,
                roots=[{"source": r.source, "prefix": r.prefix} for r in self.roots],
            )
        }
        found = self._discover()
        files = Counter(self.progress, "files", len(found), self.project)
        files.report()
        keep: set[str] = set()
        batch = _Batch()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="atocore-ingest-writer") as writer:
            pending: Future | None = None
            for root, entry in found:
                self._take(root, entry, existing, batch, keep)
                if len(batch.chunks) >= BATCH_CHUNKS:
                    pending = self._flush(batch, writer, pending)
                    batch = _Batch()
                files.advance()
            self.chunks.total = self.chunks_cut  # every file is cut: the count of chunks to embed is known
            self.chunks.report()
            pending = self._flush(batch, writer, pending)
            if pending is not None:
                pending.result()
        gone = [doc_id for doc_id, row in existing.items() if doc_id not in keep and not self._kept(row)]
        removed, chunks = _delete_documents(self.services, gone)
        self.report.documents_removed = removed
        self.report.chunks_removed += chunks
        return self.report

    def _take(
        self, root: _Root, entry: Candidate | Skipped, existing: dict[str, Any], batch: _Batch, keep: set[str]
    ) -> None:
        """Read one file found under a root and add it to ``batch`` unless it is skipped or unchanged."""
        if isinstance(entry, Skipped):
            self._skip(root, entry)
            return
        content = read_candidate(entry, self.settings.max_file_bytes)
        if isinstance(content, Skipped):
            self._skip(root, content)
            return
        doc_id = document_id(self.project, root.source, root.relative(entry.path))
        if doc_id not in keep:  # else reached twice through overlapping roots
            self._consider(root, entry, content, doc_id, existing.get(doc_id), batch, keep)

    def _discover(self) -> list[tuple[_Root, Candidate | Skipped]]:
        found: list[tuple[_Root, Candidate | Skipped]] = []
        seen: set[Path] = set()
        for root in self.roots:
            for entry in walk_root(root.directory):
                if entry.path in seen:
                    continue
                seen.add(entry.path)
                found.append((root, entry))
        return found

    def _skip(self, root: _Root, skipped: Skipped) -> None:
        try:
            relative = root.relative(skipped.path)
        except ValueError:  # outside the source (an unreadable directory's odd name)
            self.report.skipped.append(SkippedFile(path=str(skipped.path), reason=skipped.reason))
            return
        self.report.skipped.append(SkippedFile(path=root.shown(skipped.path), reason=skipped.reason))
        if skipped.keep_existing:
            self.kept_paths.add((root.source, relative))

    def _kept(self, row: dict[str, Any]) -> bool:
        return any(
            row["source"] == source and (row["path"] == path or row["path"].startswith(path + "/"))
            for source, path in self.kept_paths
        )

    def _consider(
        self,
        root: _Root,
        entry: Candidate,
        content: FileContent,
        doc_id: str,
        known: dict[str, Any] | None,
        batch: _Batch,
        keep: set[str],
    ) -> None:
        content_hash = hashlib.sha256(content.raw).hexdigest()
        if known and known["content_hash"] == content_hash and known["chunking"] == self.chunking:
            keep.add(doc_id)
            self.report.documents_seen += 1
            self.report.documents_unchanged += 1
            return
        relative = root.relative(entry.path)
        chunked = chunk_document(
            content.text,
            kind=entry.kind,
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            fallback_title=entry.path.stem,
        )
        if not chunked.chunks:
            self.report.skipped.append(SkippedFile(path=root.shown(entry.path), reason="empty: no text to index"))
            return
        keep.add(doc_id)
        self.report.documents_seen += 1
        if known:
            self.report.documents_updated += 1
            batch.replaced.append(doc_id)
        else:
            self.report.documents_added += 1
        batch.documents.append(
            {
                "id": doc_id,
                "project": self.project,
                "source": root.source,
                "path": relative,
                "title": chunked.title,
                "kind": entry.kind,
                "content_hash": content_hash,
                "chunking": self.chunking,
                "mtime_ms": content.mtime_ms,
                "size": content.size,
            }
        )
        source_file = root.shown(entry.path)
        batch.chunks.extend((doc_id, chunk, source_file, chunked.title) for chunk in chunked.chunks)
        self.chunks_cut += len(chunked.chunks)

    def _flush(self, batch: _Batch, writer: ThreadPoolExecutor, pending: Future | None) -> Future | None:
        """Embed this batch here, then hand it to the writer once the previous write is done."""
        if not batch.documents:
            return pending
        vectors = self._embed([chunk.embedding_text for _, chunk, _, _ in batch.chunks])
        rows, pairs = [], []
        previous: tuple[str, str] | None = None  # (document id, chunk id)
        for (doc_id, chunk, source_file, title), vector in zip(batch.chunks, vectors, strict=True):
            cid = chunk_id(doc_id, chunk.ordinal, chunk.text)
            rows.append(
                {
                    "id": cid,
                    "document_id": doc_id,
                    "project": self.project,
                    "source_file": source_file,
                    "text": chunk.text,
                    "heading_path": chunk.heading_path,
                    "title_path": title_path(title, chunk.heading_path),
                    "ordinal": chunk.ordinal,
                    "char_start": chunk.char_start,
                    "char_end": chunk.char_end,
                    "embedding": vector,
                }
            )
            if previous is not None and previous[0] == doc_id:
                pairs.append({"from": previous[1], "to": cid})
            previous = (doc_id, cid)
        if pending is not None:
            pending.result()  # raises the previous batch's failure here, in the caller's thread
        return writer.submit(self._write, batch.documents, batch.replaced, rows, pairs)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), EMBED_STEP):
            vectors += self.services.embedder.embed(texts[start : start + EMBED_STEP])
            self.chunks.advance(min(EMBED_STEP, len(texts) - start))
        return vectors

    def _write(self, documents: list[dict], replaced: list[str], rows: list[dict], pairs: list[dict]) -> None:
        with self.services.graph.transaction() as tx:
            removed = tx.run("ingest.delete_document_chunks", document_ids=replaced)[0]["deleted"] if replaced else 0
            tx.run("ingest.upsert_documents", documents=documents)
            tx.run("ingest.create_chunks", chunks=rows)
            if pairs:
                tx.run("ingest.link_chunks", pairs=pairs)
        # The writer thread is the only one touching these counters while a run is active.
        self.report.chunks_removed += removed
        self.report.chunks_written += len(rows)
