"""ingest_project against the real Neo4j: bad files, incremental runs, removals, the project lock."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from atocore.errors import ConflictError, ValidationError
from atocore.progress import Step
from atocore.services.ingest import ingest_project
from atocore.services.ingest import service as ingest_service
from atocore.services.runtime import Services
from atocore.services.sources import seed as seed_sources

pytestmark = pytest.mark.integration

OPTICS = """\
# Primary mirror

The primary mirror is Zerodur, mounted on three bipods.

## Requirements

- REQ-0101: wavefront error below 25 nm RMS.
- REQ-0102: decenter within 50 um after launch.

## Decisions

### DEC-007 bipod material

Invar 36 chosen over titanium: the CTE match with Zerodur dominates.
"""
THERMAL = (
    "# Thermal control\n\nThe radiator panel rejects 40 W at end of life.\n\n"
    "## Heaters\n\nTwo heater circuits of 5 W each.\n"
)
LOG = "Test log, day one.\n\nTVAC cycle 3 passed; gradient 0.4 K across the bench.\n"
MAX_BYTES = 4000


class CountingEmbedder:
    """The real embedder, counting how many texts it was asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.texts = 0

    @property
    def dimensions(self) -> int:
        return self.inner.dimensions

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def embed(self, texts):
        self.texts += len(texts)
        return self.inner.embed(texts)


