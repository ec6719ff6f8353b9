"""The flat command names of earlier versions still work end to end, against the live API.

tests/unit/test_cli_tree.py proves each old name resolves exactly as its new
words do; here each one runs once for real, and the reads answer what their
new names answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from atocore.cli.main import OLD_NAMES, cli

pytestmark = pytest.mark.integration


def ok(url: str, *args: str, input: str | None = None):
    result = CliRunner().invoke(cli, [*args, "--url", url], env={}, input=input, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# The old listings are the plural names of their groups, which list when given no subcommand.
LISTINGS = {"projects": "project list", "memories": "memory list", "sources": "source list"}


def same(url: str, old: str, *args: str):
    """Run the old name and its new words with the same arguments; both answer alike."""
    answer = ok(url, old, *args)
    assert ok(url, *{**OLD_NAMES, **LISTINGS}[old].split(), *args) == answer, old
    return answer


@pytest.fixture(scope="module")
def url(live_api, source_dirs):
    root = source_dirs["vault"] / "old-names"
    root.mkdir(parents=True, exist_ok=True)
    (root / "pads.md").write_text("# Pads\n\nThe lateral support pads are bonded with RTV 566.\n")
    return live_api


def test_project_registry_and_ingestion_by_old_names(url) -> None:
    spec = {"id": "old-names", "aliases": ["oldn"], "ingest_roots": [{"source": "vault", "subpath": "old-names"}]}
    assert ok(url, "propose-project", json.dumps(spec))["valid"] is True
    assert ok(url, "register-project", json.dumps(spec))["id"] == "old-names"
    assert ok(url, "update-project", "oldn", "--description", "old names")["description"] == "old names"
    assert "old-names" in [p["id"] for p in same(url, "projects")]  # the plural group, listing
    same(url, "project-template")
    registry = same(url, "export-projects")
    assert "old-names" in ok(url, "import-projects", json.dumps(registry))["unchanged"]
    assert ok(url, "refresh-project", "oldn")["documents_added"] == 1
    assert [r["documents_unchanged"] for r in ok(url, "ingest-sources")["reports"] if r["project"] == "old-names"] == [
        1
    ]
    assert any(p["project"] == "old-names" for p in same(url, "stats")["projects"])
    assert any(p["project"] == "old-names" for p in same(url, "sources")["projects"])
    assert same(url, "detect-project", "how are the oldn pads bonded?")["project"] == "old-names"


def test_state_context_and_memories_by_old_names(url) -> None:
    ok(url, "project-state-set", "oldn", "decision", "bond", "RTV 566")
    assert [e["value"] for e in same(url, "project-state", "oldn")["entries"]] == ["RTV 566"]
    pack = ok(url, "context-build", "How are the pads bonded?", "--project", "oldn")
    assert pack["state_used"] == 1 and pack["chunks_used"] >= 1
    assert same(url, "debug-context")["prompt"] == "How are the pads bonded?"
    assert ok(url, "auto-context", "how are the oldn pads bonded?")["detected_project"] == "old-names"
    assert same(url, "audit-query", "pads bonded", "--project", "oldn")["counts"]["in-project"] >= 1
    assert ok(url, "project-state-invalidate", "oldn", "decision", "bond")["status"] == "invalid"

    memory = ok(url, "memory-add", "adaptation", "Bond the pads after cleaning", "--project", "oldn")
    assert [m["id"] for m in same(url, "memories", "--project", "oldn")["memories"]] == [memory["id"]]
    assert ok(url, "memory-update", memory["id"], "--confidence", "0.7")["confidence"] == 0.7
    assert ok(url, "memory-graduate", memory["id"])["entity"]["type"] == "Decision"


def test_interactions_and_review_by_old_names(url) -> None:
    response = "Decision: bond the pads with RTV 566\n"
    captured = ok(url, "capture", "what did we decide?", response, "--project", "old-names", "--no-reinforce")
    interaction_id = captured["interaction"]["id"]
    assert same(url, "get-interaction", interaction_id)["id"] == interaction_id
    listed = same(url, "list-interactions", "--project", "old-names")["interactions"]
    assert [i["id"] for i in listed] == [interaction_id]
    assert ok(url, "extract", interaction_id)["persist"] is False
    candidate = ok(url, "extract", interaction_id, "--persist")["candidates"][0]["memory_id"]
    assert [m["id"] for m in same(url, "queue", "--project", "old-names")["memories"]] == [candidate]
    assert ok(url, "promote", candidate, "--reason", "agreed")["status"] == "active"
    assert [r["action"] for r in same(url, "reviews", "--target-id", candidate)["reviews"]] == ["promote"]
    assert [r["memory_id"] for r in ok(url, "reinforce-interaction", interaction_id)["reinforced"]] == [candidate]
    other = ok(url, "memory-add", "project", "A remark", "--project", "oldn", "--candidate")
    assert ok(url, "reject", other["id"])["status"] == "invalid"


def test_every_old_name_runs_here() -> None:
    text = Path(__file__).read_text()
    assert [old for old in [*OLD_NAMES, *LISTINGS] if f'"{old}"' not in text] == []
