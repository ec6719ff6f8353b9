"""Memories and their review queue through /memory, against the real Neo4j."""

from __future__ import annotations

from datetime import datetime

import pytest

from atocore.services.context import read_knowledge
from atocore.services.memories import MemoryStatus, MemoryType, create_memory
from atocore.services.paging import MAX_LIMIT
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-bulk", "p-ctx", "p-elsewhere", "p-list", "p-other")


def when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def create(api, expect: int = 201, **fields) -> dict:
    response = api.post("/memory", json={"memory_type": "knowledge", "content": "a fact", **fields})
    assert response.status_code == expect, response.text
    return response.json()


def listed(api, **params) -> list[dict]:
    response = api.get("/memory", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["memories"])
    return body["memories"]


def test_create_get_and_defaults(api) -> None:
    made = create(api, memory_type="preference", content="  prefers metric units ", source="chat 2026-11-01")
    assert made["content"] == "prefers metric units"
    assert (made["status"], made["confidence"], made["project"]) == ("active", 1.0, None)
    assert (made["reference_count"], made["last_referenced_at"], made["source"]) == (0, None, "chat 2026-11-01")
    assert made["created_at"] == made["updated_at"] and made["reviewed_at"] is None
    fetched = api.get(f"/memory/{made['id']}")
    assert fetched.status_code == 200 and fetched.json() == made


def test_list_filters_and_orders_by_update(api) -> None:
    old = create(api, memory_type="episodic", content="drill ran", project="p-list")
    new = create(
        api, memory_type="episodic", content="drill ran again", project="p-list", status="candidate", confidence=0.4
    )
    create(api, memory_type="knowledge", content="unrelated", project="p-other")
    assert [m["id"] for m in listed(api, project="p-list")] == [new["id"], old["id"]]
    assert [m["id"] for m in listed(api, project="p-list", status="candidate")] == [new["id"]]
    assert [m["id"] for m in listed(api, project="p-list", memory_type="knowledge")] == []
    api.put(f"/memory/{old['id']}", json={"confidence": 0.7})
    assert [m["id"] for m in listed(api, project="p-list")] == [old["id"], new["id"]]


def test_update_edits_fields_and_keeps_the_rest(api) -> None:
    made = create(api, content="uses fastapi", confidence=0.5)
    response = api.put(f"/memory/{made['id']}", json={"content": "uses FastAPI 0.115+", "confidence": 0.8})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["content"], body["confidence"], body["status"]) == ("uses FastAPI 0.115+", 0.8, "active")
    assert body["created_at"] == made["created_at"] and when(body["updated_at"]) > when(made["updated_at"])
    assert api.put(f"/memory/{made['id']}", json={"status": "superseded"}).json()["status"] == "superseded"
    empty = api.put(f"/memory/{made['id']}", json={})
    assert empty.status_code == 422 and "give content, confidence or status" in empty.json()["message"]
    assert api.put(f"/memory/{made['id']}", json={"content": " "}).status_code == 422


def records(api, memory_id: str) -> list[tuple]:
    reviews = api.get("/reviews", params={"target_id": memory_id}).json()["reviews"]
    return [(r["action"], r["from_status"], r["to_status"], r["reason"]) for r in reviews]


