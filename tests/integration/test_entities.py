"""Engineering entities and relationships through /entities and /relationships, on the real Neo4j."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered(
    "p-all-types",
    "p-asof",
    "p-crev",
    "p-cycle",
    "p-dead",
    "p-eff",
    "p-eng",
    "p-eng-other",
    "p-far",
    "p-imp",
    "p-life",
    "p-queue",
    "p-rev",
    "p-stale",
)

NOTE = [{"artifact": "note://design-review"}]


def create(api, expect: int = 201, **fields) -> dict:
    body = {"type": "Component", "name": "pad", "project": "p-eng", "source_refs": NOTE, **fields}
    response = api.post("/entities", json=body)
    assert response.status_code == expect, response.text
    return response.json()


def link(api, kind: str, a: dict, b: dict, expect: int = 201, **fields) -> dict:
    response = api.post("/relationships", json={"type": kind, "from_id": a["id"], "to_id": b["id"], **fields})
    assert response.status_code == expect, response.text
    return response.json()


def ids(api, _path: str = "/entities", _field: str = "entities", **params) -> list[str]:
    response = api.get(_path, params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()[_field]]


def post(api, path: str, expect: int = 200, **body) -> dict:
    response = api.post(path, json=body or None)
    assert response.status_code == expect, response.text
    return response.json()


def test_create_defaults_to_candidate_with_provenance(api) -> None:
    made = create(api, type="Parameter", name="Pad thickness", properties={"value": 12.5, "unit": "mm"})
    assert (made["status"], made["type"], made["key"], made["version"]) == (
        "candidate",
        "Parameter",
        "parameter.pad-thickness",
        1,
    )
    assert made["properties"] == {"value": 12.5, "unit": "mm"}
    assert made["canonical_home"] == "atocore" and made["confidence"] == 1.0 and made["valid_from"] is None
    assert [(e["kind"], e["uri"]) for e in made["evidence"]] == [("artifact", "note://design-review")]
    fetched = api.get(f"/entities/{made['id']}")
    assert fetched.status_code == 200 and fetched.json() == made


def test_provenance_is_mandatory_and_must_resolve(api) -> None:
    none = create(api, expect=422, name="no source", source_refs=[])
    assert "provenance is mandatory" in none["message"]
    unknown = create(api, expect=422, name="ghost", source_refs=[{"chunk_id": "nope"}, {"interaction_id": "nada"}])
    assert unknown["detail"]["missing_chunks"] == ["nope"] and unknown["detail"]["missing_interactions"] == ["nada"]
    two = create(api, expect=422, name="two", source_refs=[{"chunk_id": "a", "artifact": "note://x"}])
    assert "exactly one" in two["message"]
    bad_uri = create(api, expect=422, name="uri", source_refs=[{"artifact": "just text"}])
    assert "not a URI" in bad_uri["message"]
    assert ids(api, status="all", project="p-eng", key="component.ghost") == []


def test_typed_properties_are_checked(api) -> None:
    missing = create(api, expect=422, type="Requirement", name="r without text", properties={})
    assert "properties.text" in missing["message"]
    extra = create(api, expect=422, type="Component", name="c extra", properties={"colour": "red"})
    assert "colour" in extra["message"]
    wrong = create(api, expect=422, type="Assumption", name="a", properties={"text": "x", "needs_review": "maybe"})
    assert "needs_review" in wrong["message"]
    flagged = create(
        api, type="Assumption", name="a flagged", properties={"text": "loads are static", "needs_review": True}
    )
    assert flagged["properties"]["needs_review"] is True
    decision = create(
        api, type="Decision", name="d", properties={"rationale": "cheaper", "decided_at": "2026-03-01T10:00:00Z"}
    )
    assert decision["properties"]["decided_at"].startswith("2026-03-01T10:00:00")


def test_unknown_type_and_label_injection_are_refused(api, graph) -> None:
    before = {r["label"]: r["count"] for r in graph.run("health.label_counts")}["Entity"]
    for evil in ("Gadget", "Component`) DETACH DELETE n //", "Component:Admin", "Memory"):
        body = create(api, expect=422, type=evil, name="evil")
        assert "entity type" in body["message"] and "Component" in body["detail"]["valid"]
    assert api.get("/entities", params={"type": "Component` OR 1=1 //"}).status_code == 422
    assert {r["label"]: r["count"] for r in graph.run("health.label_counts")}["Entity"] == before


def test_type_label_is_set_and_type_is_case_insensitive(api, graph) -> None:
    made = create(api, type="analysismodel", name="fem model", properties={"tool": "kb-fem"})
    assert made["type"] == "AnalysisModel"
    rows = graph.run("testing.entity_labels", id=made["id"])
    assert sorted(rows[0]["labels"]) == ["AnalysisModel", "Entity"]


def test_key_is_unique_among_live_entities(api) -> None:
    first = create(api, name="bracket", key="component.bracket")
    clash = create(api, expect=409, name="another bracket", key="component.bracket")
    assert clash["detail"]["existing_id"] == first["id"] and first["id"] in clash["message"]
    create(api, name="bracket", key="component.bracket", project="p-eng-other")  # other project: fine
    create(api, type="Material", name="bracket", key="component.bracket")  # other type: fine
    post(api, f"/entities/{first['id']}/reject", reason="duplicate")
    again = create(api, name="bracket v2", key="component.bracket")  # a rejected holder frees the key
    assert again["key"] == "component.bracket"
    assert create(api, expect=422, name="x", key="bad key!")["detail"]["field"] == "key"


def test_candidates_stay_out_of_default_lists(api) -> None:
    cand = create(api, name="queued", project="p-queue")
    act = create(api, name="live", project="p-queue", status="active")
    assert ids(api, project="p-queue") == [act["id"]]
    assert ids(api, project="p-queue", status="candidate") == [cand["id"]]
    assert set(ids(api, project="p-queue", status="all")) == {cand["id"], act["id"]}
    assert ids(api, project="p-queue", type="Requirement") == []
    assert ids(api, project="p-queue", key="component.live") == [act["id"]]
    bad = api.get("/entities", params={"status": "pending"})
    assert bad.status_code == 422 and "candidate" in bad.json()["message"]
    assert create(api, expect=422, name="born superseded", status="superseded")["detail"]["valid"] == [
        "candidate",
        "active",
    ]


def test_project_aliases_are_canonicalized(api, graph) -> None:
    graph.run("testing.create_project", id="p-alias", aliases=["P5", "Telescope"])
    made = create(api, name="mirror cell", project="telescope", status="active")
    assert made["project"] == "p-alias"
    assert ids(api, project="P5") == [made["id"]]
    assert [
        r["id"]
        for r in api.get("/relationships", params={"project": "TELESCOPE", "status": "all"}).json()["relationships"]
    ] == []


def test_promote_reject_and_the_review_log(api) -> None:
    cand = create(api, name="to promote")
    promoted = post(api, f"/entities/{cand['id']}/promote", reason="checked against drawing")
    assert (promoted["status"], promoted["review_action"], promoted["review_reason"]) == (
        "active",
        "promote",
        "checked against drawing",
    )
    assert promoted["valid_from"] is not None
    again = post(api, f"/entities/{cand['id']}/promote", expect=409)
    assert "active" in again["message"]
    other = create(api, name="to reject")
    rejected = post(api, f"/entities/{other['id']}/reject")
    assert rejected["status"] == "invalid"
    reviews = api.get(f"/entities/{cand['id']}/reviews").json()
    assert [(r["action"], r["from_status"], r["to_status"], r["reason"], r["target_kind"]) for r in reviews] == [
        ("promote", "candidate", "active", "checked against drawing", "entity")
    ]
    shared = api.get("/reviews", params={"target_id": cand["id"]}).json()["reviews"]  # the shared review log
    assert [(r["action"], r["target_kind"]) for r in shared] == [("promote", "entity")]
    assert other["id"] in [r["target_id"] for r in api.get("/reviews", params={"action": "reject"}).json()["reviews"]]
    assert api.post("/entities/nope/promote").status_code == 404
    assert api.get("/entities/nope").status_code == 404
    assert api.get("/entities/nope/reviews").status_code == 404


def test_candidate_edit_in_place(api) -> None:
    cand = create(api, type="Parameter", name="gap", properties={"value": 1, "unit": "mm", "description": "air gap"})
    edited = api.put(
        f"/entities/{cand['id']}", json={"properties": {"value": 2, "description": None}, "name": "air gap"}
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["id"], body["name"], body["properties"], body["version"]) == (
        cand["id"],
        "air gap",
        {"value": 2, "unit": "mm"},
        1,
    )
    assert api.put(f"/entities/{cand['id']}", json={}).status_code == 422
    assert (
        api.put(f"/entities/{cand['id']}", json={"properties": {"value": None}}).status_code == 422
    )  # value is required
    assert api.put(f"/entities/{cand['id']}", json={"key": "parameter.other"}).status_code == 422
    assert api.put("/entities/nope", json={"name": "x"}).status_code == 404


def test_relationship_pairs_and_whitelist(api) -> None:
    comp = create(api, name="frame", status="active")
    req = create(api, type="Requirement", name="stiffness", properties={"text": "k > 10 N/um"}, status="active")
    wrong = link(api, "SATISFIES", req, comp, expect=422)
    assert (
        "Component|Subsystem -> Requirement" in wrong["message"]
        or "Subsystem|Component -> Requirement" in wrong["message"]
    )
    assert wrong["detail"]["allowed_targets"] == ["Requirement"]
    for evil in ("SATISFIES]->(x) DETACH DELETE x //", "LIKES", "SUPERSEDES", "EVIDENCED_BY"):
        assert link(api, evil, comp, req, expect=422)["detail"]["field"] == "type"
    made = link(api, "satisfies", comp, req, properties={"margin": 0.2}, source_refs=NOTE)
    assert (made["type"], made["status"], made["effective"], made["properties"]) == (
        "SATISFIES",
        "active",
        True,
        {"margin": 0.2},
    )
    assert made["source_refs"] == ["artifact:note://design-review"]
    dup = link(api, "SATISFIES", comp, req, expect=409)
    assert dup["detail"]["existing_id"] == made["id"]
    assert link(api, "SATISFIES", {"id": "nope"}, req, expect=422)["detail"]["field"] == "from_id"
    assert (
        link(api, "SATISFIES", comp, req, expect=422, properties={"status": "x"})["detail"]["field"]
        == "properties.status"
    )
    other_project = create(
        api, type="Requirement", name="elsewhere", project="p-far", properties={"text": "t"}, status="active"
    )
    assert "one project" in link(api, "SATISFIES", comp, other_project, expect=422)["message"]
    detail = api.get(f"/entities/{comp['id']}").json()
    assert [
        (v["direction"], v["relationship"]["type"], v["other"]["id"], v["effective"]) for v in detail["relationships"]
    ] == [("out", "SATISFIES", req["id"], True)]


def test_a_relationship_needs_live_endpoints(api) -> None:
    bracket = create(api, name="old bracket", project="p-dead", status="active")
    load = create(
        api, type="Requirement", name="load", project="p-dead", properties={"text": "holds 5 kg"}, status="active"
    )
    post(api, f"/entities/{bracket['id']}/retire")
    refused = link(api, "SATISFIES", bracket, load, expect=422)
    assert (refused["detail"]["field"], refused["detail"]["status"]) == ("from_id", "retired")
    assert refused["message"].startswith(f"from_id {bracket['id']} is retired; link a candidate or active entity")


def test_effectiveness_rule(api) -> None:
    """A relationship counts only when active and both endpoints are active."""
    comp = create(api, name="cand comp", project="p-eff")  # candidate
    req = create(api, type="Requirement", name="r", project="p-eff", properties={"text": "t"}, status="active")
    rel = link(api, "SATISFIES", comp, req)
    assert (rel["status"], rel["effective"]) == ("active", False)
    assert ids(api, "/relationships", "relationships", project="p-eff") == []
    listed = api.get("/relationships", params={"project": "p-eff", "status": "all"}).json()["relationships"]
    assert [(r["id"], r["effective"]) for r in listed] == [(rel["id"], False)]
    post(api, f"/entities/{comp['id']}/promote")
    assert ids(api, "/relationships", "relationships", project="p-eff") == [rel["id"]]
    rejected = post(api, f"/relationships/{rel['id']}/reject", reason="wrong part")
    assert (rejected["status"], rejected["effective"]) == ("invalid", False)
    assert ids(api, "/relationships", "relationships", project="p-eff") == []
    shown = api.get(f"/relationships/{rel['id']}").json()
    assert [(r["action"], r["target_kind"], r["reason"]) for r in shown["reviews"]] == [
        ("reject", "relationship", "wrong part")
    ]
    assert api.post(f"/relationships/{rel['id']}/reject").status_code == 409
    assert api.post("/relationships/nope/reject").status_code == 404
    assert api.get("/relationships/nope").status_code == 404


def test_candidate_relationships_follow_their_last_candidate_endpoint(api) -> None:
    comp = create(api, name="imported comp", project="p-imp")
    req = create(api, type="Requirement", name="imported req", project="p-imp", properties={"text": "t"})
    rel = link(api, "SATISFIES", comp, req, status="candidate")
    post(api, f"/entities/{comp['id']}/promote")
    assert api.get(f"/relationships/{rel['id']}").json()["status"] == "candidate"  # the other end is still a candidate
    post(api, f"/entities/{req['id']}/promote")
    assert api.get(f"/relationships/{rel['id']}").json()["status"] == "active"
    assert ids(api, "/relationships", "relationships", project="p-imp") == [rel["id"]]
    # a rejected endpoint takes its candidate relationships with it
    mat = create(api, type="Material", name="steel", project="p-imp")
    used = link(api, "USES_MATERIAL", comp, mat, status="candidate")
    post(api, f"/entities/{mat['id']}/reject")
    assert api.get(f"/relationships/{used['id']}").json()["status"] == "invalid"
    # and a candidate relationship can be reviewed on its own
    sub = create(api, type="Subsystem", name="support", project="p-imp", status="active")
    contains = link(api, "CONTAINS", sub, comp, status="candidate")
    assert post(api, f"/relationships/{contains['id']}/promote")["effective"] is True


def test_revision_keeps_relationships_and_history(api) -> None:
    comp = create(api, name="lateral pad", project="p-rev", status="active", properties={"part_number": "A-1"})
    req = create(
        api, type="Requirement", name="hold mirror", project="p-rev", properties={"text": "hold it"}, status="active"
    )
    sat = link(api, "SATISFIES", comp, req)
    time.sleep(0.01)
    revised = api.put(f"/entities/{comp['id']}", json={"properties": {"part_number": "A-2"}, "reason": "ECO 12"})
    assert revised.status_code == 200, revised.text
    new = revised.json()
    assert new["id"] != comp["id"] and (new["status"], new["version"], new["key"]) == ("active", 2, comp["key"])
    assert new["properties"]["part_number"] == "A-2" and new["supersedes"] == [comp["id"]]
    assert [e["uri"] for e in new["evidence"]] == ["note://design-review"]  # provenance carried over
    old = api.get(f"/entities/{comp['id']}").json()
    assert (old["status"], old["superseded_by"]) == ("superseded", [new["id"]])
    assert old["valid_to"] == new["valid_from"] and old["superseded_at"] is not None
    # the invariant: what the component satisfied is still satisfied
    effective = api.get("/relationships", params={"project": "p-rev", "type": "SATISFIES"}).json()["relationships"]
    assert [(r["from_id"], r["to_id"], r["copied_from"]) for r in effective] == [(new["id"], req["id"], sat["id"])]
    assert ids(api, project="p-rev", type="Component") == [new["id"]]
    history = api.get(f"/entities/{comp['id']}/history").json()
    assert [(v["id"], v["version"], v["status"]) for v in history] == [
        (new["id"], 2, "active"),
        (comp["id"], 1, "superseded"),
    ]
    assert api.get(f"/entities/{new['id']}/history").json() == history
    assert [r["action"] for r in api.get(f"/entities/{comp['id']}/reviews").json()] == ["supersede"]
    assert [r["action"] for r in api.get(f"/entities/{new['id']}/reviews").json()] == ["revise"]
    # editing a superseded version is refused, pointing at its successor
    stale = api.put(f"/entities/{comp['id']}", json={"name": "x"})
    assert stale.status_code == 409 and new["id"] in stale.json()["message"]
    # an unchanged edit makes no version
    same = api.put(f"/entities/{new['id']}", json={"properties": {"part_number": "A-2"}}).json()
    assert same["id"] == new["id"]


def test_candidate_revision_switches_on_promotion(api) -> None:
    mat = create(
        api, type="Material", name="invar", project="p-crev", status="active", properties={"specification": "Invar 36"}
    )
    comp = create(api, name="cell", project="p-crev", status="active")
    link(api, "USES_MATERIAL", comp, mat)
    proposed = api.put(
        f"/entities/{mat['id']}", json={"properties": {"specification": "Super Invar"}, "as_candidate": True}
    ).json()
    assert proposed["status"] == "candidate" and proposed["supersedes"] == [mat["id"]]
    assert ids(api, project="p-crev", type="Material") == [mat["id"]]  # the active one still counts
    promoted = post(api, f"/entities/{proposed['id']}/promote", reason="accepted")
    assert promoted["status"] == "active"
    assert api.get(f"/entities/{mat['id']}").json()["status"] == "superseded"
    uses = api.get("/relationships", params={"project": "p-crev", "type": "USES_MATERIAL"}).json()["relationships"]
    assert [(r["from_id"], r["to_id"]) for r in uses] == [(comp["id"], proposed["id"])]


def test_stale_candidate_revision_is_refused(api) -> None:
    param = create(
        api, type="Parameter", name="preload", project="p-stale", status="active", properties={"value": 10, "unit": "N"}
    )
    first = api.put(f"/entities/{param['id']}", json={"properties": {"value": 11}, "as_candidate": True}).json()
    second = api.put(f"/entities/{param['id']}", json={"properties": {"value": 11.0}, "as_candidate": True}).json()
    post(api, f"/entities/{first['id']}/promote")
    stale = post(api, f"/entities/{second['id']}/promote", expect=409)
    assert first["id"] in stale["message"] and "superseded" in stale["message"]
    assert api.get(f"/entities/{second['id']}").json()["status"] == "candidate"


def test_as_of_reads(api) -> None:
    before = datetime.now(UTC)
    time.sleep(0.02)
    param = create(
        api,
        type="Parameter",
        name="clearance",
        project="p-asof",
        status="active",
        properties={"value": 3, "unit": "mm"},
    )
    time.sleep(0.02)
    middle = datetime.now(UTC)
    time.sleep(0.02)
    new = api.put(f"/entities/{param['id']}", json={"properties": {"value": 4}}).json()
    time.sleep(0.02)
    after = datetime.now(UTC)
    at = lambda moment: {"as_of": moment.isoformat()}  # noqa: E731
    assert ids(api, project="p-asof", **at(before)) == []
    assert ids(api, project="p-asof", **at(middle)) == [param["id"]]
    assert ids(api, project="p-asof", **at(after)) == [new["id"]]
    assert api.get(f"/entities/{new['id']}", params=at(middle)).json()["properties"]["value"] == 3
    assert api.get(f"/entities/{param['id']}", params=at(after)).json()["properties"]["value"] == 4
    assert api.get(f"/entities/{param['id']}", params=at(before)).status_code == 404
    naive = api.get(f"/entities/{param['id']}", params={"as_of": middle.replace(tzinfo=None).isoformat()})
    assert naive.status_code == 200 and naive.json()["id"] == param["id"]  # naive times are UTC
    assert api.get("/entities", params={"as_of": "yesterday"}).status_code == 422
    assert api.get("/entities", params={"as_of": middle.isoformat(), "status": "candidate"}).status_code == 422


def test_retire_and_supersede(api) -> None:
    old = create(
        api, type="Decision", name="bolt it", project="p-life", status="active", properties={"rationale": "simple"}
    )
    new = create(
        api, type="Decision", name="glue it", project="p-life", status="active", properties={"rationale": "lighter"}
    )
    assump = create(
        api, type="Assumption", name="static", project="p-life", status="active", properties={"text": "static loads"}
    )
    link(api, "BASED_ON", old, assump)
    done = post(api, f"/entities/{old['id']}/supersede", by=new["id"], reason="design review 3")
    assert (done["status"], done["superseded_by"], done["review_reason"]) == (
        "superseded",
        [new["id"]],
        "design review 3",
    )
    based = api.get("/relationships", params={"project": "p-life", "type": "BASED_ON"}).json()["relationships"]
    assert [(r["from_id"], r["to_id"]) for r in based] == [(new["id"], assump["id"])]
    assert post(api, f"/entities/{old['id']}/supersede", expect=409)["detail"]["status"] == "superseded"
    retired = post(api, f"/entities/{assump['id']}/retire", reason="loads are dynamic now")
    assert retired["status"] == "retired" and retired["retired_at"] is not None and retired["valid_to"] is not None
    assert assump["id"] not in ids(api, project="p-life")
    assert ids(api, project="p-life", status="retired") == [assump["id"]]
    assert api.get(f"/entities/{assump['id']}/history").json()[0]["status"] == "retired"
    assert ids(api, "/relationships", "relationships", project="p-life") == []  # its relationship stopped counting
    cand = create(api, type="Decision", name="weld it", project="p-life", properties={"rationale": "strong"})
    assert post(api, f"/entities/{new['id']}/supersede", expect=409, by=cand["id"])["detail"]["status"] == "candidate"
    req = create(api, type="Requirement", name="r", project="p-life", properties={"text": "t"}, status="active")
    assert post(api, f"/entities/{new['id']}/supersede", expect=422, by=req["id"])["detail"]["field"] == "by"
    assert post(api, f"/entities/{new['id']}/supersede", expect=422, by=new["id"])["detail"]["field"] == "by"
    assert post(api, f"/entities/{cand['id']}/retire", expect=409)["detail"]["status"] == "candidate"
    alone = post(api, f"/entities/{new['id']}/supersede")
    assert alone["status"] == "superseded" and alone["superseded_by"] == []


def test_history_survives_a_cycle(api, graph) -> None:
    a = create(api, type="Fact", name="fact a", project="p-cycle", status="active", properties={"text": "a"})
    b = api.put(f"/entities/{a['id']}", json={"properties": {"text": "b"}}).json()
    graph.run("testing.link_supersedes", new_id=a["id"], old_id=b["id"])  # corrupt: a cycle the services never make
    history = api.get(f"/entities/{a['id']}/history")
    assert history.status_code == 200
    assert sorted(v["id"] for v in history.json()) == sorted([a["id"], b["id"]])
    assert api.get("/entities/nope/history").status_code == 404


def test_evidence_links_to_chunks_interactions_and_shared_artifacts(api, graph) -> None:
    graph.run("testing.create_sources", chunk_id="chunk-ev-1", interaction_id="int-ev-1")
    refs = [{"chunk_id": "chunk-ev-1"}, {"interaction_id": "int-ev-1"}, {"artifact": "kb-cad://export/2026-11-01"}]
    made = create(api, name="evidenced", project="p-evidence", source_refs=refs)
    evidence = {e["kind"]: e for e in made["evidence"]}
    assert set(evidence) == {"chunk", "interaction", "artifact"}
    assert (evidence["chunk"]["id"], evidence["chunk"]["source_file"], evidence["chunk"]["heading_path"]) == (
        "chunk-ev-1",
        "design/pads.md",
        ["Pads", "Lateral"],
    )
    assert evidence["interaction"]["id"] == "int-ev-1"
    other = create(
        api, name="same export", project="p-evidence", source_refs=[{"artifact": "kb-cad://export/2026-11-01"}]
    )
    assert [e["id"] for e in other["evidence"]] == [evidence["artifact"]["id"]]  # one Artifact per uri
    revised = api.put(
        f"/entities/{made['id']}", json={"name": "evidenced again", "source_refs": [{"artifact": "note://extra"}]}
    )
    assert revised.status_code == 200  # a candidate: edited in place, evidence added
    assert {e["kind"] for e in revised.json()["evidence"]} == {"chunk", "interaction", "artifact"}
    assert len(revised.json()["evidence"]) == 4
    assert api.put(f"/entities/{made['id']}", json={"source_refs": [{"chunk_id": "missing"}]}).status_code == 422


def test_every_ontology_type_can_be_created_with_its_label(api, graph) -> None:
    from atocore.services.engineering.ontology import ENTITY_TYPES

    minimal = {"text": "t", "rationale": "r", "value": 1}
    for name, kind in ENTITY_TYPES.items():
        required = {f: minimal[f] for f, field in kind.facts.model_fields.items() if field.is_required()}
        made = create(api, type=name, name=f"one {name}", project="p-all-types", properties=required, status="active")
        assert sorted(graph.run("testing.entity_labels", id=made["id"])[0]["labels"]) == sorted(["Entity", name])
    assert len(ids(api, project="p-all-types", limit=100)) == len(ENTITY_TYPES)