def make_corpus(base: Path) -> Path:
    root = base / "corpus"
    (root / "notes" / "sub").mkdir(parents=True)
    (root / "notes" / "optics.md").write_text(OPTICS)
    (root / "notes" / "thermal.markdown").write_text(THERMAL)
    (root / "notes" / "sub" / "log.txt").write_text(LOG)
    (root / "notes" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # not a candidate: ignored
    (root / "binary.md").write_bytes(b"# looks like markdown\x00\x01\x02")
    (root / "latin1.md").write_bytes("# Résumé des essais\n".encode("latin-1"))
    (root / "big.md").write_text("# Big\n\n" + "word " * MAX_BYTES)
    (root / "empty.md").write_text("")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.md").write_text("# never read\n")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Outside the root\n\nMust never be ingested.\n")
    (root / "escape.md").symlink_to(outside / "secret.md")
    (root / "escape-dir").symlink_to(outside, target_is_directory=True)
    (root / "inside-link.md").symlink_to(root / "notes" / "optics.md")
    return root


@pytest.fixture
def counting(services, clean_graph) -> Services:
    settings = services.settings.model_copy(
        update={"max_file_bytes": MAX_BYTES, "chunk_size": 300, "chunk_overlap": 50}
    )
    return Services(settings, graph=services.graph, embedder=CountingEmbedder(services.embedder))


def documents(graph, project: str) -> dict[str, dict]:
    return {row["path"]: row for row in graph.run("testing.project_documents", project=project)}


def test_first_ingestion_reports_bad_files_and_builds_the_graph(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    calls: list[Step] = []
    report = ingest_project(counting, "p-first", [root], progress=calls.append)

    assert (report.documents_seen, report.documents_added, report.documents_updated) == (4, 4, 0)
    assert (report.documents_unchanged, report.documents_removed) == (0, 0)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"binary.md", "latin1.md", "big.md", "empty.md", "escape.md", "escape-dir"}
    assert reasons["binary.md"].startswith("binary")
    assert reasons["latin1.md"].startswith("not UTF-8")
    assert reasons["big.md"].startswith("too large") and "ATOCORE_MAX_FILE_BYTES" in reasons["big.md"]
    assert reasons["empty.md"].startswith("empty")
    assert "outside the ingest root" in reasons["escape.md"] and "outside the ingest root" in reasons["escape-dir"]
    assert report.duration_ms > 0
    files = [(s.done, s.total) for s in calls if s.stage == "files"]
    assert files == [(n, files[0][1]) for n in range(files[0][1] + 1)]  # one step per file found, from 0
    assert {s.label for s in calls} == {"p-first"}

    docs = documents(counting.graph, "p-first")
    assert set(docs) == {"notes/optics.md", "notes/thermal.markdown", "notes/sub/log.txt", "inside-link.md"}
    assert docs["notes/optics.md"]["title"] == "Primary mirror"
    assert docs["notes/sub/log.txt"]["title"] == "log"
    chunks = [c for d in docs.values() for c in d["chunks"]]
    assert report.chunks_written == len(chunks) == counting.embedder.texts
    for path, doc in docs.items():
        text = (root / path).read_text()
        for position, chunk in enumerate(doc["chunks"]):
            assert chunk["ordinal"] == position
            assert text[chunk["char_start"] : chunk["char_end"]] == chunk["text"]
            assert chunk["has_vector"] and chunk["project"] == "p-first" and chunk["document_id"] == doc["id"]
            assert chunk["source_file"] == f"{root}/{path}"
            following = doc["chunks"][position + 1]["id"] if position + 1 < len(doc["chunks"]) else None
            assert chunk["next"] == ([following] if following else [])
    optics = docs["notes/optics.md"]["chunks"]
    assert len(optics) > 1, "chunk_size 300 splits the optics note"
    assert any(c["heading_path"] == "Primary mirror > Decisions > DEC-007 bipod material" for c in optics)
    assert all("Outside the root" not in c["text"] for c in chunks)


def test_rerun_without_changes_writes_nothing(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    ingest_project(counting, "p-rerun", [root])
    before = documents(counting.graph, "p-rerun")
    embedded = counting.embedder.texts
    os.utime(root / "notes" / "optics.md")  # a newer mtime alone is not a change

    report = ingest_project(counting, "p-rerun", [root])
    assert (report.documents_added, report.documents_updated, report.documents_removed) == (0, 0, 0)
    assert report.documents_unchanged == report.documents_seen == 4
    assert report.chunks_written == report.chunks_removed == 0
    assert counting.embedder.texts == embedded, "nothing re-embedded"
    assert documents(counting.graph, "p-rerun") == before, "same nodes, same ingested_at"


def test_changed_file_alone_is_rewritten(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    ingest_project(counting, "p-change", [root])
    before = documents(counting.graph, "p-change")
    embedded = counting.embedder.texts
    (root / "notes" / "thermal.markdown").write_text(
        THERMAL + "\n## Radiator\n\nThe radiator is white-painted aluminium.\n"
    )

    report = ingest_project(counting, "p-change", [root])
    assert (report.documents_updated, report.documents_unchanged, report.documents_added) == (1, 3, 0)
    after = documents(counting.graph, "p-change")
    thermal = after["notes/thermal.markdown"]
    assert report.chunks_written == len(thermal["chunks"]) == counting.embedder.texts - embedded
    assert report.chunks_removed == len(before["notes/thermal.markdown"]["chunks"])
    assert thermal["ingested_at"] > before["notes/thermal.markdown"]["ingested_at"]
    assert "white-painted" in thermal["chunks"][-1]["text"]
    for path in ("notes/optics.md", "notes/sub/log.txt", "inside-link.md"):
        assert after[path] == before[path]


def test_deleted_file_is_removed_with_its_chunks(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    ingest_project(counting, "p-delete", [root])
    ingest_project(counting, "p-delete-other", [root])
    (root / "notes" / "sub" / "log.txt").unlink()
    # Unusable now, so its document goes too, and so does the symlink's that reads it.
    (root / "notes" / "optics.md").write_bytes(b"\xff\xfe no longer UTF-8")

    report = ingest_project(counting, "p-delete", [root])
    assert report.documents_removed == 3 and report.chunks_removed > 0
    assert set(documents(counting.graph, "p-delete")) == {"notes/thermal.markdown"}
    assert len(documents(counting.graph, "p-delete-other")) == 4, "another project's documents are untouched"


def test_removal_is_limited_to_the_given_roots(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    settings = counting.settings.model_copy(update={"sources": {"notes": root}})
    named = Services(settings, graph=counting.graph, embedder=counting.embedder)
    seed_sources(named.graph, settings)  # sources are read from the graph, where a start seeds them
    ingest_project(named, "p-roots", [root])
    docs = documents(named.graph, "p-roots")
    assert {d["source"] for d in docs.values()} == {"notes"}
    assert docs["notes/sub/log.txt"]["chunks"][0]["source_file"] == "notes/notes/sub/log.txt"

    (root / "notes" / "sub" / "log.txt").unlink()
    report = ingest_project(named, "p-roots", [root / "notes" / "sub"])
    assert (report.documents_seen, report.documents_removed) == (0, 1)
    assert set(documents(named.graph, "p-roots")) == {"notes/optics.md", "notes/thermal.markdown", "inside-link.md"}
    seed_sources(named.graph, counting.settings)  # the session's own 'notes' again


def test_missing_or_relative_root_is_refused(counting, tmp_path) -> None:
    with pytest.raises(ValidationError, match="does not exist or is not a directory"):
        ingest_project(counting, "p-bad", [tmp_path / "nowhere"])
    with pytest.raises(ValidationError, match="not an absolute path"):
        ingest_project(counting, "p-bad", [Path("relative/dir")])
    with pytest.raises(ValidationError, match="project id"):
        ingest_project(counting, " ", [tmp_path])


def test_progress_comes_per_file_and_per_embedding_batch(counting, tmp_path, monkeypatch) -> None:
    """Files are counted one by one; chunks per slice the embedder takes, and their total once every file is cut."""
    monkeypatch.setattr(ingest_service, "BATCH_CHUNKS", 4)
    monkeypatch.setattr(ingest_service, "EMBED_STEP", 3)
    root = tmp_path / "many"
    root.mkdir()
    for n in range(6):
        (root / f"note-{n}.md").write_text(
            f"# Note {n}\n\n" + "\n\n".join(f"Paragraph {p} of note {n}. " * 12 for p in range(3))
        )
    steps: list[Step] = []
    report = ingest_project(counting, "p-steps", [root], progress=steps.append)

    files = [s.done for s in steps if s.stage == "files"]
    assert files == list(range(7)) and {s.total for s in steps if s.stage == "files"} == {6}
    chunks = [s for s in steps if s.stage == "chunks"]
    slices = [step.done - before for before, step in zip([0, *(c.done for c in chunks)], chunks, strict=False)]
    moved = [n for n in slices if n]
    assert len(moved) > 2 and all(n <= 3 for n in moved)  # one step per slice handed to the embedder
    assert len(slices) - len(moved) <= 1  # and one more when the total becomes known, if it came last
    assert chunks[-1].done == chunks[-1].total == report.chunks_written == counting.embedder.texts
    assert chunks[0].total is None  # not known while files are still being cut
    first_chunks = steps.index(chunks[0])
    assert steps[first_chunks - 1].stage == "files" and steps[first_chunks - 1].done < 6  # embedding before the end


def test_second_ingestion_of_a_running_project_is_a_conflict(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)
    started, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hold(step: Step) -> None:
        started.set()
        release.wait(30)

    def first() -> None:
        outcome["report"] = ingest_project(counting, "p-lock", [root], progress=hold)

    worker = threading.Thread(target=first)
    worker.start()
    try:
        assert started.wait(60)
        with pytest.raises(ConflictError, match="'p-lock' is already running") as err:
            ingest_project(counting, "p-lock", [root])
        assert err.value.http_status == 409
        other = ingest_project(counting, "p-lock-other", [root / "notes" / "sub"])
        assert other.documents_added == 1, "other projects are not blocked"
    finally:
        release.set()
        worker.join(60)
    assert outcome["report"].documents_added == 4
    assert ingest_project(counting, "p-lock", [root]).documents_unchanged == 4, "the lock is released"


def test_failed_run_releases_the_lock(counting, tmp_path) -> None:
    root = make_corpus(tmp_path)

    def fail(step: Step) -> None:
        raise RuntimeError("progress sink broke")

    with pytest.raises(RuntimeError):
        ingest_project(counting, "p-fail", [root], progress=fail)
    assert ingest_project(counting, "p-fail", [root]).documents_added == 4
