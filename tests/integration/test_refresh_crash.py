"""Neo4j killed (SIGKILL) in the middle of a refresh: the re-run converges, nothing orphaned.

A dedicated throwaway local Neo4j (never the session's): the refresh's
progress callback kills it half-way, the refresh fails with a 503-type error,
the server starts again, and the re-run leaves the same documents and chunks
as a clean ingest of the same files, with no chunk, document or vector
missing or left over.
"""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from atocore.config import Settings
from atocore.errors import GraphUnavailableError
from atocore.graph import Graph
from atocore.graph.catalog import TESTING, Catalog
from atocore.runtime.server import LocalNeo4j
from atocore.services.ingest import ingest_project
from atocore.services.ingest import service as ingest_service
from atocore.services.runtime import Services
from tests.conftest import local_server_config

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven to assemble the local server"),
]

NOTES = 30  # about 300 chunks: several write batches of BATCH (below), so the kill falls between two
BATCH = 64  # chunks per write batch here (BATCH_CHUNKS in production): the same code path, less to embed


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory):
    local = LocalNeo4j(local_server_config(tmp_path_factory.mktemp("crash-neo4j")))
    local.install()
    local.start()
    yield local
    local.stop()


def write_notes(root) -> None:
    for n in range(NOTES):
        sections = "\n\n".join(
            f"## Section {s}\n\n" + f"Note {n} section {s} talks about the pad, the cell and load case {s}. " * 12
            for s in range(4)
        )
        (root / f"note-{n:02d}.md").write_text(f"# Note {n}\n\n{sections}\n")


def shape(services: Services, project: str) -> dict[str, list[tuple]]:
    """Per document path: its chunks as (ordinal, text, char range, has a vector, successors)."""
    return {
        row["path"]: [
            (c["ordinal"], c["text"], c["char_start"], c["char_end"], c["has_vector"], len(c["next"]))
            for c in row["chunks"]
        ]
        for row in services.graph.run("testing.project_documents", project=project)
    }


def test_a_refresh_killed_half_way_converges_when_run_again(own_neo4j, embedder, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(ingest_service, "BATCH_CHUNKS", BATCH)
    notes = tmp_path / "notes"
    notes.mkdir()
    write_notes(notes)
    settings = Settings(
        _env_file=None,
        neo4j_uri=own_neo4j.bolt_uri,
        neo4j_password=own_neo4j.config.password_file.read_text().strip(),
        data_dir=tmp_path / "data",
        chunk_size=400,
        chunk_overlap=50,
    )
    services = Services(
        settings, graph=Graph(settings, Catalog(settings.cypher_dir, extra=[TESTING])), embedder=embedder
    )
    try:
        services.ensure_schema()
        calls: list[int] = []
        killed: list[int] = []

        def kill_half_way(done: int, total: int) -> None:
            calls.append(done)
            # The second batch handed to the writer: the first one is written, the second is being written.
            if not killed and len([d for d in calls if 0 < d < total]) == 2:
                pid = own_neo4j.pid()
                assert pid
                os.kill(pid, signal.SIGKILL)
                killed.append(done)

        with pytest.raises(GraphUnavailableError):
            ingest_project(services, "p-crash", [notes], progress=kill_half_way)
        assert killed
        own_neo4j.start()
        partial = shape(services, "p-crash")
        assert 0 < len(partial) < NOTES, "the kill left part of the project written"

        report = ingest_project(services, "p-crash", [notes])
        assert report.documents_seen == NOTES
        again = ingest_project(services, "p-crash", [notes])
        assert (again.documents_unchanged, again.chunks_written, again.chunks_removed) == (NOTES, 0, 0)

        ingest_project(services, "p-clean", [notes])  # the same files, ingested once without trouble
        assert shape(services, "p-crash") == shape(services, "p-clean")
        assert services.graph.run("testing.ingest_orphans")[0] == {
            "chunks_without_document": 0,
            "documents_without_chunks": 0,
            "chunks_without_vector": 0,
        }
    finally:
        services.close()
