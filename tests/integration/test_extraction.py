"""POST /interactions/{id}/extract: preview writes nothing, persist writes candidates once."""

from __future__ import annotations

import pytest

from atocore.services.extraction import EXTRACTOR_VERSION, MAX_CANDIDATES
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-ex1", "p-ex2", "p-ex3", "p-ex4", "p-ex5", "p-ex6")

RESPONSE = """\
Here is where we landed.

## Decision: merge the two bind mounts into one

We decided to keep the restore script idempotent.

### Constraints
- the restore must finish within ten minutes
- backups stay on the local disk

The API must not block on a backup. I prefer small reviewable diffs.
"""


def capture(api, response: str = RESPONSE, **fields) -> str:
    made = api.post(
        "/interactions", json={"prompt": "what did we settle?", "response": response, "reinforce": False, **fields}
    )
    assert made.status_code == 201, made.text
    return made.json()["interaction"]["id"]


def extract(api, interaction_id: str, **body) -> dict:
    response = api.post(f"/interactions/{interaction_id}/extract", json=body or None)
    assert response.status_code == 200, response.text
    return response.json()


def snapshot(graph) -> tuple:
    return (graph.run("health.label_counts"), graph.run("testing.relationship_counts"))


def test_preview_proposes_and_writes_nothing(api, graph) -> None:
    interaction_id = capture(api, project="p-ex1")
    before = snapshot(graph)
    preview = extract(api, interaction_id)  # no body: preview
    assert preview["persist"] is False and preview["extractor_version"] == EXTRACTOR_VERSION
    assert [(c["rule"], c["memory_type"], c["content"]) for c in preview["candidates"]] == [
        ("decision.heading", "project", "merge the two bind mounts into one"),
        ("decision.we_decided", "project", "We decided to keep the restore script idempotent."),
        ("constraint.heading", "project", "the restore must finish within ten minutes"),
        ("constraint.heading", "project", "backups stay on the local disk"),
        ("constraint.must_not", "project", "The API must not block on a backup."),
        ("preference.i_prefer", "preference", "I prefer small reviewable diffs."),
    ]
    assert all(c["memory_id"] is None for c in preview["candidates"])
    assert extract(api, interaction_id, persist=False) == preview
    assert snapshot(graph) == before
    assert api.get(f"/interactions/{interaction_id}").json()["last_extracted_at"] is None


def test_persist_writes_candidates_with_provenance_once(api, graph) -> None:
    interaction_id = capture(api, project="p-ex2")
    persisted = extract(api, interaction_id, persist=True)
    assert persisted["persist"] is True and len(persisted["candidates"]) == 6
    ids = [c["memory_id"] for c in persisted["candidates"]]
    for candidate in persisted["candidates"]:
        memory = api.get(f"/memory/{candidate['memory_id']}").json()
        assert (memory["status"], memory["project"], memory["content"]) == ("candidate", "p-ex2", candidate["content"])
        assert memory["source"] == f"interaction:{interaction_id}" and memory["confidence"] == candidate["confidence"]
    provenance = graph.run("reflection.extracted_from", interaction_id=interaction_id)
    assert sorted(r["id"] for r in provenance) == sorted(ids)
    assert {r["rule"] for r in provenance} == {c["rule"] for c in persisted["candidates"]}
    assert api.get(f"/interactions/{interaction_id}").json()["last_extracted_at"] is not None

    queue = api.get("/memory", params={"status": "candidate", "project": "p-ex2"}).json()["memories"]
    assert sorted(m["id"] for m in queue) == sorted(ids)

    before = snapshot(graph)
    again = extract(api, interaction_id, persist=True)
    assert again["candidates"] == []
    assert sorted((d["reason"], d["memory_id"]) for d in again["dropped"]) == sorted(
        ("already_extracted", i) for i in ids
    )
    labels_before, rels_before = before
    labels_after, rels_after = snapshot(graph)
    assert labels_after == labels_before and rels_after == rels_before


def test_rejected_candidate_is_not_proposed_again(api) -> None:
    interaction_id = capture(api, response="Constraint: never store secrets in the graph", project="p-ex3")
    first = extract(api, interaction_id, persist=True)["candidates"][0]
    assert api.post(f"/memory/{first['memory_id']}/reject", json={"reason": "too vague"}).status_code == 200
    again = extract(api, interaction_id, persist=True)
    assert again["candidates"] == [] and again["dropped"][0]["reason"] == "already_extracted"


def test_duplicate_of_an_active_memory_is_dropped_and_reported(api) -> None:
    active = api.post(
        "/memory", json={"memory_type": "project", "content": "Backups stay on the local disk.", "project": "p-ex4"}
    ).json()
    glob = api.post("/memory", json={"memory_type": "preference", "content": "I prefer small reviewable diffs"}).json()
    result = extract(api, capture(api, project="p-ex4"), persist=True)
    dropped = {d["memory_id"]: d for d in result["dropped"]}
    assert (
        dropped[active["id"]]["reason"] == "duplicate_active" and dropped[active["id"]]["rule"] == "constraint.heading"
    )
    assert dropped[glob["id"]]["reason"] == "duplicate_active"
    assert len(result["candidates"]) == 4


def test_at_most_fifty_candidates_per_pass(api) -> None:
    response = "\n".join(f"Requirement: the rig supports load case number {n}" for n in range(MAX_CANDIDATES + 5))
    interaction_id = capture(api, response=response, project="p-ex5")
    first = extract(api, interaction_id, persist=True)
    assert len(first["candidates"]) == MAX_CANDIDATES and first["limit_reached"] is True
    assert [d["reason"] for d in first["dropped"]] == ["over_limit"] * 5
    second = extract(api, interaction_id, persist=True)  # the next pass picks up the rest
    assert len(second["candidates"]) == 5 and second["limit_reached"] is False


def test_bad_persist_value_is_422(api) -> None:
    interaction_id = capture(api, project="p-ex6")
    response = api.post(f"/interactions/{interaction_id}/extract", json={"persist": "maybe"})
    assert response.status_code == 422 and "persist" in response.json()["message"]
