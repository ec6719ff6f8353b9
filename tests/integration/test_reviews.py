"""Review records: written with each applied promote/reject, listed by GET /reviews."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def candidate(api, content: str) -> dict:
    response = api.post("/memory", json={"memory_type": "project", "content": content, "status": "candidate"})
    assert response.status_code == 201, response.text
    return response.json()


def reviews(api, **params) -> list[dict]:
    response = api.get("/reviews", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["reviews"])
    return body["reviews"]


def test_promote_and_reject_leave_records_newest_first(api) -> None:
    kept, dropped = candidate(api, "keeps a review record"), candidate(api, "gets rejected")
    promoted = api.post(f"/memory/{kept['id']}/promote", json={"reason": "confirmed"}).json()
    api.post(f"/memory/{dropped['id']}/reject")
    listed = reviews(api)
    assert [r["target_id"] for r in listed[:2]] == [dropped["id"], kept["id"]]
    record = listed[1]
    assert (record["target_kind"], record["action"], record["reason"]) == ("memory", "promote", "confirmed")
    assert (record["from_status"], record["to_status"]) == ("candidate", "active")
    assert record["at"] == promoted["reviewed_at"]
    assert (listed[0]["action"], listed[0]["reason"], listed[0]["to_status"]) == ("reject", None, "invalid")
    assert [r["target_id"] for r in reviews(api, target_id=kept["id"])] == [kept["id"]]
    assert {r["action"] for r in reviews(api, action="reject")} == {"reject"}
    assert len(reviews(api, limit=1)) == 1


def test_a_refused_review_leaves_no_record(api, graph) -> None:
    made = candidate(api, "promoted once only")
    api.post(f"/memory/{made['id']}/promote")
    before = {r["label"]: r["count"] for r in graph.run("health.label_counts")}["ReviewRecord"]
    for action in ("promote", "reject"):
        refused = api.post(f"/memory/{made['id']}/{action}")
        assert refused.status_code == 409 and refused.json()["detail"]["status"] == "active"
    assert {r["label"]: r["count"] for r in graph.run("health.label_counts")}["ReviewRecord"] == before
    assert len(reviews(api, target_id=made["id"])) == 1


def test_bad_filters_are_422(api) -> None:
    bad = api.get("/reviews", params={"action": "approve"})
    assert bad.status_code == 422 and bad.json()["detail"]["valid"] == [
        "promote",
        "reject",
        "supersede",
        "invalidate",
        "graduate",
        "revise",
        "retire",
        "resolve",
    ]
    assert api.get("/reviews", params={"limit": 0}).status_code == 422
