"""Conflicts: flagged, never blocking; resolution updates the members (real Neo4j)."""

from __future__ import annotations

import pytest

from atocore.services.engineering import entities
from atocore.services.engineering.entities import lifecycle
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-conf-rel", "p-dismiss", "p-edit-conf", "p-gone", "p-imp-conf", "p-res-err")

NOTE = [{"artifact": "note://conflicts"}]


def make(api, project: str, value: float, **fields) -> dict:
    body = {
        "type": "Parameter",
        "name": "preload",
        "project": project,
        "status": "active",
        "properties": {"value": value, "unit": "N"},
        "source_refs": NOTE,
        **fields,
    }
    response = api.post("/entities", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def propose(api, entity_id: str, value: float) -> dict:
    response = api.put(f"/entities/{entity_id}", json={"properties": {"value": value}, "as_candidate": True})
    assert response.status_code == 200, response.text  # the write always succeeds
    return response.json()


def open_conflicts(api, project: str) -> list[dict]:
    response = api.get("/conflicts", params={"project": project, "status": "open"})
    assert response.status_code == 200, response.text
    return response.json()["conflicts"]


def test_two_contradicting_proposals_make_one_conflict_and_neither_can_be_promoted(api, graph) -> None:
    graph.run("testing.create_project", id="p-conf", aliases=["Conf-Alias"])
    base = make(api, "p-conf", 10)
    first = propose(api, base["id"], 11)
    assert open_conflicts(api, "p-conf") == []  # a revision alone is not a conflict
    second = propose(api, base["id"], 12)
    found = open_conflicts(api, "conf-alias")
    assert len(found) == 1
    conflict = found[0]
    assert conflict["slot"] == "p-conf|Parameter|parameter.preload"
    assert sorted((m["id"], m["properties"]["value"]) for m in conflict["members"]) == sorted(
        [(first["id"], 11), (second["id"], 12)]
    )
    for member in (first, second):
        refused = api.post(f"/entities/{member['id']}/promote")
        assert refused.status_code == 409 and conflict["id"] in refused.json()["message"]
        assert refused.json()["detail"]["conflict_id"] == conflict["id"]
    third = propose(api, base["id"], 13)  # joins the open conflict; never a second one
    found = open_conflicts(api, "p-conf")
    assert len(found) == 1 and {m["id"] for m in found[0]["members"]} == {first["id"], second["id"], third["id"]}
    assert api.get("/health").json()["open_conflicts_count"] >= 1
    assert api.get(f"/conflicts/{conflict['id']}").json()["id"] == conflict["id"]
    assert api.get(f"/entities/{base['id']}").json()["status"] == "active"  # nothing was overwritten

    resolved = api.post(
        f"/conflicts/{conflict['id']}/resolve",
        json={"action": "supersede_others", "winner_id": second["id"], "note": "measured 12 N"},
    )
    assert resolved.status_code == 200, resolved.text
    body = resolved.json()
    assert (body["status"], body["resolution"], body["winner_id"], body["note"]) == (
        "resolved",
        "supersede_others",
        second["id"],
        "measured 12 N",
    )
    statuses = {m["id"]: m["status"] for m in body["members"]}
    assert statuses == {first["id"]: "invalid", second["id"]: "active", third["id"]: "invalid"}
    assert api.get(f"/entities/{base['id']}").json()["status"] == "superseded"
    current = api.get("/entities", params={"project": "p-conf", "key": "parameter.preload"}).json()["entities"]
    assert [(e["id"], e["properties"]["value"]) for e in current] == [(second["id"], 12)]
    assert open_conflicts(api, "p-conf") == []
    again = api.post(f"/conflicts/{conflict['id']}/resolve", json={"action": "dismiss"})
    assert again.status_code == 409


def test_resolution_keeps_relationships_of_the_superseded_active(api) -> None:
    comp = api.post(
        "/entities",
        json={"type": "Component", "name": "pad", "project": "p-conf-rel", "status": "active", "source_refs": NOTE},
    ).json()
    mat = api.post(
        "/entities",
        json={
            "type": "Material",
            "name": "steel",
            "project": "p-conf-rel",
            "status": "active",
            "properties": {"specification": "1.4301"},
            "source_refs": NOTE,
        },
    ).json()
    api.post("/relationships", json={"type": "USES_MATERIAL", "from_id": comp["id"], "to_id": mat["id"]})
    a = api.put(f"/entities/{mat['id']}", json={"properties": {"specification": "1.4404"}, "as_candidate": True}).json()
    b = api.put(f"/entities/{mat['id']}", json={"properties": {"specification": "1.4542"}, "as_candidate": True}).json()
    conflict = api.get("/conflicts", params={"project": "p-conf-rel"}).json()["conflicts"][0]
    done = api.post(f"/conflicts/{conflict['id']}/resolve", json={"action": "supersede_others", "winner_id": a["id"]})
    assert done.status_code == 200, done.text
    uses = api.get("/relationships", params={"project": "p-conf-rel", "type": "USES_MATERIAL"}).json()["relationships"]
    assert [(r["from_id"], r["to_id"]) for r in uses] == [(comp["id"], a["id"])]
    assert api.get(f"/entities/{b['id']}").json()["status"] == "invalid"


def test_dismissed_members_are_not_flagged_again(api) -> None:
    base = make(api, "p-dismiss", 1)
    first, second = propose(api, base["id"], 2), propose(api, base["id"], 3)
    conflict = open_conflicts(api, "p-dismiss")[0]
    dismissed = api.post(
        f"/conflicts/{conflict['id']}/resolve", json={"action": "dismiss", "note": "different load cases"}
    )
    assert dismissed.json()["status"] == "dismissed"
    promoted = api.post(f"/entities/{first['id']}/promote")
    assert promoted.status_code == 200, promoted.text
    assert open_conflicts(api, "p-dismiss") == []  # the same members never get a second conflict
    assert api.post(f"/entities/{second['id']}/promote").status_code == 409  # stale: its base was superseded


def test_a_member_leaving_closes_the_conflict(api) -> None:
    base = make(api, "p-gone", 1)
    first, _second = propose(api, base["id"], 2), propose(api, base["id"], 3)
    conflict = open_conflicts(api, "p-gone")[0]
    assert api.post(f"/entities/{first['id']}/reject").status_code == 200
    closed = api.get(f"/conflicts/{conflict['id']}").json()
    assert (closed["status"], closed["resolution"]) == ("resolved", "members_gone")


def test_an_import_style_change_conflicts_with_the_active_version(api, graph) -> None:
    base = make(api, "p-imp-conf", 5)
    changed = propose(api, base["id"], 6)
    assert open_conflicts(api, "p-imp-conf") == []
    conflict_id = lifecycle.detect(graph, entities.get_entity(graph, changed["id"]), against_predecessor=True)
    found = open_conflicts(api, "p-imp-conf")
    assert [c["id"] for c in found] == [conflict_id]
    assert {m["id"] for m in found[0]["members"]} == {base["id"], changed["id"]}
    assert lifecycle.detect(graph, entities.get_entity(graph, base["id"]), against_predecessor=True) == conflict_id
    noted = api.post(f"/conflicts/{conflict_id}/resolve", json={"action": "no_action", "note": "seen"})
    assert (noted.json()["status"], noted.json()["resolution"]) == ("resolved", "no_action")
    assert api.get(f"/entities/{base['id']}").json()["status"] == "active"


def test_resolve_errors(api) -> None:
    base = make(api, "p-res-err", 1)
    propose(api, base["id"], 2)
    propose(api, base["id"], 3)
    conflict = open_conflicts(api, "p-res-err")[0]
    url = f"/conflicts/{conflict['id']}/resolve"
    assert api.post("/conflicts/nope/resolve", json={"action": "dismiss"}).status_code == 404
    assert api.get("/conflicts/nope").status_code == 404
    bad = api.post(url, json={"action": "merge"})
    assert bad.status_code == 422 and "supersede_others" in bad.json()["message"]
    assert api.post(url, json={"action": "supersede_others"}).json()["detail"]["field"] == "winner_id"
    assert api.post(url, json={"action": "supersede_others", "winner_id": base["id"]}).status_code == 422
    assert api.post(url, json={"action": "dismiss", "winner_id": base["id"]}).status_code == 422
    assert api.get("/conflicts", params={"status": "closed"}).status_code == 422
    assert open_conflicts(api, "p-res-err")[0]["id"] == conflict["id"]  # errors changed nothing


def test_editing_a_candidate_into_contradiction_is_detected(api) -> None:
    base = make(api, "p-edit-conf", 1)
    first, second = propose(api, base["id"], 2), propose(api, base["id"], 2.0)
    assert open_conflicts(api, "p-edit-conf") == []  # same value: corroboration, not conflict
    assert api.put(f"/entities/{second['id']}", json={"properties": {"value": 3}}).status_code == 200
    found = open_conflicts(api, "p-edit-conf")
    assert len(found) == 1 and {m["id"] for m in found[0]["members"]} == {first["id"], second["id"]}
