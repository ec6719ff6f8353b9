"""The reflection loop through the operator client and its CLI commands, against the live API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.client import AtoCoreClient
from atocore.errors import ConflictError, NotFoundError
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-cli")


def run(url: str, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, [*args, "--url", url], env={}, input=input, catch_exceptions=False)


def ok(url: str, *args: str, input: str | None = None):
    result = run(url, *args, input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # stderr may carry driver warnings


def test_promote_with_a_slashed_id_reaches_no_other_route(live_api) -> None:
    seen: list[str] = []
    client = AtoCoreClient(live_api)
    client._http.event_hooks["request"].append(lambda request: seen.append(request.url.raw_path.decode()))
    with pytest.raises(NotFoundError):
        client.promote("mem/evil/action")
    with pytest.raises(NotFoundError):
        client.reject("../interactions")
    with pytest.raises(NotFoundError):
        client.extract("x/extract", persist=True)
    client.close()
    assert seen == [
        "/memory/mem%2Fevil%2Faction/promote",
        "/memory/..%2Finteractions/reject",
        "/interactions/x%2Fextract/extract",
    ]
    result = run(live_api, "memory", "promote", "mem/evil/action")
    assert result.exit_code == NotFoundError.exit_code


def test_capture_extract_queue_and_review_through_the_cli(live_api) -> None:
    captured = ok(
        live_api,
        "interaction",
        "capture",
        "what did we settle?",
        "-",
        "--project",
        "p-cli",
        "--client",
        "cli",
        "--session-id",
        "s-9",
        "--no-reinforce",
        input="Decision: keep the CLI output JSON when piped\nConstraint: never print secrets to stdout\n",
    )
    interaction = captured["interaction"]
    assert (interaction["project"], interaction["client"], interaction["session_id"]) == ("p-cli", "cli", "s-9")
    assert captured["reinforcement"] is None
    interaction_id = interaction["id"]

    assert ok(live_api, "interaction", "show", interaction_id)["id"] == interaction_id
    listed = ok(
        live_api,
        "interaction",
        "list",
        "--project",
        "p-cli",
        "--client",
        "cli",
        "--session-id",
        "s-9",
        "--since",
        "2020-01-01 00:00:00",
        "--limit",
        "5",
    )
    assert [i["id"] for i in listed["interactions"]] == [interaction_id]
    bad_since = run(live_api, "interaction", "list", "--since", "soon")
    assert bad_since.exit_code == 2 and "ISO 8601" in bad_since.output

    preview = ok(live_api, "interaction", "extract", interaction_id)
    assert preview["persist"] is False and len(preview["candidates"]) == 2
    assert ok(live_api, "memory", "queue", "--project", "p-cli")["memories"] == []
    persisted = ok(live_api, "interaction", "extract", interaction_id, "--persist")
    first, second = (c["memory_id"] for c in persisted["candidates"])
    assert {m["id"] for m in ok(live_api, "memory", "queue", "--project", "p-cli", "--limit", "10")["memories"]} == {
        first,
        second,
    }

    assert ok(live_api, "memory", "promote", first, "--reason", "agreed")["status"] == "active"
    assert ok(live_api, "memory", "reject", second)["status"] == "invalid"
    again = run(live_api, "memory", "promote", second)
    assert again.exit_code == ConflictError.exit_code and "is invalid" in again.output
    assert [r["action"] for r in ok(live_api, "memory", "reviews", "--target-id", first)["reviews"]] == ["promote"]

    reinforced = ok(live_api, "interaction", "reinforce", interaction_id)
    assert [r["memory_id"] for r in reinforced["reinforced"]] == [first]  # the promoted decision is restated
    assert ok(live_api, "interaction", "reinforce", interaction_id)["already_reinforced"] == [first]
