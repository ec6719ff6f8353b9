"""Capturing and listing interactions through /interactions, against the real Neo4j."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from atocore.services.paging import MAX_LIMIT
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-bulk", "p-cap", "p-filter", "p-since")


def capture(api, expect: int = 201, **fields) -> dict:
    body = {"prompt": "what next?", "response": "the answer", "reinforce": False, **fields}
    response = api.post("/interactions", json=body)
    assert response.status_code == expect, response.text
    return response.json()


def listed(api, **params) -> list[dict]:
    response = api.get("/interactions", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["interactions"])
    return body["interactions"]


def test_capture_stores_and_get_returns_it(api) -> None:
    made = capture(
        api, prompt="  Which database?  ", response="Neo4j.", project="p-cap", client="claude-code", session_id="s-1"
    )
    interaction = made["interaction"]
    assert (interaction["prompt"], interaction["response"], interaction["project"]) == (
        "Which database?",
        "Neo4j.",
        "p-cap",
    )
    assert (interaction["client"], interaction["session_id"], interaction["response_truncated"]) == (
        "claude-code",
        "s-1",
        False,
    )
    assert interaction["response_chars"] == 6 and interaction["created_at"]
    assert made["reinforcement"] is None and made["unknown_memories"] == [] and made["unknown_chunks"] == []
    fetched = api.get(f"/interactions/{interaction['id']}")
    assert fetched.status_code == 200 and fetched.json() == interaction


def test_blank_or_missing_prompt_is_422(api, graph) -> None:
    before = graph.run("health.label_counts")
    for body in ({"prompt": "   ", "response": "x"}, {"prompt": "", "response": "x"}, {"response": "x"}, {"prompt": 5}):
        response = api.post("/interactions", json=body)
        assert response.status_code == 422, (body, response.text)
        assert "prompt" in response.json()["message"]
    assert graph.run("health.label_counts") == before


def test_long_response_is_truncated_with_a_marker(api, services) -> None:
    limit = services.settings.interaction_max_response_chars
    assert limit == 50_000
    made = capture(api, response="y" * (limit + 123))["interaction"]
    assert made["response_truncated"] is True and made["response_chars"] == limit + 123
    assert (
        made["response"].startswith("y" * limit)
        and "[... truncated by AtoCore: kept the first 50,000 of 50,123 characters]" in made["response"]
    )
    assert capture(api, response="z" * limit)["interaction"]["response_truncated"] is False


def test_used_memories_and_chunks_are_linked_and_unknown_ids_reported(api, graph) -> None:
    memory = api.post("/memory", json={"memory_type": "knowledge", "content": "linked memory fact"}).json()
    made = capture(api, memories_used=[memory["id"], "no-such-memory", memory["id"]], chunks_used=["no-such-chunk"])
    assert made["interaction"]["memories_used"] == [memory["id"]]
    assert made["interaction"]["chunks_used"] == []
    assert made["unknown_memories"] == ["no-such-memory"] and made["unknown_chunks"] == ["no-such-chunk"]
    counts = {r["type"]: r["count"] for r in graph.run("testing.relationship_counts")}
    assert counts.get("USED_MEMORY") == 1 and "USED_CHUNK" not in counts


def test_project_alias_is_canonicalized_on_capture_and_filter(api, graph) -> None:
    graph.run("testing.create_project", id="p07-interferometer", aliases=["p07", "ifm"])
    made = capture(api, project="P07")["interaction"]
    assert made["project"] == "p07-interferometer"
    assert [i["id"] for i in listed(api, project="ifm")] == [made["id"]]


def test_filters_and_newest_first(api) -> None:
    first = capture(api, project="p-filter", session_id="s-a", client="codex")["interaction"]
    second = capture(api, project="p-filter", session_id="s-b", client="claude-code")["interaction"]
    third = capture(api, project="p-filter", session_id="s-a", client="claude-code")["interaction"]
    assert [i["id"] for i in listed(api, project="p-filter")] == [third["id"], second["id"], first["id"]]
    assert [i["id"] for i in listed(api, project="p-filter", session_id="s-a")] == [third["id"], first["id"]]
    assert [i["id"] for i in listed(api, project="p-filter", client="claude-code", limit=1)] == [third["id"]]
    assert listed(api, project="p-filter", client="nobody") == []


def test_since_spellings_of_one_instant_give_identical_results(api) -> None:
    early = capture(api, project="p-since")["interaction"]
    created = datetime.fromisoformat(early["created_at"]).astimezone(UTC)
    pivot = created.replace(microsecond=0) + timedelta(seconds=1)
    while datetime.now(UTC) < pivot + timedelta(milliseconds=100):
        time.sleep(0.05)
    later = [capture(api, project="p-since")["interaction"] for _ in range(2)]
    expected = [later[1]["id"], later[0]["id"]]

    spellings = [
        pivot.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pivot.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        pivot.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        pivot.strftime("%Y-%m-%dT%H:%M:%S.000000000+00:00"),
        pivot.astimezone(timezone(timedelta(hours=2))).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        pivot.astimezone(timezone(timedelta(hours=-5))).strftime("%Y-%m-%dT%H:%M:%S-05:00"),
        pivot.strftime("%Y-%m-%dT%H:%M:%S"),
        pivot.strftime("%Y-%m-%d %H:%M:%S"),
    ]
    results = {s: [i["id"] for i in listed(api, project="p-since", since=s)] for s in spellings}
    assert all(ids == expected for ids in results.values()), results
    assert early["id"] in [i["id"] for i in listed(api, project="p-since", since=early["created_at"])]  # inclusive


def test_malformed_since_is_422_with_the_accepted_forms(api) -> None:
    response = api.get("/interactions", params={"since": "last tuesday"})
    assert response.status_code == 422
    body = response.json()
    assert "since 'last tuesday' is not a timestamp" in body["message"]
    assert "2026-04-07T14:30:00Z" in body["detail"]["accepted"]


def test_unknown_interaction_is_404_everywhere(api) -> None:
    for method, path in [
        ("GET", "/interactions/nope"),
        ("POST", "/interactions/nope/reinforce"),
        ("POST", "/interactions/nope/extract"),
    ]:
        response = api.request(method, path)
        assert response.status_code == 404, (method, path, response.text)
        assert "no interaction with id 'nope'" in response.json()["message"]


def test_limit_default_cap_and_422(api, graph) -> None:
    for n in range(MAX_LIMIT + 1):
        graph.run(
            "interactions.create",
            id=f"bulk-{n}",
            prompt=f"p{n}",
            response="r",
            response_truncated=False,
            response_chars=1,
            project="p-bulk",
            client=None,
            session_id=None,
            memory_ids=[],
            chunk_ids=[],
        )
    assert api.get("/interactions", params={"project": "p-bulk", "limit": 10_000}).status_code == 422
    body = api.get("/interactions", params={"project": "p-bulk", "limit": MAX_LIMIT}).json()
    assert body["limit"] == MAX_LIMIT and body["count"] == MAX_LIMIT and body["next"]
    assert len(listed(api, project="p-bulk")) == 50
    assert api.get("/interactions", params={"limit": 0}).status_code == 422
