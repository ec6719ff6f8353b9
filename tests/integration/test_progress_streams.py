"""Backups, restores and project transfers show their progress: streamed by the API, drawn by the CLI.

Through the CLI's runner against the live API (bars drawn into a buffer as at
a terminal, as in test_cli_output) and over HTTP with ``?stream=true``: each
stage counts up to its total, and the result comes last.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from tests.conftest import live_http
from tests.integration.test_cli_output import terminal

pytestmark = pytest.mark.integration

P = "p-bars"
MEMORIES = 30


def run(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--url", url])


def final_frame(drawn) -> str:
    """The last frame rich drew."""
    return drawn.getvalue().split("\r")[-1]


def events(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines()]


def counted(stream: list[dict], stage: str, label: str = "") -> list[tuple[int, int | None]]:
    return [(e["done"], e["total"]) for e in stream if e.get("stage") == stage and e.get("label") == label]


@pytest.fixture(scope="module")
def filled(live_api):
    """A project with some memories and relationships to count."""
    with live_http.client(live_api, timeout=60) as http:
        assert http.post("/projects/register", json={"id": P, "aliases": ["pb"]}).status_code == 201
        for n in range(MEMORIES):
            made = http.post("/memory", json={"memory_type": "knowledge", "content": f"bar fact {n}", "project": P})
            assert made.status_code == 201, made.text
    return live_api


def test_a_streamed_backup_counts_nodes_and_relationships_to_their_totals(filled) -> None:
    with live_http.client(filled, timeout=120) as http:
        stream = events(http.post("/admin/backups?stream=true", json={}))
    result = stream[-1]
    assert result["event"] == "result" and result["result"]["valid"]
    nodes, relationships = counted(stream, "nodes"), counted(stream, "relationships")
    assert nodes[0] == (0, nodes[-1][1]) and nodes[-1][0] == nodes[-1][1] == result["result"]["node_count"]
    assert relationships[-1][0] == relationships[-1][1] == result["result"]["relationship_count"]


def test_the_cli_draws_the_backup_and_the_restore(filled, monkeypatch) -> None:
    drawn = terminal(monkeypatch)
    made = run(filled, "backup", "create", "--json")
    assert made.exit_code == 0, made.output
    backup = json.loads(made.stdout)
    frame = final_frame(drawn)
    n, r = backup["node_count"], backup["relationship_count"]
    assert "backing up: nodes" in frame and f"{n:,}/{n:,} nodes" in frame
    assert f"{r:,}/{r:,} relationships" in frame and "nodes/s" in frame

    drawn = terminal(monkeypatch)
    restored = run(filled, "backup", "restore", backup["id"], "--yes", "--json")
    assert restored.exit_code == 0, restored.output
    report = json.loads(restored.stdout)
    assert report["restored_integrity_ok"] and report["nodes_restored"] == n
    frame = final_frame(drawn)
    assert "restoring pre-restore snapshot: nodes" in frame  # the safety snapshot has its own bars
    assert "restoring: wipe" in frame and "1/1 wipe" in frame and "restoring check: relationships" in frame
    assert "restoring: nodes" in frame and f"{n:,}/{n:,} nodes" in frame
    assert f"{r:,}/{r:,} relationships" in frame
    memories = run(filled, "memory", "list", "--project", P, "--json")
    assert json.loads(memories.stdout)["count"] == MEMORIES  # and the data is back


def test_a_restore_refused_streams_its_error(filled) -> None:
    with live_http.client(filled, timeout=60) as http:
        refused = http.post("/admin/backups/20000101T000000Z/restore?stream=true", json={"confirm": True})
    last = events(refused)[-1]  # the stream has begun (200): the error is its last event
    assert last["event"] == "error" and last["status"] == 404 and "20000101T000000Z" in last["message"]


def test_the_cli_draws_an_export_download_and_an_import(filled, monkeypatch, tmp_path) -> None:
    target = tmp_path / "bars.atocore.gz"
    drawn = terminal(monkeypatch)
    exported = run(filled, "project", "export", P, str(target), "--json")
    assert exported.exit_code == 0, exported.output
    size = target.stat().st_size
    assert f"{size:,}/{size:,} bytes" in final_frame(drawn) and "exporting download: bytes" in final_frame(drawn)

    drawn = terminal(monkeypatch)
    imported = run(filled, "project", "import", str(target), "--json")  # into its own instance: all there
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.stdout)
    frame = final_frame(drawn)
    nodes = json.loads(exported.stdout)["nodes"]
    assert "importing upload: bytes" in frame and f"{size:,}/{size:,} bytes" in frame
    assert "importing: nodes" in frame and f"{nodes:,}/{nodes:,} nodes" in frame
    assert "importing: relationships" in frame
    assert report["nodes_already_there"] == nodes and report["nodes_created"] == 0


def test_without_a_terminal_nothing_is_drawn(filled, tmp_path) -> None:
    target = tmp_path / "quiet.atocore.gz"
    result = CliRunner().invoke(cli, ["project", "export", P, str(target), "--url", filled])
    assert result.exit_code == 0 and result.stderr == "" and target.exists()
