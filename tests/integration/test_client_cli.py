"""The operator client and its CLI commands against the live API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.client import AtoCoreClient, seg
from atocore.errors import ApiUnavailableError, ConflictError, GraphUnavailableError, NotFoundError, ValidationError
from atocore.runtime.server import free_port

pytestmark = pytest.mark.integration


def run(url: str, *args: str, env: dict | None = None):
    result = CliRunner().invoke(cli, [*args, "--url", url], env=env or {}, catch_exceptions=False)
    return result


def test_ids_in_paths_are_one_segment(live_api) -> None:
    assert seg("mem/evil/action") == "mem%2Fevil%2Faction"
    assert seg("a b?c#d") == "a%20b%3Fc%23d"
    seen: list[str] = []
    client = AtoCoreClient(live_api)
    client._http.event_hooks["request"].append(lambda request: seen.append(request.url.raw_path.decode()))
    with pytest.raises(NotFoundError):
        client.project("mem/evil/action")
    with pytest.raises(NotFoundError):
        client.update_project("../projects/register", {"description": "x"})
    client.close()
    assert seen == ["/projects/mem%2Fevil%2Faction", "/projects/..%2Fprojects%2Fregister"]


def test_register_list_and_conflict_through_cli(live_api) -> None:
    spec = json.dumps({"id": "cli-proj", "aliases": ["cp"]})
    created = run(live_api, "project", "register", spec)
    assert created.exit_code == 0, created.output
    assert json.loads(created.output)["id"] == "cli-proj"
    listed = json.loads(run(live_api, "project", "list").output)
    assert "cli-proj" in [p["id"] for p in listed]
    again = run(live_api, "project", "register", spec)
    assert again.exit_code == ConflictError.exit_code
    assert "already registered" in again.output
    updated = run(live_api, "project", "update", "cp", "--description", "via alias")
    assert json.loads(updated.output)["description"] == "via alias"


def test_bad_json_argument_is_a_clear_error(live_api) -> None:
    result = run(live_api, "project", "propose", "{not json")
    assert result.exit_code == 2 and "Could not read JSON" in result.output


def test_only_the_context_side_fails_open_when_the_api_is_down() -> None:
    """Context-side commands print the unavailable marker and exit 0; writes and admin fail closed either way."""
    dead = f"http://127.0.0.1:{free_port()}"
    for args in (["context", "build", "why?"], ["query", "pads"], ["q", "Q-006", "--project", "p"]):
        opened = run(dead, *args, env={"ATOCORE_FAIL_OPEN": "true"})
        assert opened.exit_code == 0, (args, opened.output)
        assert json.loads(opened.output.splitlines()[0]) == {"status": "unavailable", "fail_open": True}
    for args in (["memory", "add", "knowledge", "a fact"], ["project", "register", '{"id": "p"}'], ["project", "list"]):
        closed = run(dead, *args, env={"ATOCORE_FAIL_OPEN": "true"})
        assert closed.exit_code == ApiUnavailableError.exit_code, (args, closed.output)
        assert "unavailable" not in closed.stdout and closed.output.count("\n") == 1
    from atocore.config import get_settings

    get_settings.cache_clear()
    try:
        closed = run(dead, "context", "build", "why?", env={"ATOCORE_FAIL_OPEN": "false"})
    finally:
        get_settings.cache_clear()
    assert closed.exit_code == ApiUnavailableError.exit_code
    assert "unavailable" in closed.output


def test_version_flag() -> None:
    from atocore.client import CLIENT_VERSION

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and CLIENT_VERSION in result.output


def test_neo4j_down_fails_open_only_on_the_context_side(neo4j_down_api) -> None:
    """The API answers 503: context-side commands fail open, a write exits with the 503's code and one line."""
    opened = run(neo4j_down_api, "context", "build", "why?", env={"ATOCORE_FAIL_OPEN": "true"})
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.output.splitlines()[0]) == {"status": "unavailable", "fail_open": True}
    closed = run(neo4j_down_api, "memory", "add", "knowledge", "a fact", env={"ATOCORE_FAIL_OPEN": "true"})
    assert closed.exit_code == GraphUnavailableError.exit_code, closed.output
    assert closed.stdout == "" and closed.output.count("\n") == 1 and closed.output.startswith("error: ")


def test_list_all_follows_every_page(live_api) -> None:
    client = AtoCoreClient(live_api)
    for n in range(7):
        client.create_memory(memory_type="knowledge", content=f"paged {n}", project=None)
    one_page = json.loads(run(live_api, "memory", "list", "--limit", "3").output)
    assert one_page["count"] == 3 and one_page["next"]
    every = json.loads(run(live_api, "memory", "list", "--limit", "3", "--all").output)
    ids = [m["id"] for m in every["memories"]]
    assert len(ids) == len(set(ids)) == every["count"] >= 7 and every["next"] is None and every["pages"] >= 3
    too_many = run(live_api, "memory", "list", "--limit", "501")
    assert too_many.exit_code == ValidationError.exit_code and "limit" in too_many.output
