"""The one review queue through `atocore review` against the live API: every kind, oldest first, decided in place."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.errors import ConflictError, NotFoundError

pytestmark = pytest.mark.integration
NOTE = [{"artifact": "note://review-queue"}]
EXPORT = {
    "exporter": "kb-cad",
    "exporter_version": "1.0.0",
    "exported_at": "2026-04-07T12:00:00Z",
    "project": "p-rq",
    "subsystems": [{"id": "subsystem.rq-frame", "name": "RQ frame", "parent": None}],
}


def run(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--url", url, "--json"], catch_exceptions=False)


@pytest.fixture(scope="module")
def queued(live_api) -> dict:
    http = httpx.Client(base_url=live_api, timeout=60)
    http.post("/projects/register", json={"id": "p-rq", "aliases": ["rq"]}).raise_for_status()
    made: dict = {}
    made["memory"] = http.post(
        "/memory",
        json={"memory_type": "knowledge", "content": "Pads are GF-PTFE", "project": "rq", "status": "candidate"},
    ).json()
    body = {"type": "Component", "project": "p-rq", "source_refs": NOTE}
    made["pad"] = http.post("/entities", json={**body, "name": "pad"}).json()
    made["cell"] = http.post("/entities", json={**body, "type": "Subsystem", "name": "cell"}).json()
    made["relationship"] = http.post(
        "/relationships",
        json={"type": "CONTAINS", "from_id": made["cell"]["id"], "to_id": made["pad"]["id"], "status": "candidate"},
    ).json()
    made["import"] = http.post("/ingest/kb-cad/export", json=EXPORT).json()
    http.post("/memory", json={"memory_type": "knowledge", "content": "elsewhere", "status": "candidate"})
    return {"url": live_api, **made}


def test_everything_waiting_is_one_list_oldest_first(queued) -> None:
    result = run(queued["url"], "review", "--project", "rq")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    kinds = [item["kind"] for item in items]
    assert kinds[:4] == ["memory", "entity", "entity", "relationship"] and kinds.count("import") == 1
    assert [i["created_at"] for i in items] == sorted(i["created_at"] for i in items)
    relationship = next(i for i in items if i["kind"] == "relationship")
    assert relationship["title"] == "subsystem.cell -CONTAINS-> component.pad"
    imported = [i for i in items if i["import_id"] == queued["import"]["import_id"]]
    assert {i["kind"] for i in imported} == {"entity", "import"}
    assert {i["project"] for i in items} == {"p-rq"}


def test_filters_by_kind_and_refuses_an_unknown_project(queued) -> None:
    only = json.loads(run(queued["url"], "review", "list", "--project", "p-rq", "--kind", "relationship").output)
    assert [i["id"] for i in only["items"]] == [queued["relationship"]["id"]]
    everywhere = json.loads(run(queued["url"], "review", "list", "--kind", "memory").output)
    assert {i["project"] for i in everywhere["items"]} == {"p-rq", None}
    typo = run(queued["url"], "review", "--project", "p-rqq")
    assert typo.exit_code == NotFoundError.exit_code and "Did you mean 'p-rq'?" in typo.output


def test_promote_and_reject_from_the_queue(queued) -> None:
    url = queued["url"]
    promoted = run(url, "review", "promote", "entity", queued["pad"]["id"], "--reason", "checked")
    assert promoted.exit_code == 0 and json.loads(promoted.output)["status"] == "active"
    rejected = run(url, "review", "reject", "memory", queued["memory"]["id"])
    assert rejected.exit_code == 0 and json.loads(rejected.output)["status"] == "invalid"
    imported = run(url, "review", "promote", "import", queued["import"]["import_id"])
    assert imported.exit_code == 0 and json.loads(imported.output)["promoted"] == 1
    again = run(url, "review", "promote", "entity", queued["pad"]["id"])
    assert again.exit_code == ConflictError.exit_code
    left = json.loads(run(url, "review", "--project", "p-rq").output)["items"]
    assert [i["kind"] for i in left] == ["entity", "relationship"]
    bad = run(url, "review", "promote", "entity", "no-such-id")
    assert bad.exit_code == NotFoundError.exit_code
