"""The knowledge commands of the operator CLI, end to end over HTTP."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli

pytestmark = pytest.mark.integration


def run(url: str, *args: str) -> dict | list:
    result = CliRunner().invoke(cli, [*args, "--url", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def project(live_api, source_dirs):
    root = source_dirs["vault"] / "cli-notes"
    root.mkdir(parents=True, exist_ok=True)
    (root / "optics.md").write_text("# Optics\n\n## Coatings\n\nThe fold mirror uses a protected silver coating.\n")
    (root / "other.md").write_text("# Budget\n\nTravel budget for the review is approved.\n")
    spec = {"id": "cli-kn", "aliases": ["clik"], "ingest_roots": [{"source": "vault", "subpath": "cli-notes"}]}
    run(live_api, "project", "register", json.dumps(spec))
    return live_api


def test_refresh_query_stats_sources(project) -> None:
    report = run(project, "project", "refresh", "clik")
    assert report["project"] == "cli-kn" and report["documents_added"] == 2
    again = run(project, "project", "refresh", "--all")
    assert [r["documents_unchanged"] for r in again["reports"] if r["project"] == "cli-kn"] == [2]
    hits = run(project, "query", "silver coating of the fold mirror", "--project", "clik", "--top-k", "3")["hits"]
    assert hits and hits[0]["source_file"].endswith("optics.md")
    stats = run(project, "project", "stats")
    assert any(p["project"] == "cli-kn" and p["documents"] == 2 for p in stats["projects"])
    sources = run(project, "source", "list")
    assert any(p["project"] == "cli-kn" and p["roots"][0]["exists"] for p in sources["projects"])


def test_state_memory_and_context(project) -> None:
    run(project, "state", "set", "clik", "decision", "coating", "protected silver", "--source", "review 3")
    state = run(project, "state", "get", "cli-kn")
    assert [(e["key"], e["value"]) for e in state["entries"]] == [("coating", "protected silver")]
    memory = run(project, "memory", "add", "project", "Silver coating chosen for the fold mirror", "--project", "clik")
    assert memory["project"] == "cli-kn" and memory["status"] == "active"
    listed = run(project, "memory", "list", "--project", "clik")
    assert [m["id"] for m in listed["memories"]] == [memory["id"]]
    updated = run(project, "memory", "update", memory["id"], "--confidence", "0.8")
    assert updated["confidence"] == 0.8
    pack = run(project, "context", "build", "Which coating does the fold mirror use?", "--project", "clik")
    assert pack["formatted_context"].startswith("=== Trusted project state ===")
    assert pack["state_used"] == 1 and pack["chunks_used"] >= 1
    assert run(project, "context", "last")["prompt"] == "Which coating does the fold mirror use?"
    gone = run(project, "state", "invalidate", "clik", "decision", "coating", "--reason", "superseded by gold")
    assert gone["status"] == "invalid"


def test_detect_auto_context_and_audit(project) -> None:
    assert run(project, "project", "detect", "what is the CLIK coating?")["project"] == "cli-kn"
    assert run(project, "project", "detect", "clikety-clack is not a project")["project"] is None
    auto = run(project, "context", "auto", "what does clik use for the fold mirror coating?")
    assert auto["detected_project"] == "cli-kn" and auto["project"] == "cli-kn"
    audit = run(project, "context", "audit", "fold mirror coating", "--project", "clik")
    assert audit["project"] == "cli-kn"
    assert audit["counts"]["in-project"] >= 1
    assert sum(audit["counts"].values()) == len(audit["hits"])


def test_memory_graduate_and_status_review(project) -> None:
    lesson = run(
        project,
        "memory",
        "add",
        "adaptation",
        "Re-torque the pad bolts after the first thermal cycle",
        "--project",
        "clik",
    )
    result = run(project, "memory", "graduate", lesson["id"], "--reason", "agreed in review")
    assert (result["memory"]["status"], result["entity"]["type"], result["entity"]["project"]) == (
        "graduated",
        "Decision",
        "cli-kn",
    )
    assert result["memory"]["graduated_to"] == result["entity"]["id"] and result["entity"]["orphan_provenance"] is True
    note = run(project, "memory", "add", "knowledge", "Fold mirror torque limit", "--project", "clik")
    limit = run(
        project,
        "memory",
        "graduate",
        note["id"],
        "--type",
        "parameter",
        "--key",
        "parameter.fold-torque",
        "--properties",
        '{"value": 2, "unit": "Nm"}',
    )["entity"]
    assert (limit["type"], limit["key"], limit["properties"]["value"], limit["properties"]["unit"]) == (
        "Parameter",
        "parameter.fold-torque",
        2,
        "Nm",
    )
    again = CliRunner().invoke(cli, ["memory", "graduate", note["id"], "--url", project])
    assert again.exit_code == 4 and f"graduated to entity {limit['id']}" in again.output

    waiting = run(project, "memory", "add", "project", "Spare pads are ordered", "--project", "clik", "--candidate")
    promoted = run(project, "memory", "update", waiting["id"], "--status", "active", "--reason", "confirmed")
    assert (promoted["status"], promoted["review_action"], promoted["review_reason"]) == (
        "active",
        "promote",
        "confirmed",
    )