@pytest.mark.parametrize(
    ("start", "status", "action"),
    [
        ("candidate", "active", "promote"),
        ("candidate", "invalid", "reject"),
        ("active", "superseded", "supersede"),
        ("active", "invalid", "invalidate"),
    ],
)
def test_a_status_change_through_put_is_a_recorded_review(api, start, status, action) -> None:
    made = create(api, content=f"put {start} to {status}", status=start)
    response = api.put(f"/memory/{made['id']}", json={"status": status.upper(), "reason": "curated"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["review_action"], body["review_reason"]) == (status, action, "curated")
    assert records(api, made["id"]) == [(action, start, status, "curated")]


def test_put_refuses_status_changes_promote_and_reject_would_refuse(api) -> None:
    dropped = create(api, content="put: dropped", status="candidate")
    api.put(f"/memory/{dropped['id']}", json={"status": "invalid"})
    for status in ("active", "candidate", "superseded"):
        response = api.put(f"/memory/{dropped['id']}", json={"status": status, "content": "revived"})
        assert response.status_code == 409, response.text
        body = response.json()
        assert f"is invalid and cannot become {status}" in body["message"] and "/promote" in body["message"]
        assert body["detail"]["allowed"] == [
            "candidate->active",
            "candidate->invalid",
            "active->superseded",
            "active->invalid",
        ]
    after = api.get(f"/memory/{dropped['id']}").json()
    assert (after["status"], after["content"]) == ("invalid", "put: dropped")  # the edit was refused with the change
    assert [r[0] for r in records(api, dropped["id"])] == ["reject"]
    waiting = create(api, content="put: waiting", status="candidate")
    assert api.put(f"/memory/{waiting['id']}", json={"status": "superseded"}).status_code == 409
    graduated = api.put(f"/memory/{waiting['id']}", json={"status": "graduated"})
    assert graduated.status_code == 422 and f"POST /memory/{waiting['id']}/graduate" in graduated.json()["message"]
    assert api.get(f"/memory/{waiting['id']}").json()["status"] == "candidate"


def test_put_with_the_current_status_is_an_edit_without_a_review(api) -> None:
    made = create(api, content="put: same status")
    body = api.put(f"/memory/{made['id']}", json={"status": "active", "confidence": 0.6}).json()
    assert (body["status"], body["confidence"], body["review_action"]) == ("active", 0.6, None)
    assert records(api, made["id"]) == []
    both = api.put(f"/memory/{made['id']}", json={"status": "superseded", "content": "put: replaced"}).json()
    assert (both["status"], both["content"], both["review_action"]) == ("superseded", "put: replaced", "supersede")


def test_promote_and_reject_record_the_review(api) -> None:
    first = create(api, content="prefers short answers", memory_type="preference", status="candidate")
    second = create(api, content="hates tabs", memory_type="preference", status="candidate")
    assert {m["id"] for m in listed(api, status="candidate")} >= {first["id"], second["id"]}

    promoted = api.post(f"/memory/{first['id']}/promote", json={"reason": "confirmed in chat"})
    assert promoted.status_code == 200, promoted.text
    body = promoted.json()
    assert (body["status"], body["review_action"], body["review_reason"]) == ("active", "promote", "confirmed in chat")
    assert body["reviewed_at"] is not None

    rejected = api.post(f"/memory/{second['id']}/reject")  # no body: the reason is optional
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["review_action"], rejected.json()["review_reason"]) == (
        "invalid",
        "reject",
        None,
    )
    assert first["id"] not in {m["id"] for m in listed(api, status="candidate")}


@pytest.mark.parametrize("action", ["promote", "reject"])
def test_review_of_a_non_candidate_is_409_naming_its_status(api, action) -> None:
    made = create(api, content=f"already active for {action}")
    response = api.post(f"/memory/{made['id']}/{action}", json={"reason": "x"})
    assert response.status_code == 409
    assert f"is active; only a candidate memory can be {action}d" in response.json()["message"]
    assert response.json()["detail"]["status"] == "active"
    unchanged = api.get(f"/memory/{made['id']}").json()
    assert unchanged["status"] == "active" and unchanged["reviewed_at"] is None


def test_unknown_id_is_404_everywhere(api) -> None:
    for method, path, body in [
        ("GET", "/memory/nope", None),
        ("PUT", "/memory/nope", {"confidence": 0.5}),
        ("POST", "/memory/nope/promote", None),
        ("POST", "/memory/nope/reject", None),
    ]:
        response = api.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert "no memory with id 'nope'" in response.json()["message"]


