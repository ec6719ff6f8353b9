"""`atocore mcp` over stdio, driven by the MCP SDK's own client against the live API."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from atocore.config import REPO_ROOT
from atocore.runtime.server import free_port
from tests.conftest import live_http

pytestmark = pytest.mark.integration

TOOLS = {
    "context_build",
    "search",
    "capture",
    "project_state",
    "list_projects",
    "review_queue",
    "list_queries",
    "run_query",
    "mirror_page",
    "remember",
    "search_entities",
    "search_relationships",
    "recent_interactions",
    "project_status",
    "review_decide",
    "resolve_conflict",
}
WRITES = {"capture", "remember", "review_decide", "resolve_conflict"}
DESTRUCTIVE = {"review_decide", "resolve_conflict"}


@pytest.fixture(scope="module")
def project(live_api, source_dirs) -> str:
    root = source_dirs["vault"] / "mcp-notes"
    root.mkdir(parents=True, exist_ok=True)
    (root / "cell.md").write_text(
        "# Mirror cell\n\n## Supports\n\nThe mirror rests on three felt pads bonded to invar flexures.\n"
    )
    (root / "travel.md").write_text("# Travel\n\nThe design review takes place in Lyon in June.\n")
    spec = {"id": "mcp-kn", "aliases": ["mcpk"], "ingest_roots": [{"source": "vault", "subpath": "mcp-notes"}]}
    live_http.post(f"{live_api}/projects/register", json=spec).raise_for_status()
    live_http.post(f"{live_api}/projects/mcp-kn/refresh", timeout=120).raise_for_status()
    state = {"project": "mcp-kn", "category": "decision", "key": "pads", "value": "felt pads on invar flexures"}
    live_http.post(f"{live_api}/project/state", json=state).raise_for_status()
    candidate = {
        "memory_type": "project",
        "content": "The pads may creep under load",
        "project": "mcp-kn",
        "status": "candidate",
    }
    live_http.post(f"{live_api}/memory", json=candidate).raise_for_status()
    return live_api


def session_calls(base_url: str, calls: list[tuple[str, dict]], token: str | None = None) -> tuple[set[str], list]:
    """Start `atocore mcp` over stdio, list its tools, make the calls; (tool names, results).

    The server sends ``token`` (default: the admin token live_api put in ATOCORE_TOKEN).
    """
    token = os.environ.get("ATOCORE_TOKEN", "") if token is None else token

    async def run():
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "atocore", "mcp"],
            env={"ATOCORE_BASE_URL": base_url, "ATOCORE_TIMEOUT_SECONDS": "60", "ATOCORE_TOKEN": token},
            cwd=str(REPO_ROOT),
        )
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            names = {tool.name for tool in (await session.list_tools()).tools}
            return names, [await session.call_tool(name, arguments) for name, arguments in calls]

    return asyncio.run(run())


def payload(result) -> dict | list:
    assert not result.is_error, result.content
    [block] = result.content
    return json.loads(block.text)


def test_tools_answer_from_the_api(project) -> None:
    prompt = "What does the mirror rest on?"
    names, results = session_calls(
        project,
        [
            ("list_projects", {}),
            ("context_build", {"prompt": prompt, "project": "mcpk"}),
            ("search", {"prompt": "felt pads invar flexures", "project": "mcp-kn", "top_k": 2}),
            ("project_state", {"project": "mcpk"}),
            ("review_queue", {"project": "mcp-kn"}),
            ("context_build", {"prompt": prompt, "budget": 50}),  # the API refuses a budget this small
        ],
    )
    assert names == TOOLS
    projects, pack, hits, state, queue, refused = results

    assert "mcp-kn" in [p["id"] for p in payload(projects)]
    pack = payload(pack)
    assert pack["project"] == "mcp-kn" and pack["prompt"] == prompt
    assert pack["state_used"] == 1 and pack["chunks_used"] >= 1
    assert "felt pads on invar flexures" in pack["formatted_context"]
    assert any(c["source_file"].endswith("cell.md") for c in pack["chunks"])
    assert payload(hits)["hits"][0]["source_file"].endswith("cell.md")
    assert [(e["key"], e["value"]) for e in payload(state)["entries"]] == [("pads", "felt pads on invar flexures")]
    assert [(i["kind"], i["title"]) for i in payload(queue)["items"]] == [("memory", "The pads may creep under load")]
    assert refused.is_error and "422" in refused.content[0].text


def test_capture_records_the_exchange(project) -> None:
    arguments = {
        "prompt": "Which pads does mcpk use?",
        "response": "Felt pads.",
        "project": "mcpk",
        "session_id": "mcp-session-1",
    }
    _, [result] = session_calls(project, [("capture", arguments)])
    captured = payload(result)
    assert captured["reinforcement"] is None  # the tool captures without reinforcing
    stored = captured["interaction"]
    assert (stored["prompt"], stored["response"], stored["project"], stored["client"], stored["session_id"]) == (
        "Which pads does mcpk use?",
        "Felt pads.",
        "mcp-kn",
        "mcp",
        "mcp-session-1",
    )
    listed = live_http.get(f"{project}/interactions", params={"session_id": "mcp-session-1"}).json()["interactions"]
    assert [i["id"] for i in listed] == [stored["id"]]


def test_unavailable_api_is_a_tool_error_not_a_crash() -> None:
    names, [result, again] = session_calls(
        f"http://127.0.0.1:{free_port()}", [("list_projects", {}), ("context_build", {"prompt": "anything at all"})]
    )
    assert names == TOOLS
    for answer in (result, again):
        assert answer.is_error and "unavailable" in answer.content[0].text


def test_catalog_queries_through_mcp(project) -> None:
    note = [{"artifact": "note://mcp"}]
    for key, name in (("requirement.covered", "Covered"), ("requirement.orphan", "Orphan")):
        body = {
            "type": "Requirement",
            "key": key,
            "name": name,
            "project": "mcp-kn",
            "status": "active",
            "properties": {"text": name},
            "source_refs": note,
        }
        live_http.post(f"{project}/entities", json=body).raise_for_status()
    part = live_http.post(
        f"{project}/entities",
        json={"type": "Component", "name": "Pad", "project": "mcp-kn", "status": "active", "source_refs": note},
    ).json()
    covered = live_http.get(f"{project}/entities", params={"project": "mcp-kn", "key": "requirement.covered"}).json()[
        "entities"
    ][0]
    live_http.post(
        f"{project}/relationships", json={"type": "SATISFIES", "from_id": part["id"], "to_id": covered["id"]}
    ).raise_for_status()
    _, (listing, orphans, refused, unknown) = session_calls(
        project,
        [
            ("list_queries", {}),
            ("run_query", {"query_id": "Q-006", "project": "mcpk"}),
            ("run_query", {"query_id": "Q-001", "project": "mcpk"}),  # subsystem missing
            ("run_query", {"query_id": "Q-999", "params": {"project": "mcp-kn"}}),
        ],
    )
    assert [q["id"] for q in payload(listing)["queries"]] == [f"Q-{n:03d}" for n in range(1, 23)]
    answer = payload(orphans)
    assert (answer["query"], [r["key"] for r in answer["rows"]]) == ("Q-006", ["requirement.orphan"])
    assert (
        refused.is_error
        and "422" in refused.content[0].text
        and "subsystem (STRING) is required" in refused.content[0].text
    )
    assert unknown.is_error and "404" in unknown.content[0].text


def tool_list(base_url: str) -> list:
    async def run():
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "atocore", "mcp"],
            env={"ATOCORE_BASE_URL": base_url},
            cwd=str(REPO_ROOT),
        )
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return (await session.list_tools()).tools

    return asyncio.run(run())


def test_every_tool_says_whether_it_writes_and_whether_it_can_undo(project) -> None:
    tools = {t.name: t for t in tool_list(project)}
    assert set(tools) == TOOLS
    for name, found in tools.items():
        hints = found.annotations
        assert hints is not None and hints.read_only_hint is (name not in WRITES), name
        assert hints.destructive_hint is (name in DESTRUCTIVE), name
    assert tools["project_status"].output_schema is not None  # structured results
    assert tools["remember"].input_schema["required"] == ["content"]


def test_remember_search_status_and_review_through_mcp(project) -> None:
    note = [{"artifact": "note://mcp-status"}]
    for kind, name, facts in (
        ("Component", "Flexure blade", None),
        ("Requirement", "Flexure stiffness", {"text": "The flexure is stiff enough"}),
    ):
        body = {"type": kind, "name": name, "project": "mcp-kn", "status": "active", "source_refs": note}
        body["properties"] = facts
        live_http.post(f"{project}/entities", json=body).raise_for_status()
    link = {"type": "SATISFIES", "from_id": "component.flexure-blade", "to_id": "requirement.flexure-stiffness"}
    live_http.post(f"{project}/relationships", json={**link, "project": "mcp-kn"}).raise_for_status()
    _, results = session_calls(
        project,
        [
            ("remember", {"content": "Flexures are ground, not wire-cut › tighter tolerances", "project": "mcpk"}),
            ("search_entities", {"text": "flexure blade", "project": "mcpk"}),
            ("search_relationships", {"project": "mcpk", "entity": "component.flexure-blade"}),
            ("recent_interactions", {"project": "mcpk"}),
            ("project_status", {"project": "mcpk"}),
            ("project_status", {"project": "mcp-kx"}),
        ],
    )
    remembered, entities, relationships, interactions, status, typo = results
    text = remembered.content[0].text
    assert "›" in text and "\\u203a" not in text  # real Unicode
    memory = payload(remembered)
    assert (memory["status"], memory["project"], memory["memory_type"]) == ("candidate", "mcp-kn", "knowledge")
    assert remembered.structured_content["id"] == memory["id"]
    assert payload(entities)["entities"][0]["key"] == "component.flexure-blade"
    [rel] = payload(relationships)["relationships"]
    assert rel["type"] == "SATISFIES"
    assert isinstance(payload(interactions)["interactions"], list)
    summary = payload(status)
    assert summary["project"] == "mcp-kn" and summary["counts"]["documents"] >= 1
    assert summary["review_backlog"]["by_kind"]["memory"] >= 2 and summary["open_conflicts"] == 0
    assert typo.is_error and "Unknown project 'mcp-kx'. Did you mean 'mcp-kn'" in typo.content[0].text

    _, [decided, again] = session_calls(
        project,
        [
            ("review_decide", {"kind": "memory", "item_id": memory["id"], "decision": "reject", "reason": "dup"}),
            ("review_decide", {"kind": "memory", "item_id": memory["id"], "decision": "reject"}),
        ],
    )
    assert payload(decided)["status"] == "invalid"
    assert again.is_error and "409" in again.content[0].text


def test_a_write_under_a_near_miss_project_is_a_tool_error(project) -> None:
    _, [typo, global_note] = session_calls(
        project,
        [
            ("remember", {"content": "Pads are bonded with a low-outgassing epoxy", "project": "mcp-kx"}),
            ("remember", {"content": "Prefer metric units in every note"}),  # global: no project
        ],
    )
    assert typo.is_error and "Unknown project 'mcp-kx'. Did you mean 'mcp-kn'" in typo.content[0].text
    assert payload(global_note)["project"] is None


def test_project_status_counts_the_whole_backlog_beyond_one_page(live_api) -> None:
    live_http.post(f"{live_api}/projects/register", json={"id": "mcp-backlog"}).raise_for_status()
    for n in range(503):  # more than the tool's page of 500
        body = {"memory_type": "project", "content": f"Backlog note {n}", "project": "mcp-backlog"}
        live_http.post(f"{live_api}/memory", json={**body, "status": "candidate"}).raise_for_status()
    _, [status] = session_calls(live_api, [("project_status", {"project": "mcp-backlog"})])
    assert payload(status)["review_backlog"] == {"total": 503, "by_kind": {"memory": 503}}
