"""Memory graduation: POST /memory/{id}/graduate turns an active memory into a candidate entity."""

from __future__ import annotations

import pytest

from atocore.services.engineering.ontology import ENTITY_TYPES
from tests.conftest import registered, registered_for_now

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-grad", "p-grad-ctx", "p-grad-list")

PROJECT = "p-grad"
EXTRACTED_RESPONSE = "Notes.\n\n## Decision: bond the pads with RTV 566 after the thermal cycle\n"


def memory(api, content: str, memory_type: str = "knowledge", project: str | None = PROJECT, **fields) -> dict:
    response = api.post("/memory", json={"memory_type": memory_type, "content": content, "project": project, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def graduate(api, memory_id: str, expect: int = 201, **body) -> dict:
    response = api.post(f"/memory/{memory_id}/graduate", json=body or None)
    assert response.status_code == expect, response.text
    return response.json()


def evidence(entity: dict) -> list[tuple]:
    return sorted((e["kind"], e["id"] if e["kind"] == "interaction" else e["uri"]) for e in entity["evidence"])


@pytest.mark.parametrize(
    ("memory_type", "entity_type", "facts"),
    [
        ("adaptation", "Decision", ("statement", "rationale")),
        ("project", "Requirement", ("text",)),
        ("knowledge", "Fact", ("text",)),
    ],
)
def test_each_default_mapping(api, graph, memory_type, entity_type, facts) -> None:
    content = f"{memory_type} lesson: the pads creep above 40 C"
    made = memory(api, content, memory_type, confidence=0.7)
    result = graduate(api, made["id"])
    entity, after = result["entity"], result["memory"]
    assert (entity["type"], entity["status"], entity["project"], entity["confidence"]) == (
        entity_type,
        "candidate",
        PROJECT,
        0.7,
    )
    assert entity["name"] == content
    assert entity["key"] == f"{ENTITY_TYPES[entity_type].key_prefix}.{memory_type}-lesson-the-pads-creep-above-40-c"
    assert entity["properties"] == dict.fromkeys(facts, content)
    assert (after["status"], after["graduated_to"], after["review_action"]) == ("graduated", entity["id"], "graduate")
    assert after["review_reason"] == f"graduated to {entity_type} {entity['id']}"
    assert api.get(f"/memory/{made['id']}").json() == after
    links = graph.run("testing.graduated_to", id=made["id"])
    assert [(link["entity_id"], link["type"]) for link in links] == [(entity["id"], entity_type)]
    assert api.get(f"/entities/{entity['id']}").json() == entity


def test_target_type_overrides_the_mapping_any_case(api) -> None:
    knowledge = memory(api, "the cell must stay below 2 K gradient", "knowledge")
    assert graduate(api, knowledge["id"], target_type="constraint")["entity"]["type"] == "Constraint"
    preference = memory(api, "flexures are preferred over bearings here", "preference")
    entity = graduate(api, preference["id"], target_type="Assumption")["entity"]
    assert (entity["type"], entity["properties"]) == (
        "Assumption",
        {"text": "flexures are preferred over bearings here", "needs_review": False},
    )
    component = memory(api, "the spare pad kit", "episodic")
    entity = graduate(api, component["id"], target_type="Component", name="Spare pad kit", key="component.spare-kit")[
        "entity"
    ]
    assert (entity["name"], entity["key"], entity["properties"]) == (
        "Spare pad kit",
        "component.spare-kit",
        {"description": "the spare pad kit"},
    )


@pytest.mark.parametrize("memory_type", ["identity", "preference", "episodic"])
def test_types_without_a_default_need_target_type(api, memory_type) -> None:
    made = memory(api, f"a {memory_type} memory", memory_type)
    body = graduate(api, made["id"], expect=422)
    assert "target_type" in body["message"] and "adaptation -> Decision" in body["message"]
    assert body["detail"]["mapping"] == {"adaptation": "Decision", "project": "Requirement", "knowledge": "Fact"}
    assert body["detail"]["valid"] == list(ENTITY_TYPES)
    assert api.get(f"/memory/{made['id']}").json()["status"] == "active"


def test_bad_target_type_is_422_listing_the_types(api) -> None:
    made = memory(api, "a fact about the interferometer")
    for bad in ("Gadget", "Memory", "Fact`) DETACH DELETE n //"):
        body = graduate(api, made["id"], expect=422, target_type=bad)
        assert "entity type" in body["message"] and body["detail"]["valid"] == list(ENTITY_TYPES)
    assert api.get(f"/memory/{made['id']}").json()["status"] == "active"


def test_facts_the_content_cannot_fill_are_422_then_given_in_properties(api) -> None:
    made = memory(api, "pad thickness is twelve and a half millimetres")
    body = graduate(api, made["id"], expect=422, target_type="Parameter")
    assert "properties.value" in body["message"] and "give the other facts in properties" in body["message"]
    entity = graduate(api, made["id"], target_type="Parameter", properties={"value": 12.5, "unit": "mm"})["entity"]
    assert entity["properties"] == {
        "description": "pad thickness is twelve and a half millimetres",
        "value": 12.5,
        "unit": "mm",
    }


def test_graduating_twice_is_409_naming_the_entity(api, graph) -> None:
    made = memory(api, "the baffle is blackened with Aeroglaze Z306")
    entity = graduate(api, made["id"])["entity"]
    for body in ({}, {"target_type": "Decision"}):
        again = graduate(api, made["id"], expect=409, **body)
        assert f"is graduated to entity {entity['id']}" in again["message"]
        assert (again["detail"]["status"], again["detail"]["entity_id"]) == ("graduated", entity["id"])
    assert len(graph.run("testing.graduated_to", id=made["id"])) == 1
    assert len(api.get("/reviews", params={"target_id": made["id"], "action": "graduate"}).json()["reviews"]) == 1


@pytest.mark.parametrize("status", ["candidate", "invalid", "superseded"])
def test_only_an_active_memory_graduates(api, status) -> None:
    made = memory(api, f"a {status} claim about the pads", status="candidate")
    if status != "candidate":
        assert api.put(f"/memory/{made['id']}", json={"status": "active"}).status_code == 200
        assert api.put(f"/memory/{made['id']}", json={"status": status}).status_code == 200
    body = graduate(api, made["id"], expect=409)
    assert body["detail"] == {"id": made["id"], "status": status, "required_status": "active"}
    assert f"is {status}; only an active memory can be graduated" in body["message"]
    if status == "candidate":
        assert "review it first" in body["message"]
    assert (
        api.get(
            "/entities", params={"project": PROJECT, "status": "all", "key": f"fact.a-{status}-claim-about-the-pads"}
        ).json()["count"]
        == 0
    )


def test_unknown_memory_is_404(api) -> None:
    assert "no memory with id 'nope'" in graduate(api, "nope", expect=404)["message"]


def test_memory_without_a_source_gives_orphan_provenance(api) -> None:
    made = memory(api, "the bench is levelled to 0.1 mm/m")
    entity = graduate(api, made["id"])["entity"]
    assert entity["orphan_provenance"] is True
    assert evidence(entity) == [("artifact", f"memory://{made['id']}")]
    listed = api.get("/entities", params={"project": PROJECT, "status": "candidate", "key": entity["key"]}).json()[
        "entities"
    ]
    assert [e["orphan_provenance"] for e in listed] == [True]


def test_artifact_source_carries_over_and_is_not_orphan(api) -> None:
    made = memory(api, "the fold mirror is silver coated", source="note://coating-review")
    entity = graduate(api, made["id"])["entity"]
    assert entity["orphan_provenance"] is False
    assert evidence(entity) == [("artifact", f"memory://{made['id']}"), ("artifact", "note://coating-review")]
    plain = memory(api, "the fold mirror is 50 mm wide", source="weekly review")
    assert graduate(api, plain["id"])["entity"]["orphan_provenance"] is True


def test_extracted_memory_keeps_its_interaction(api) -> None:
    captured = api.post(
        "/interactions", json={"prompt": "what did we decide?", "response": EXTRACTED_RESPONSE, "project": PROJECT}
    )
    assert captured.status_code == 201, captured.text
    interaction_id = captured.json()["interaction"]["id"]
    extracted = api.post(f"/interactions/{interaction_id}/extract", json={"persist": True}).json()["candidates"]
    assert [c["rule"] for c in extracted] == ["decision.heading"]
    memory_id = extracted[0]["memory_id"]
    assert api.post(f"/memory/{memory_id}/promote").status_code == 200
    memory_type = api.get(f"/memory/{memory_id}").json()["memory_type"]
    entity = graduate(api, memory_id, target_type="Decision")["entity"]
    assert (memory_type, entity["type"], entity["orphan_provenance"]) == ("project", "Decision", False)
    assert evidence(entity) == [("artifact", f"memory://{memory_id}"), ("interaction", interaction_id)]


def test_promoting_the_entity_leaves_the_memory_graduated(api) -> None:
    made = memory(api, "the pads are requalified after every bonding change", "project")
    entity = graduate(api, made["id"])["entity"]
    promoted = api.post(f"/entities/{entity['id']}/promote", json={"reason": "checked"})
    assert promoted.status_code == 200 and promoted.json()["status"] == "active"
    after = api.get(f"/memory/{made['id']}").json()
    assert (after["status"], after["graduated_to"]) == ("graduated", entity["id"])
    revised = api.put(
        f"/entities/{entity['id']}", json={"properties": {"text": "requalify after every bonding change"}}
    )
    assert (
        revised.status_code == 200 and revised.json()["orphan_provenance"] is True
    )  # the revision inherits its sources
    sourced = api.put(
        f"/entities/{revised.json()['id']}", json={"source_refs": [{"artifact": "note://bonding-procedure"}]}
    )
    assert sourced.status_code == 200 and sourced.json()["orphan_provenance"] is False  # a real source clears the flag
    assert ("artifact", f"memory://{made['id']}") in evidence(sourced.json())
    assert api.get(f"/memory/{made['id']}").json()["status"] == "graduated"


def test_the_graduation_is_a_review_record(api) -> None:
    made = memory(api, "the alignment laser is class 2")
    entity = graduate(api, made["id"], reason="confirmed at the safety review")["entity"]
    records = api.get("/reviews", params={"target_id": made["id"]}).json()["reviews"]
    assert [(r["target_kind"], r["action"], r["from_status"], r["to_status"]) for r in records] == [
        ("memory", "graduate", "active", "graduated")
    ]
    assert records[0]["reason"] == f"graduated to Fact {entity['id']}: confirmed at the safety review"
    assert records[0]["at"] == api.get(f"/memory/{made['id']}").json()["reviewed_at"]


def test_a_refused_graduation_changes_nothing(api, graph) -> None:
    first = memory(api, "the dewar holds 2 litres")
    graduate(api, first["id"])
    same = memory(api, "The dewar holds 2 litres!")  # same default key
    body = graduate(api, same["id"], expect=409)
    assert "already used" in body["message"] and body["detail"]["key"] == "fact.the-dewar-holds-2-litres"
    after = api.get(f"/memory/{same['id']}").json()
    assert (after["status"], after["graduated_to"], after["reviewed_at"]) == ("active", None, None)
    assert graph.run("testing.graduated_to", id=same["id"]) == []
    assert api.get("/reviews", params={"target_id": same["id"]}).json()["reviews"] == []
    assert graduate(api, same["id"], key="fact.dewar-volume")["entity"]["key"] == "fact.dewar-volume"


def test_listing_by_status(api) -> None:
    """GET /memory lists every status unless asked (it has no active default); status filters work."""
    made = memory(api, "the listing check memory", project="p-grad-list")
    graduate(api, made["id"])
    kept = memory(api, "the memory that stays active", project="p-grad-list")
    by_status = {
        s: [m["id"] for m in api.get("/memory", params={"project": "p-grad-list", "status": s}).json()["memories"]]
        for s in ("active", "graduated")
    }
    assert by_status == {"active": [kept["id"]], "graduated": [made["id"]]}
    everything = api.get("/memory", params={"project": "p-grad-list"}).json()["memories"]
    assert sorted((m["id"], m["status"]) for m in everything) == sorted(
        [(made["id"], "graduated"), (kept["id"], "active")]
    )


def test_graduated_memories_never_reach_a_context_pack(api) -> None:
    gone = memory(api, "zirconia shims set the flexure preload", project="p-grad-ctx")
    kept = memory(api, "zirconia shims are lapped flat to 2 microns", project="p-grad-ctx")
    before = api.post(
        "/context/build", json={"prompt": "zirconia shims flexure preload lapped", "project": "p-grad-ctx"}
    ).json()
    assert set(before["memory_ids"]) == {gone["id"], kept["id"]}
    graduate(api, gone["id"])
    pack = api.post("/context/build", json={"prompt": "zirconia shims flexure preload lapped", "project": "p-grad-ctx"})
    assert pack.status_code == 200, pack.text
    assert pack.json()["memory_ids"] == [kept["id"]]
    assert "set the flexure preload" not in pack.json()["formatted_context"]
    assert "lapped flat to 2 microns" in pack.json()["formatted_context"]


def test_project_is_canonicalized_and_a_global_memory_needs_one(api, graph) -> None:
    with registered_for_now(graph, "pol-early"):  # written before the alias existed
        early = memory(api, "the polisher arm has six axes", project="pol-early")
    graph.run("testing.create_project", id="p06-grad-polisher", aliases=["pol-early", "p06g"])
    assert graduate(api, early["id"])["entity"]["project"] == "p06-grad-polisher"

    glob = memory(api, "stainless fasteners need anti-seize", project=None)
    body = graduate(api, glob["id"], expect=422)
    assert body["detail"]["field"] == "project" and 'give "project"' in body["message"]
    entity = graduate(api, glob["id"], project="P06G")["entity"]
    assert entity["project"] == "p06-grad-polisher"

    mine = memory(api, "the polisher runs at 60 rpm", project="p06g")
    assert mine["project"] == "p06-grad-polisher"
    assert graduate(api, mine["id"], expect=404, project="p-elsewhere")["detail"]["name"] == "p-elsewhere"
    graph.run("testing.create_project", id="p-elsewhere", aliases=[])  # now a registered project
    other = graduate(api, mine["id"], expect=422, project="p-elsewhere")
    assert other["detail"]["memory_project"] == "p06-grad-polisher"
    assert graduate(api, mine["id"], project="pol-early")["entity"]["project"] == "p06-grad-polisher"


def test_long_content_gets_a_short_name(api) -> None:
    content = (
        "The secondary mirror hexapod must be recalibrated whenever the truss is re-preloaded, because the "
        "strut lengths drift by several microns.\nSecond line."
    )
    entity = graduate(api, memory(api, content, "project")["id"])["entity"]
    assert entity["name"] == "The secondary mirror hexapod must be recalibrated whenever the truss is..."
    assert entity["properties"]["text"] == content
