"""Trusted project state through /project/state, against the real Neo4j."""

from __future__ import annotations

import pytest

from atocore.services.context import read_knowledge
from atocore.services.state import StateCategory
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-bad", "p-chain", "p-idem", "p-inv", "p-sort")


def put(api, expect: int = 201, **fields):
    response = api.post("/project/state", json=fields)
    assert response.status_code == expect, response.text
    return response.json()


def entries(api, name: str, **params) -> list[dict]:
    response = api.get(f"/project/state/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()["entries"]


def test_write_then_read_sorted_by_category_and_key(api) -> None:
    put(api, project="p-sort", category="status", key="next_focus", value="wave 2", source="weekly review")
    put(api, project="p-sort", category="decision", key="storage", value="neo4j", confidence=0.9)
    put(api, project="p-sort", category="decision", key="api", value="fastapi")
    got = entries(api, "p-sort")
    assert [(e["category"], e["key"]) for e in got] == [
        ("decision", "api"),
        ("decision", "storage"),
        ("status", "next_focus"),
    ]
    storage = got[1]
    assert storage["value"] == "neo4j" and storage["confidence"] == 0.9 and storage["status"] == "active"
    assert storage["source"] is None and got[2]["source"] == "weekly review" and got[0]["confidence"] == 1.0
    assert storage["created_at"] == storage["updated_at"] and storage["supersedes"] is None
    assert [e["key"] for e in entries(api, "p-sort", category="status")] == ["next_focus"]


def test_new_value_supersedes_and_history_keeps_the_chain(api, graph) -> None:
    first = put(api, project="p-chain", category="status", key="phase", value="design")
    second = put(api, project="p-chain", category="status", key="phase", value="build")
    third = put(api, project="p-chain", category="status", key="phase", value="test")
    assert third["supersedes"] == second["id"] and second["supersedes"] == first["id"]

    active = entries(api, "p-chain")
    assert [(e["id"], e["value"]) for e in active] == [(third["id"], "test")]

    history = entries(api, "p-chain", include_history="true")
    assert [(e["value"], e["status"]) for e in history] == [
        ("test", "active"),
        ("build", "superseded"),
        ("design", "superseded"),
    ]
    assert history[1]["superseded_at"] is not None and history[1]["supersedes"] == first["id"]
    assert [e["value"] for e in read_knowledge(graph, "p-chain", "phase")["state"]] == ["test"]


def test_writing_the_same_value_again_changes_nothing(api) -> None:
    created = put(api, project="p-idem", category="constraint", key="budget", value="10k EUR")
    again = put(api, 200, project="p-idem", category="constraint", key="budget", value="  10k EUR ", source="other")
    assert again == created
    assert len(entries(api, "p-idem", include_history=True)) == 1


def test_invalidate_then_404_when_nothing_is_active(api) -> None:
    put(api, project="p-inv", category="risk", key="supplier", value="single source")
    gone = api.request(
        "DELETE",
        "/project/state",
        json={"project": "p-inv", "category": "risk", "key": "supplier", "reason": "second supplier found"},
    )
    assert gone.status_code == 200, gone.text
    body = gone.json()
    assert body["status"] == "invalid" and body["reason"] == "second supplier found" and body["invalidated_at"]
    assert entries(api, "p-inv") == []
    assert [e["status"] for e in entries(api, "p-inv", include_history=True)] == ["invalid"]

    again = api.delete("/project/state", params={"project": "p-inv", "category": "risk", "key": "supplier"})
    assert again.status_code == 404
    assert "no active state entry p-inv/risk/supplier" in again.json()["message"]

    # The key can be written again after an invalidation; a fresh entry, not a supersession.
    revived = put(api, project="p-inv", category="risk", key="supplier", value="price increase")
    assert revived["supersedes"] is None


def test_invalid_category_is_422_listing_the_valid_ones(api) -> None:
    put(api, project="p-bad", category="status", key="k", value="v")  # a project that holds data: reads find it
    response = api.post("/project/state", json={"project": "p-bad", "category": "wishlist", "key": "k", "value": "v"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]["valid"] == [c.value for c in StateCategory]
    assert "wishlist" in body["message"] and "status, decision, constraint, summary" in body["message"]
    assert api.get("/project/state/p-bad", params={"category": "wishlist"}).status_code == 422
    assert api.delete("/project/state", params={"project": "p-bad", "category": "nope", "key": "k"}).status_code == 422


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"key": "  ", "value": "v"}, "key must not be empty"),
        ({"key": "k", "value": ""}, "value must not be empty"),
        ({"key": "k", "value": "v", "confidence": 1.5}, "confidence must be a number from 0 to 1"),
        ({"key": "k", "value": "v", "project": " "}, "project must not be empty"),
    ],
)
def test_bad_input_is_422_saying_what_to_fix(api, fields, fragment) -> None:
    response = api.post("/project/state", json={"project": "p-bad", "category": "status", **fields})
    assert response.status_code == 422, response.text
    assert fragment in response.json()["message"]


def test_delete_without_a_key_is_422(api) -> None:
    api.post("/project/state", json={"project": "p-bad", "category": "status", "key": "k", "value": "v"})
    response = api.delete("/project/state", params={"project": "p-bad", "category": "status"})
    assert response.status_code == 422 and "key must not be empty" in response.json()["message"]


def test_aliases_resolve_to_the_canonical_project(api, graph) -> None:
    graph.run("testing.create_project", id="p05-interferometer", aliases=["p05", "Interferometer"])
    written = put(api, project="P05", category="summary", key="what", value="a fringe analysis rig")
    assert written["project"] == "p05-interferometer"
    put(api, 200, project="interferometer", category="summary", key="what", value="a fringe analysis rig")

    response = api.get("/project/state/p05")
    assert response.json()["project"] == "p05-interferometer"
    assert [e["id"] for e in response.json()["entries"]] == [written["id"]]
    assert entries(api, "p05-interferometer") == response.json()["entries"]
    gone = api.delete("/project/state", params={"project": "INTERFEROMETER", "category": "summary", "key": "what"})
    assert gone.status_code == 200 and gone.json()["id"] == written["id"]


def test_an_unknown_project_is_a_404_naming_it(api) -> None:
    response = api.get("/project/state/never-written")
    assert response.status_code == 404 and "Unknown project 'never-written'" in response.json()["message"]
