"""The whole reflection loop through the real API: capture -> extract -> queue -> review."""

from __future__ import annotations

import pytest

from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-e2e")

RESPONSE = """\
Summary of the session.

## Decision: store interactions as nodes linked to the memories they used

### Requirements
- the capture hook answers within one second
- every review is listed with its reason

I prefer reviewing candidates in small batches.
"""


def counts(graph) -> tuple:
    return (graph.run("health.label_counts"), graph.run("testing.relationship_counts"))


def test_capture_extract_queue_promote_reject_and_reviews(api, graph) -> None:
    # 1. capture
    captured = api.post(
        "/interactions",
        json={
            "prompt": "What did we decide today?",
            "response": RESPONSE,
            "project": "p-e2e",
            "client": "claude-code",
            "session_id": "e2e",
        },
    )
    assert captured.status_code == 201, captured.text
    interaction_id = captured.json()["interaction"]["id"]
    assert captured.json()["reinforcement"]["reinforced"] == []  # nothing to reinforce yet

    # 2. extract, preview: proposals, nothing written
    before = counts(graph)
    preview = api.post(f"/interactions/{interaction_id}/extract", json={"persist": False})
    assert preview.status_code == 200, preview.text
    proposed = [(c["rule"], c["content"]) for c in preview.json()["candidates"]]
    assert proposed == [
        ("decision.heading", "store interactions as nodes linked to the memories they used"),
        ("requirement.heading", "the capture hook answers within one second"),
        ("requirement.heading", "every review is listed with its reason"),
        ("preference.i_prefer", "I prefer reviewing candidates in small batches."),
    ]
    assert counts(graph) == before
    assert api.get("/memory", params={"status": "candidate", "project": "p-e2e"}).json()["memories"] == []

    # 3. extract, persist: candidates
    persisted = api.post(f"/interactions/{interaction_id}/extract", json={"persist": True}).json()
    assert [(c["rule"], c["content"]) for c in persisted["candidates"]] == proposed
    ids = [c["memory_id"] for c in persisted["candidates"]]

    # 4. the queue lists them
    queue = api.get("/memory", params={"status": "candidate", "project": "p-e2e"}).json()
    assert sorted(m["id"] for m in queue["memories"]) == sorted(ids)
    assert all(m["status"] == "candidate" for m in queue["memories"])

    # 5. promote one, reject another
    promoted = api.post(f"/memory/{ids[0]}/promote", json={"reason": "matches the design doc"})
    assert promoted.status_code == 200 and promoted.json()["status"] == "active"
    rejected = api.post(f"/memory/{ids[3]}/reject", json={"reason": "a remark, not a preference"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "invalid"
    assert sorted(
        m["id"] for m in api.get("/memory", params={"status": "candidate", "project": "p-e2e"}).json()["memories"]
    ) == sorted(ids[1:3])

    # 6. the reviews are listed, newest first
    reviews = api.get("/reviews").json()["reviews"]
    assert [(r["target_id"], r["action"], r["reason"]) for r in reviews[:2]] == [
        (ids[3], "reject", "a remark, not a preference"),
        (ids[0], "promote", "matches the design doc"),
    ]

    # 7. promoting the rejected one is a 409 naming its status
    again = api.post(f"/memory/{ids[3]}/promote")
    assert again.status_code == 409
    assert "is invalid" in again.json()["message"] and again.json()["detail"]["status"] == "invalid"
    assert len(api.get("/reviews", params={"target_id": ids[3]}).json()["reviews"]) == 1

    # The promoted decision is now active; the same interaction reinforces it once.
    first = api.post(f"/interactions/{interaction_id}/reinforce").json()
    assert [r["memory_id"] for r in first["reinforced"]] == [ids[0]]
    assert api.post(f"/interactions/{interaction_id}/reinforce").json()["already_reinforced"] == [ids[0]]
    # Re-running persist proposes nothing new: pending, promoted and rejected ones are all known.
    rerun = api.post(f"/interactions/{interaction_id}/extract", json={"persist": True}).json()
    assert rerun["candidates"] == [] and len(rerun["dropped"]) == 4