def test_invalid_type_status_and_values_are_422(api) -> None:
    bad_type = api.post("/memory", json={"memory_type": "note", "content": "x"})
    assert bad_type.status_code == 422
    assert bad_type.json()["detail"]["valid"] == [t.value for t in MemoryType]
    assert "identity, preference, project, episodic, knowledge, adaptation" in bad_type.json()["message"]

    bad_status = api.get("/memory", params={"status": "archived"})
    assert bad_status.status_code == 422 and bad_status.json()["detail"]["valid"] == [s.value for s in MemoryStatus]
    assert api.get("/memory", params={"memory_type": "note"}).status_code == 422
    assert api.put("/memory/any", json={"status": "archived"}).status_code == 422

    born_invalid = api.post("/memory", json={"memory_type": "knowledge", "content": "x", "status": "invalid"})
    assert born_invalid.status_code == 422 and "starts as active or candidate" in born_invalid.json()["message"]
    assert api.post("/memory", json={"memory_type": "knowledge", "content": ""}).status_code == 422
    assert api.post("/memory", json={"memory_type": "knowledge", "content": "x", "confidence": -0.1}).status_code == 422
    assert api.get("/memory", params={"limit": 0}).status_code == 422


def test_project_alias_is_canonicalized_on_write_and_filter(api, graph) -> None:
    graph.run("testing.create_project", id="p06-polisher", aliases=["p06", "polisher"])
    made = create(api, memory_type="project", content="polisher uses a 6-axis arm", project="P06")
    assert made["project"] == "p06-polisher"
    assert [m["id"] for m in listed(api, project="polisher")] == [made["id"]]


def test_active_memories_for_the_context_builder(api, graph) -> None:
    glob = create(api, memory_type="identity", content="is a mechanical engineer", confidence=0.9)
    mine = create(api, memory_type="project", content="p-ctx ships in march", project="p-ctx", confidence=0.95)
    low = create(api, memory_type="project", content="p-ctx might use ROS", project="p-ctx", confidence=0.3)
    create(api, memory_type="project", content="p-ctx candidate", project="p-ctx", status="candidate", confidence=1.0)
    create(api, memory_type="project", content="someone else's", project="p-elsewhere", confidence=1.0)
    dropped = create(api, memory_type="project", content="p-ctx dropped", project="p-ctx", confidence=1.0)
    api.put(f"/memory/{dropped['id']}", json={"status": "invalid"})

    known = read_knowledge(graph, "p-ctx", "when does it ship")
    identity, pool = known["identity"], known["memories"]
    assert glob["id"] in [m["id"] for m in identity]
    assert [m["id"] for m in pool if m.get("project") == "p-ctx"] == [mine["id"], low["id"]]  # most confident first
    assert all(m["status"] == MemoryStatus.ACTIVE and m.get("project") in (None, "p-ctx") for m in identity + pool)
    assert read_knowledge(graph, "p-ctx", "ship", project_limit=1)["memories"] == pool[:1]  # the limit keeps the best
    nowhere = read_knowledge(graph, None, "ship")
    assert all(m.get("project") is None for m in nowhere["identity"] + nowhere["memories"]) and nowhere["identity"]


def test_limit_past_the_maximum_is_refused_and_the_rest_follows_next(api, graph) -> None:
    for n in range(MAX_LIMIT + 1):
        create_memory(graph, memory_type="episodic", content=f"bulk {n}", project="p-bulk")
    assert api.get("/memory", params={"project": "p-bulk", "limit": 10_000}).status_code == 422
    body = api.get("/memory", params={"project": "p-bulk", "limit": MAX_LIMIT}).json()
    assert body["limit"] == MAX_LIMIT and body["count"] == MAX_LIMIT and body["next"]
    rest = api.get("/memory", params={"project": "p-bulk", "limit": MAX_LIMIT, **body["next"]}).json()
    assert rest["count"] == 1 and rest["next"] is None
    assert len(listed(api, project="p-bulk")) == 50
