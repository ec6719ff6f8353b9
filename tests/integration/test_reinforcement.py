"""Reinforcement on capture and on POST /interactions/{id}/reinforce, against the real Neo4j."""

from __future__ import annotations

import pytest

from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-rf1", "p-rf2", "p-rf3", "p-rf3b", "p-rf4", "p-rf5", "p-rf6", "p-someone-else")

RESPONSE = "I prefer rebase-based workflows because the history stays linear and reviewers have an easier time."


def memory(api, content: str, **fields) -> dict:
    response = api.post("/memory", json={"memory_type": "preference", "content": content, "confidence": 0.5, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def get(api, memory_id: str) -> dict:
    return api.get(f"/memory/{memory_id}").json()


def capture(api, response: str, **fields) -> dict:
    made = api.post("/interactions", json={"prompt": "how do you work?", "response": response, **fields})
    assert made.status_code == 201, made.text
    return made.json()


def reinforced_links(graph) -> int:
    return {r["type"]: r["count"] for r in graph.run("testing.relationship_counts")}.get("REINFORCED", 0)


def test_capture_reinforces_a_paraphrased_active_memory(api, graph) -> None:
    mem = memory(api, "prefers rebase-based workflows because history stays linear", project="p-rf1")
    made = capture(api, RESPONSE, project="p-rf1")
    result = made["reinforcement"]
    assert [r["memory_id"] for r in result["reinforced"]] == [mem["id"]]
    assert result["reinforced"][0]["confidence_before"] == 0.5 and result["reinforced"][0]["confidence_after"] == 0.52
    after = get(api, mem["id"])
    assert (after["confidence"], after["reference_count"]) == (0.52, 1)
    assert after["last_referenced_at"] is not None
    assert after["updated_at"] == mem["updated_at"]  # a reference is not an edit


def test_ed_forms_and_articles_match_and_low_overlap_does_not(api) -> None:
    logging = memory(api, "preferred structured logging across all backend services", project="p-rf2")
    python = memory(api, "always uses Python for data processing scripts", project="p-rf2")
    made = capture(
        api, "I set up structured logging across all the backend services, which the team prefers.", project="p-rf2"
    )
    assert [r["memory_id"] for r in made["reinforcement"]["reinforced"]] == [logging["id"]]
    assert get(api, python["id"])["reference_count"] == 0


def test_threshold_exactly_70_percent_matches_just_below_does_not(api) -> None:
    ten = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    at = memory(api, ten, project="p-rf3")
    below = memory(api, ten.replace("alpha", "kilo"), project="p-rf3b")
    capture(api, "alpha bravo charlie delta echo foxtrot golf and some noise", project="p-rf3")
    capture(api, "alpha bravo charlie delta echo foxtrot golf and some noise", project="p-rf3b")
    assert get(api, at["id"])["reference_count"] == 1
    assert get(api, below["id"])["reference_count"] == 0  # 6 of 10


def test_short_candidate_invalid_and_superseded_memories_are_never_touched(api) -> None:
    short = memory(api, "uses Neo4j", project="p-rf4")
    text = "deploys the staging cluster every friday afternoon"
    candidate = memory(api, text, project="p-rf4", status="candidate")
    invalid = memory(api, text + " again", project="p-rf4")
    api.put(f"/memory/{invalid['id']}", json={"status": "invalid"})
    superseded = memory(api, "deploys the staging cluster every friday", project="p-rf4")
    api.put(f"/memory/{superseded['id']}", json={"status": "superseded"})
    made = capture(
        api, "We use Neo4j and the team deploys the staging cluster every friday afternoon again.", project="p-rf4"
    )
    assert made["reinforcement"]["reinforced"] == []
    for untouched in (short, candidate, invalid, superseded):
        now = get(api, untouched["id"])
        assert (now["confidence"], now["reference_count"], now["last_referenced_at"]) == (0.5, 0, None)


def test_scope_is_the_project_plus_global_memories(api, graph) -> None:
    graph.run("testing.create_project", id="p08-mirror", aliases=["p08"])
    mine = memory(api, "grinds the mirror blank with cerium oxide", project="p08-mirror")
    glob = memory(api, "grinds the mirror blank with cerium oxide slurry")
    other = memory(api, "grinds the mirror blank with cerium oxide", project="p-someone-else")
    made = capture(api, "Today it grinds the mirror blank with cerium oxide slurry.", project="p08")
    assert {r["memory_id"] for r in made["reinforcement"]["reinforced"]} == {mine["id"], glob["id"]}
    assert get(api, other["id"])["reference_count"] == 0


def test_reinforcing_twice_does_not_double_count(api, graph) -> None:
    mem = memory(api, "ships firmware builds through the release pipeline", project="p-rf5")
    made = capture(api, "We ship firmware builds through the release pipeline.", project="p-rf5", reinforce=False)
    assert made["reinforcement"] is None and get(api, mem["id"])["reference_count"] == 0
    links = reinforced_links(graph)
    first = api.post(f"/interactions/{made['interaction']['id']}/reinforce")
    assert first.status_code == 200, first.text
    assert [r["memory_id"] for r in first.json()["reinforced"]] == [mem["id"]]
    again = api.post(f"/interactions/{made['interaction']['id']}/reinforce").json()
    assert again["reinforced"] == [] and again["already_reinforced"] == [mem["id"]]
    after = get(api, mem["id"])
    assert (after["confidence"], after["reference_count"]) == (0.52, 1)
    assert reinforced_links(graph) == links + 1
    # A second interaction saying the same thing is a new reference.
    capture(api, "We ship firmware builds through the release pipeline.", project="p-rf5")
    assert (get(api, mem["id"])["confidence"], get(api, mem["id"])["reference_count"]) == (0.54, 2)


def test_confidence_is_capped_at_one(api) -> None:
    near = memory(api, "calibrates the load cell before each run", project="p-rf6", confidence=0.99)
    full = memory(api, "calibrates the load cell before each test run", project="p-rf6", confidence=1.0)
    made = capture(api, "It calibrates the load cell before each test run.", project="p-rf6")
    by_id = {r["memory_id"]: r for r in made["reinforcement"]["reinforced"]}
    assert (by_id[near["id"]]["confidence_after"], by_id[near["id"]]["delta"]) == (1.0, 0.01)
    assert (by_id[full["id"]]["confidence_after"], by_id[full["id"]]["delta"]) == (1.0, 0.0)
    assert get(api, near["id"])["confidence"] == 1.0 and get(api, full["id"])["reference_count"] == 1
