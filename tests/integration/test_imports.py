"""KB-CAD / KB-FEM imports against the real Neo4j: candidates, idempotency, conflicts, promote."""

from __future__ import annotations

import pytest

from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered(
    "p-imp-busy",
    "p-imp-cad",
    "p-imp-cli",
    "p-imp-cross",
    "p-imp-drift",
    "p-imp-fem",
    "p-imp-hand",
    "p-imp-many",
    "p-imp-move",
    "p-imp-promote",
    "p-imp-refs",
    "p-imp-rej",
    "p-imp-rejall",
    "p-imp-resume",
    "p-imp-same",
    "p-imp-two",
)

NOTE = [{"artifact": "note://imports-test"}]

# The message for a parameter value of the wrong shape, spelled out as the user reads it.
PARAMETER_VALUE = 'must be a number, a string, a boolean or {"value": <number|string|boolean>, "unit": <string|null>}'


def cad_export(project: str, *, material: str = "GF-PTFE", thickness: float = 3.0, **envelope) -> dict:
    return {
        "exporter": "kb-cad",
        "exporter_version": "1.0.0",
        "exported_at": "2026-04-07T12:00:00Z",
        "project": project,
        "subsystems": [
            {
                "id": "subsystem.optical-frame",
                "name": "Optical frame",
                "parent": None,
                "components": [
                    {
                        "id": "component.lateral-support-pad",
                        "name": "Lateral support pad",
                        "material": material,
                        "parameters": {"thickness_mm": thickness, "preload": {"value": 12.0, "unit": "N"}},
                        "source_artifact": "kb-cad://p05/subsystems/optical-frame#lateral-support",
                    },
                ],
            },
            {
                "id": "subsystem.mirror-cell",
                "name": "Mirror cell",
                "parent": "subsystem.optical-frame",
                "components": [
                    {
                        "id": "component.axial-pad",
                        "name": "Axial pad",
                        "material": "GF-PTFE",
                        "source_artifact": "kb-cad://p05/subsystems/mirror-cell#axial-pad",
                    },
                ],
            },
        ],
        **envelope,
    }


def fem_export(
    project: str,
    *,
    frequency: float = 187.4,
    claim: str = "claim.frame-rigidity-min-150hz",
    subsystem: str = "subsystem.optical-frame",
) -> dict:
    return {
        "exporter": "kb-fem",
        "exporter_version": "2.1.0",
        "exported_at": "2026-04-08T09:30:00+00:00",
        "project": project,
        "analysis_models": [
            {
                "id": "model.optical-frame-modal",
                "name": "Optical frame modal analysis v3",
                "subsystem": subsystem,
                "results": [
                    {
                        "id": "result.first-mode-frequency",
                        "name": "First-mode frequency",
                        "value": frequency,
                        "unit": "Hz",
                        "supports_validation_claim": claim,
                        "source_artifact": "kb-fem://p05/models/optical-frame-modal#first-mode",
                    },
                ],
            },
        ],
    }


def post(api, tool: str, body: dict, expect: int = 201) -> dict:
    response = api.post(f"/ingest/{tool}/export", json=body)
    assert response.status_code == expect, response.text
    return response.json()


def entities(api, project: str, status: str = "all", **filters) -> list[dict]:
    response = api.get("/entities", params={"project": project, "status": status, "limit": 500, **filters})
    assert response.status_code == 200, response.text
    return response.json()["entities"]


def by_key(found: list[dict]) -> dict[str, dict]:
    return {e["key"]: e for e in found}


def relationships(api, project: str) -> set[tuple[str, str, str, str]]:
    found = api.get("/relationships", params={"project": project, "status": "all", "limit": 500}).json()[
        "relationships"
    ]
    return {(r["type"], r["source"]["key"], r["target"]["key"], r["status"]) for r in found}


def test_kb_cad_happy_path_creates_candidates_with_provenance(api) -> None:
    report = post(api, "kb-cad", cad_export("p-imp-cad"))
    assert (report["project"], report["tool"], report["status"], report["repeated"]) == (
        "p-imp-cad",
        "kb-cad",
        "complete",
        False,
    )
    assert (report["exporter"], report["exporter_version"], report["exported_at"]) == (
        "kb-cad",
        "1.0.0",
        "2026-04-07T12:00:00Z",
    )
    assert report["summary"] == {
        "records": 7,
        "created": 7,
        "unchanged": 0,
        "previously_decided": 0,
        "relationships_created": 7,
        "conflicts": 0,
        "failed": 0,
        "unresolved": 0,
    }
    assert report["created_by_type"] == {"Subsystem": 2, "Component": 2, "Material": 1, "Parameter": 2}
    assert report["entities_by_status"] == {"candidate": 7}
    found = by_key(entities(api, "p-imp-cad"))
    assert sorted(found) == [
        "component.axial-pad",
        "component.lateral-support-pad",
        "component.lateral-support-pad.preload",
        "component.lateral-support-pad.thickness_mm",
        "material.gf-ptfe",
        "subsystem.mirror-cell",
        "subsystem.optical-frame",
    ]
    assert {e["status"] for e in found.values()} == {"candidate"}
    assert {e["canonical_home"] for e in found.values()} == {"kb-cad"}
    assert {e["extractor_version"] for e in found.values()} == {"kb-cad 1.0.0"}
    pad = found["component.lateral-support-pad"]
    assert (pad["type"], pad["name"], pad["properties"]) == (
        "Component",
        "Lateral support pad",
        {"material": "GF-PTFE"},
    )
    assert found["component.lateral-support-pad.preload"]["properties"] == {"value": 12.0, "unit": "N"}
    assert found["component.lateral-support-pad.thickness_mm"]["properties"] == {"value": 3.0}
    assert found["material.gf-ptfe"]["name"] == "GF-PTFE"
    detail = api.get(f"/entities/{pad['id']}").json()
    assert [(e["kind"], e["uri"]) for e in detail["evidence"]] == [
        ("artifact", "kb-cad://p05/subsystems/optical-frame#lateral-support")
    ]
    frame = api.get(f"/entities/{found['subsystem.optical-frame']['id']}").json()
    assert [e["uri"] for e in frame["evidence"]] == ["kb-cad://export/p-imp-cad/2026-04-07T12:00:00Z"]
    assert relationships(api, "p-imp-cad") == {
        ("CONTAINS", "subsystem.optical-frame", "subsystem.mirror-cell", "candidate"),
        ("CONTAINS", "subsystem.optical-frame", "component.lateral-support-pad", "candidate"),
        ("CONTAINS", "subsystem.mirror-cell", "component.axial-pad", "candidate"),
        ("USES_MATERIAL", "component.lateral-support-pad", "material.gf-ptfe", "candidate"),
        ("USES_MATERIAL", "component.axial-pad", "material.gf-ptfe", "candidate"),
        ("HAS_PARAMETER", "component.lateral-support-pad", "component.lateral-support-pad.thickness_mm", "candidate"),
    } | {("HAS_PARAMETER", "component.lateral-support-pad", "component.lateral-support-pad.preload", "candidate")}
    # candidates never reach default (active-only) reads, nor effective relationship lists
    assert api.get("/entities", params={"project": "p-imp-cad"}).json()["entities"] == []
    assert api.get("/relationships", params={"project": "p-imp-cad"}).json()["relationships"] == []
    assert by_key(entities(api, "p-imp-cad", status="candidate")).keys() == found.keys()
    # the import is recorded and linked to what it created
    again = api.get(f"/imports/{report['import_id']}")
    assert again.status_code == 200 and again.json()["summary"] == report["summary"]
    listed = api.get("/imports", params={"project": "p-imp-cad"}).json()
    assert [i["import_id"] for i in listed["imports"]] == [report["import_id"]]


def test_kb_fem_happy_path_links_to_cad_entities_and_claims(api) -> None:
    post(api, "kb-cad", cad_export("p-imp-fem"))
    claim = api.post(
        "/entities",
        json={
            "type": "ValidationClaim",
            "name": "Frame rigidity",
            "project": "p-imp-fem",
            "key": "claim.frame-rigidity-min-150hz",
            "status": "active",
            "properties": {"text": "First mode above 150 Hz"},
            "source_refs": NOTE,
        },
    ).json()
    report = post(api, "kb-fem", fem_export("p-imp-fem"))
    assert report["summary"] == {
        "records": 2,
        "created": 2,
        "unchanged": 0,
        "previously_decided": 0,
        "relationships_created": 3,
        "conflicts": 0,
        "failed": 0,
        "unresolved": 0,
    }
    assert (report["tool"], report["exporter_version"], report["exported_at"]) == (
        "kb-fem",
        "2.1.0",
        "2026-04-08T09:30:00+00:00",
    )
    found = by_key(entities(api, "p-imp-fem", type="AnalysisModel") + entities(api, "p-imp-fem", type="Result"))
    model, result = found["model.optical-frame-modal"], found["result.first-mode-frequency"]
    assert (model["status"], model["canonical_home"], model["properties"]) == (
        "candidate",
        "kb-fem",
        {"tool": "kb-fem"},
    )
    assert (result["status"], result["properties"]) == ("candidate", {"value": 187.4, "unit": "Hz"})
    assert {r for r in relationships(api, "p-imp-fem") if r[0] in ("ANALYZES", "PRODUCED", "SUPPORTS")} == {
        ("ANALYZES", "model.optical-frame-modal", "subsystem.optical-frame", "candidate"),
        ("PRODUCED", "model.optical-frame-modal", "result.first-mode-frequency", "candidate"),
        ("SUPPORTS", "result.first-mode-frequency", "claim.frame-rigidity-min-150hz", "candidate"),
    }
    evidence = api.get(f"/entities/{result['id']}").json()["evidence"]
    assert [e["uri"] for e in evidence] == ["kb-fem://p05/models/optical-frame-modal#first-mode"]
    assert api.get(f"/entities/{claim['id']}").json()["status"] == "active"  # referenced, never touched


def test_an_invalid_export_is_one_422_listing_every_error_with_its_path(api) -> None:
    bad = cad_export("p-imp-bad", exported_at="yesterday")
    bad.pop("exporter_version")
    bad["subsystems"][1]["components"][0].pop("id")
    bad["subsystems"][1]["components"][0]["parameters"] = {"bad name": 1, "ok": [1, 2]}
    bad["subsystems"][0]["components"][0]["material"] = 7
    bad["subsystems"].append(
        {
            "id": "subsystem.optical-frame",
            "name": "Twin",
            "components": [{"id": "x", "name": "X", "source_artifact": "nope"}],
        }
    )
    response = api.post("/ingest/kb-cad/export", json=bad)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_input"
    assert body["detail"]["problems"] == [
        "$.exporter_version: required",
        "$.exported_at: must be an ISO 8601 date-time, e.g. 2026-04-07T12:00:00Z",
        "$.subsystems[0].components[0].material: must be a string",
        "$.subsystems[1].components[0].id: required",
        '$.subsystems[1].components[0].parameters["bad name"]: '
        "parameter name must match ^[A-Za-z0-9][A-Za-z0-9._:/-]{0,48}$",
        "$.subsystems[1].components[0].parameters.ok: " + PARAMETER_VALUE,
        "$.subsystems[2].components[0].source_artifact: must match ^[a-z][a-z0-9+.-]*://\\S+$",
        "$.subsystems[2].id: duplicate id 'subsystem.optical-frame' (first at $.subsystems[0].id)",
    ]
    assert body["detail"]["problem_count"] == 8
    assert "$.subsystems[1].components[0].id: required" in body["message"]
    wrong_tool = api.post("/ingest/kb-fem/export", json=cad_export("p-imp-bad"))
    assert wrong_tool.status_code == 422
    assert wrong_tool.json()["detail"]["problems"] == ["$.exporter: must be 'kb-fem'", "$.analysis_models: required"]
    not_an_object = api.post("/ingest/kb-cad/export", json=[1, 2])
    assert (not_an_object.status_code, not_an_object.json()["detail"]["problems"]) == (422, ["$: must be an object"])
    assert api.get("/entities", params={"project": "p-imp-bad"}).status_code == 404  # nothing was written
    assert api.get("/imports", params={"project": "p-imp-bad"}).status_code == 404


def test_identical_reimport_creates_nothing(api) -> None:
    first = post(api, "kb-cad", cad_export("p-imp-same"))
    before = by_key(entities(api, "p-imp-same"))
    rels_before = relationships(api, "p-imp-same")
    again = post(api, "kb-cad", cad_export("p-imp-same"), expect=200)  # a retry
    assert again["repeated"] is True and again["import_id"] == first["import_id"]
    assert again["summary"] == first["summary"] and again["times_seen"] == 2
    assert again["last_seen_at"] > first["last_seen_at"]
    later = post(
        api,
        "kb-cad",
        cad_export("p-imp-same", exported_at="2026-05-01T08:00:00Z", exporter_version="1.0.1"),
        expect=200,
    )
    assert later["import_id"] == first["import_id"] and later["times_seen"] == 3
    assert {k: e["id"] for k, e in by_key(entities(api, "p-imp-same")).items()} == {
        k: e["id"] for k, e in before.items()
    }
    assert relationships(api, "p-imp-same") == rels_before
    assert len(api.get("/imports", params={"project": "p-imp-same"}).json()["imports"]) == 1
    # a new export that changes one thing: the rest is recognized as unchanged
    changed = post(api, "kb-cad", cad_export("p-imp-same", thickness=3.5))
    assert changed["import_id"] != first["import_id"]
    assert changed["summary"] == {
        "records": 7,
        "created": 1,
        "unchanged": 6,
        "previously_decided": 0,
        "relationships_created": 1,
        "conflicts": 1,
        "failed": 0,
        "unresolved": 0,
    }
    assert [(c["key"], c["change"], c["differs"]) for c in changed["changed"]] == [
        ("component.lateral-support-pad.thickness_mm", "rival", ["value"])
    ]


def test_changed_values_on_active_entities_make_candidates_and_conflicts(api) -> None:
    first = post(api, "kb-cad", cad_export("p-imp-drift"))
    promoted = api.post(f"/imports/{first['import_id']}/promote", json={"reason": "reviewed the KB-CAD baseline"})
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["promoted"] == 7 and promoted.json()["skipped"] == []
    active = by_key(entities(api, "p-imp-drift", status="active"))
    assert len(active) == 7

    drift = post(api, "kb-cad", cad_export("p-imp-drift", material="PEEK", thickness=4.0))
    assert drift["summary"] == {
        "records": 8,
        "created": 3,
        "unchanged": 5,
        "previously_decided": 0,
        "relationships_created": 4,
        "conflicts": 2,
        "failed": 0,
        "unresolved": 0,
    }
    pad, thickness = active["component.lateral-support-pad"], active["component.lateral-support-pad.thickness_mm"]
    changed = {c["key"]: c for c in drift["changed"]}
    assert {k: (c["change"], c["revises"], c["differs"]) for k, c in changed.items()} == {
        "component.lateral-support-pad": ("revision", pad["id"], ["material"]),
        "component.lateral-support-pad.thickness_mm": ("revision", thickness["id"], ["value"]),
    }
    # the active versions are untouched; the new values wait as candidates
    assert api.get(f"/entities/{pad['id']}").json()["properties"] == {"material": "GF-PTFE"}
    assert api.get(f"/entities/{pad['id']}").json()["status"] == "active"
    assert api.get(f"/entities/{thickness['id']}").json()["properties"] == {"value": 3.0}
    revision = api.get(f"/entities/{changed['component.lateral-support-pad']['id']}").json()
    assert (revision["status"], revision["properties"], revision["version"], revision["supersedes"]) == (
        "candidate",
        {"material": "PEEK"},
        2,
        [pad["id"]],
    )
    open_conflicts = api.get("/conflicts", params={"project": "p-imp-drift", "status": "open"}).json()["conflicts"]
    assert sorted((c["slot"], sorted(m["id"] for m in c["members"])) for c in open_conflicts) == sorted(
        [
            ("p-imp-drift|Component|component.lateral-support-pad", sorted([pad["id"], revision["id"]])),
            (
                "p-imp-drift|Parameter|component.lateral-support-pad.thickness_mm",
                sorted([thickness["id"], changed["component.lateral-support-pad.thickness_mm"]["id"]]),
            ),
        ]
    )
    assert sorted(c["slot"] for c in drift["conflicts"]) == sorted(c["slot"] for c in open_conflicts)

    # promote skips the members of open conflicts and promotes the rest (the new Material)
    second = api.post(f"/imports/{drift['import_id']}/promote").json()
    assert second["promoted"] == 1 and second["promoted_by_type"] == {"Material": 1}
    conflict_of = {c["slot"].rsplit("|", 1)[1]: c["id"] for c in open_conflicts}
    assert sorted((s["key"], s["conflict_id"], s["reason"]) for s in second["skipped"]) == [
        (
            key,
            conflict_of[key],
            f"member of open conflict {conflict_of[key]}; resolve it first: POST /conflicts/{conflict_of[key]}/resolve",
        )
        for key in ("component.lateral-support-pad", "component.lateral-support-pad.thickness_mm")
    ]
    assert by_key(entities(api, "p-imp-drift", status="active"))["component.lateral-support-pad"]["id"] == pad["id"]

    # a reviewer accepts the new material: the revision's relationships become effective with it
    conflict = next(c for c in open_conflicts if c["slot"].endswith("|component.lateral-support-pad"))
    resolved = api.post(
        f"/conflicts/{conflict['id']}/resolve", json={"action": "supersede_others", "winner_id": revision["id"]}
    )
    assert resolved.status_code == 200, resolved.text
    current = api.get(f"/entities/{revision['id']}").json()
    effective = sorted(
        (v["relationship"]["type"], v["direction"], v["other"]["key"])
        for v in current["relationships"]
        if v["effective"]
    )
    assert effective == [
        ("CONTAINS", "in", "subsystem.optical-frame"),
        ("HAS_PARAMETER", "out", "component.lateral-support-pad.preload"),
        ("USES_MATERIAL", "out", "material.peek"),
    ]
    assert api.get(f"/entities/{pad['id']}").json()["status"] == "superseded"


def test_two_contradictory_imports_make_a_conflict_not_an_overwrite(api) -> None:
    first = post(api, "kb-cad", cad_export("p-imp-two"))
    second = post(api, "kb-cad", cad_export("p-imp-two", material="PEEK"))
    assert (
        second["summary"]["created"] == 2 and second["summary"]["conflicts"] == 1
    )  # the rival component, material PEEK
    rival = next(c for c in second["changed"] if c["key"] == "component.lateral-support-pad")
    assert (rival["change"], rival["revises"], rival["differs"]) == ("rival", None, ["material"])
    pads = [
        e
        for e in entities(api, "p-imp-two", status="candidate", type="Component")
        if e["key"] == "component.lateral-support-pad"
    ]
    assert sorted(e["properties"]["material"] for e in pads) == ["GF-PTFE", "PEEK"]
    conflicts = api.get("/conflicts", params={"project": "p-imp-two", "status": "open"}).json()["conflicts"]
    assert [sorted(m["properties"]["material"] for m in c["members"]) for c in conflicts] == [["GF-PTFE", "PEEK"]]
    # promoting the first import now skips its contested component
    report = api.post(f"/imports/{first['import_id']}/promote").json()
    assert [s["key"] for s in report["skipped"]] == ["component.lateral-support-pad"]
    assert report["promoted"] == 6


def test_unresolved_references_are_reported_not_dropped(api) -> None:
    api.post(
        "/entities",
        json={
            "type": "Subsystem",
            "name": "Telescope",
            "project": "p-imp-refs",
            "key": "subsystem.telescope",
            "status": "active",
            "source_refs": NOTE,
        },
    )
    export = cad_export("p-imp-refs")
    export["subsystems"][0]["parent"] = "subsystem.telescope"  # resolves to the hand-made subsystem
    export["subsystems"].append({"id": "subsystem.orphan", "name": "Orphan", "parent": "subsystem.nowhere"})
    cad = post(api, "kb-cad", export)
    assert cad["summary"]["unresolved"] == 1 and cad["summary"]["created"] == 8
    assert cad["unresolved"] == [
        {
            "path": "$.subsystems[2].parent",
            "reference": "subsystem.nowhere",
            "expected": ["Subsystem"],
            "message": "no Subsystem with key 'subsystem.nowhere' in the export or in project 'p-imp-refs'",
        }
    ]
    assert ("CONTAINS", "subsystem.telescope", "subsystem.optical-frame", "candidate") in relationships(
        api, "p-imp-refs"
    )
    assert "subsystem.orphan" in by_key(entities(api, "p-imp-refs"))  # the record itself is still imported
    fem = post(api, "kb-fem", fem_export("p-imp-refs", subsystem="subsystem.unknown", claim="claim.nobody-made-it"))
    assert fem["summary"]["unresolved"] == 2 and fem["summary"]["created"] == 2
    assert [(u["path"], u["reference"], u["expected"]) for u in fem["unresolved"]] == [
        ("$.analysis_models[0].subsystem", "subsystem.unknown", ["Subsystem", "Component"]),
        ("$.analysis_models[0].results[0].supports_validation_claim", "claim.nobody-made-it", ["ValidationClaim"]),
    ]
    assert api.get(f"/imports/{fem['import_id']}").json()["unresolved"] == fem["unresolved"]


def test_get_and_list_imports(api, graph) -> None:
    missing = api.get("/imports/no-such-import")
    assert missing.status_code == 404 and "no-such-import" in missing.json()["message"]
    assert api.post("/imports/no-such-import/promote").status_code == 404
    graph.run("testing.create_project", id="p-imp-list", aliases=["ImpList"])
    cad = post(api, "kb-cad", cad_export("implist"))
    fem = post(api, "kb-fem", fem_export("IMPLIST"))
    assert (cad["project"], fem["project"]) == ("p-imp-list", "p-imp-list")
    listed = api.get("/imports", params={"project": "ImpList"}).json()
    assert sorted(i["import_id"] for i in listed["imports"]) == sorted([cad["import_id"], fem["import_id"]])
    only_fem = api.get("/imports", params={"project": "p-imp-list", "tool": "kb-fem"}).json()["imports"]
    assert [i["import_id"] for i in only_fem] == [fem["import_id"]]
    assert api.get("/imports", params={"tool": "kb-nx"}).status_code == 422
    schema = api.get("/ingest/kb-cad/schema").json()
    assert schema["$id"] == "urn:atocore:schema:kb-cad-export" and "subsystems" in schema["properties"]
    assert api.get("/ingest/kb-fem/schema").json()["required"] == [
        "exporter",
        "exporter_version",
        "exported_at",
        "project",
        "analysis_models",
    ]


def test_project_aliases_are_canonical_at_every_entry_point(api, graph) -> None:
    graph.run("testing.create_project", id="p-imp-alias", aliases=["IMPA"])
    by_alias = post(api, "kb-cad", cad_export("impa"))
    assert by_alias["project"] == "p-imp-alias"
    assert {e["project"] for e in entities(api, "p-imp-alias")} == {"p-imp-alias"}
    by_id = post(api, "kb-cad", cad_export("p-imp-alias"), expect=200)  # the same content under the canonical id
    assert by_id["repeated"] is True and by_id["import_id"] == by_alias["import_id"]
    fem = post(api, "kb-fem", fem_export(" IMPA "))
    model = by_key(entities(api, "IMPA", type="AnalysisModel"))["model.optical-frame-modal"]
    assert fem["project"] == model["project"] == "p-imp-alias"
    assert ("ANALYZES", "model.optical-frame-modal", "subsystem.optical-frame", "candidate") in relationships(
        api, "impa"
    )
    # an unknown project name is a 404 naming the closest registered names, as POST /entities answers
    unknown = post(api, "kb-cad", cad_export("p-imp-alias-x"), expect=404)
    assert unknown["detail"]["suggestions"][0] == "p-imp-alias" and "register it first" in unknown["message"]


def test_promote_activates_entities_and_their_relationships(api) -> None:
    report = post(api, "kb-cad", cad_export("p-imp-promote"))
    done = api.post(f"/imports/{report['import_id']}/promote", json={"reason": "checked against the drawing"}).json()
    assert done["promoted"] == 7 and done["skipped"] == []
    assert done["promoted_by_type"] == {"Subsystem": 2, "Component": 2, "Material": 1, "Parameter": 2}
    assert done["relationships"] == {"active": 7}
    assert {r[3] for r in relationships(api, "p-imp-promote")} == {"active"}
    assert len(api.get("/relationships", params={"project": "p-imp-promote"}).json()["relationships"]) == 7  # effective
    pad = by_key(entities(api, "p-imp-promote", status="active"))["component.lateral-support-pad"]
    reviews = api.get(f"/entities/{pad['id']}/reviews").json()
    assert [(r["action"], r["reason"], r["from_status"], r["to_status"]) for r in reviews] == [
        ("promote", "checked against the drawing", "candidate", "active")
    ]
    assert api.get(f"/imports/{report['import_id']}").json()["entities_by_status"] == {"active": 7}
    again = api.post(f"/imports/{report['import_id']}/promote").json()
    assert (again["promoted"], again["skipped"], again["relationships"]) == (0, [], {"active": 7})
    # a FEM import onto the active CAD model: its relationship to an active subsystem waits for the import's promotion
    fem = post(api, "kb-fem", fem_export("p-imp-promote", claim=None))
    assert api.post(f"/imports/{fem['import_id']}/promote").json()["relationships"] == {"active": 2}


def test_reject_an_import_rejects_what_it_still_proposes_and_leaves_reviewed_entities(api) -> None:
    cad = post(api, "kb-cad", cad_export("p-imp-rejall"))
    assert api.post(f"/imports/{cad['import_id']}/promote").json()["promoted"] == 7
    fem = post(api, "kb-fem", fem_export("p-imp-rejall", claim=None))
    done = api.post(f"/imports/{fem['import_id']}/reject", json={"reason": "wrong mesh"}).json()
    assert (done["rejected"], done["rejected_by_type"], done["skipped"]) == (2, {"AnalysisModel": 1, "Result": 1}, [])
    assert done["relationships"] == {"invalid": 2}  # ANALYZES onto the active subsystem, PRODUCED
    assert api.get(f"/imports/{fem['import_id']}").json()["entities_by_status"] == {"invalid": 2}
    model = by_key(entities(api, "p-imp-rejall"))["model.optical-frame-modal"]
    assert [(r["action"], r["reason"]) for r in api.get(f"/entities/{model['id']}/reviews").json()] == [
        ("reject", "wrong mesh")
    ]
    assert {e["status"] for e in entities(api, "p-imp-rejall", type="Subsystem")} == {"active"}
    again = api.post(f"/imports/{fem['import_id']}/reject").json()
    assert (again["rejected"], again["relationships"]) == (0, {"invalid": 2})
    # a drifted re-export in conflict with the active pad: rejecting it settles the conflict, the active pad stays
    drift = post(api, "kb-cad", cad_export("p-imp-rejall", thickness=4.0))
    assert drift["summary"]["conflicts"] == 1
    assert api.post(f"/imports/{drift['import_id']}/reject").json()["rejected"] == 1
    assert api.get("/conflicts", params={"project": "p-imp-rejall", "status": "open"}).json()["conflicts"] == []
    thickness = [e for e in entities(api, "p-imp-rejall", type="Parameter") if e["key"].endswith("thickness_mm")]
    assert sorted((e["status"], e["value"] if "value" in e else e["properties"]["value"]) for e in thickness) == [
        ("active", 3.0),
        ("invalid", 4.0),
    ]
    missing = api.post("/imports/no-such-import/reject")
    assert missing.status_code == 404 and "no-such-import" in missing.json()["message"]


def test_a_moved_component_is_a_revision_that_keeps_no_old_parent(api) -> None:
    first = post(api, "kb-cad", cad_export("p-imp-move"))
    api.post(f"/imports/{first['import_id']}/promote")
    moved = cad_export("p-imp-move")
    moved["subsystems"][1]["components"].append(moved["subsystems"][0]["components"].pop())
    report = post(api, "kb-cad", moved)
    assert report["summary"]["conflicts"] == 0  # no fact contradicts: a plain candidate revision
    assert [(c["key"], c["change"], c["differs"]) for c in report["changed"]] == [
        ("component.lateral-support-pad", "revision", ["parent"])
    ]
    done = api.post(f"/imports/{report['import_id']}/promote").json()
    assert (done["promoted"], done["skipped"]) == (1, [])
    current = by_key(entities(api, "p-imp-move", status="active"))["component.lateral-support-pad"]
    assert current["id"] == report["changed"][0]["id"]
    effective = sorted(
        (v["relationship"]["type"], v["other"]["key"])
        for v in api.get(f"/entities/{current['id']}").json()["relationships"]
        if v["effective"]
    )
    assert effective == [
        ("CONTAINS", "subsystem.mirror-cell"),
        ("HAS_PARAMETER", "component.lateral-support-pad.preload"),
        ("HAS_PARAMETER", "component.lateral-support-pad.thickness_mm"),
        ("USES_MATERIAL", "material.gf-ptfe"),
    ]
    assert post(api, "kb-cad", moved, expect=200)["repeated"] is True


def test_a_rejected_record_is_not_proposed_again(api) -> None:
    first = post(api, "kb-cad", cad_export("p-imp-rej"))
    axial = by_key(entities(api, "p-imp-rej"))["component.axial-pad"]
    assert api.post(f"/entities/{axial['id']}/reject", json={"reason": "not a KB-CAD part"}).status_code == 200
    report = post(api, "kb-cad", cad_export("p-imp-rej", thickness=5.0))
    assert report["summary"]["previously_decided"] == 1
    assert report["previously_decided"] == [
        {
            "path": "$.subsystems[1].components[0]",
            "type": "Component",
            "key": "component.axial-pad",
            "id": axial["id"],
            "status": "invalid",
        }
    ]
    assert [e["status"] for e in entities(api, "p-imp-rej", type="Component") if e["key"] == "component.axial-pad"] == [
        "invalid"
    ]
    assert first["import_id"] != report["import_id"]


def test_a_few_hundred_records_in_small_batches(api, monkeypatch) -> None:
    from atocore.services.engineering.imports import lease

    monkeypatch.setattr(lease, "BATCH", 40)
    export = {
        "exporter": "kb-cad",
        "exporter_version": "1",
        "exported_at": "2026-04-07T12:00:00Z",
        "project": "p-imp-many",
        "subsystems": [
            {
                "id": f"subsystem.s{s}",
                "name": f"S{s}",
                "parent": "subsystem.s0" if s else None,
                "components": [
                    {
                        "id": f"component.c{s}-{c}",
                        "name": f"C{s}-{c}",
                        "material": f"alloy-{c % 3}",
                        "parameters": {"mass_kg": s + c / 10},
                        "source_artifact": f"kb-cad://many/{s}/{c}",
                    }
                    for c in range(50)
                ],
            }
            for s in range(3)
        ],
    }
    report = post(api, "kb-cad", export)
    assert report["summary"] == {
        "records": 306,
        "created": 306,
        "unchanged": 0,
        "previously_decided": 0,
        "relationships_created": 452,
        "conflicts": 0,
        "failed": 0,
        "unresolved": 0,
    }
    assert report["created_by_type"] == {"Subsystem": 3, "Component": 150, "Material": 3, "Parameter": 150}
    export["subsystems"][2]["components"][7]["parameters"]["mass_kg"] = 99.0
    export["exported_at"] = "2026-04-08T12:00:00Z"
    again = post(api, "kb-cad", export)
    assert again["summary"] == {
        "records": 306,
        "created": 1,
        "unchanged": 305,
        "previously_decided": 0,
        "relationships_created": 1,
        "conflicts": 1,
        "failed": 0,
        "unresolved": 0,
    }
    done = api.post(f"/imports/{report['import_id']}/promote").json()
    assert done["promoted"] == 305 and [s["key"] for s in done["skipped"]] == ["component.c2-7.mass_kg"]
    assert done["relationships"] == {"active": 451, "candidate": 1}


def test_cli_import_show_and_promote(live_api, tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from atocore.cli.main import cli

    def run(*args: str, stdin: str | None = None):
        result = CliRunner().invoke(cli, [*args, "--url", live_api, "--json"], input=stdin, catch_exceptions=False)
        return result.exit_code, result.output

    path = tmp_path / "cad.json"
    path.write_text(json.dumps(cad_export("named-in-the-file")))
    code, output = run("import", "kb-cad", str(path), "--project", "p-imp-cli")
    assert code == 0, output
    report = json.loads(output)
    assert (report["project"], report["summary"]["created"]) == ("p-imp-cli", 7)
    code, output = run("import", "kb-cad", str(path), "--project", "p-imp-cli")
    assert code == 0 and json.loads(output)["repeated"] is True
    code, output = run("import", "kb-fem", "-", "--project", "p-imp-cli", stdin=json.dumps(fem_export("x", claim=None)))
    assert code == 0 and json.loads(output)["summary"]["created"] == 2
    code, output = run("imports", "list", "--project", "p-imp-cli", "--tool", "kb-cad")
    assert [i["import_id"] for i in json.loads(output)["imports"]] == [report["import_id"]]
    code, output = run("imports", "show", report["import_id"])
    assert code == 0 and json.loads(output)["entities_by_status"] == {"candidate": 7}
    code, output = run("imports", "promote", report["import_id"], "--reason", "cli review")
    assert code == 0 and json.loads(output)["promoted"] == 7
    fem_id = json.loads(run("imports", "list", "--project", "p-imp-cli", "--tool", "kb-fem")[1])["imports"][0][
        "import_id"
    ]
    code, output = run("imports", "reject", fem_id, "--reason", "cli reject")
    assert code == 0 and json.loads(output)["rejected"] == 2
    code, output = run("imports", "schema", "kb-fem")
    assert json.loads(output)["$id"] == "urn:atocore:schema:kb-fem-export"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"exporter": "kb-cad"}))
    result = CliRunner().invoke(cli, ["import", "kb-cad", str(bad), "--url", live_api])
    assert result.exit_code == 2 and "$.exporter_version: required" in result.output
    code, output = run("imports", "show", "nope")
    assert code == 3


def test_an_interrupted_import_resumes_when_posted_again(api, graph, monkeypatch) -> None:
    from atocore.services.engineering.imports import mirror

    def fail(*_: object) -> None:
        raise RuntimeError("connection lost")

    with monkeypatch.context() as patched:
        patched.setattr(mirror, "write_relationships", fail)
        with pytest.raises(RuntimeError):
            mirror.run_import(graph, "kb-cad", cad_export("p-imp-resume"))
    assert len(entities(api, "p-imp-resume")) == 7  # the entity batches were committed
    listed = api.get("/imports", params={"project": "p-imp-resume"}).json()["imports"]
    assert [(i["status"], i["summary"]["records"]) for i in listed] == [("running", 0)]  # no summary yet
    report = post(api, "kb-cad", cad_export("p-imp-resume"))  # the lease was given back: the retry resumes
    assert report["import_id"] == listed[0]["import_id"] and report["repeated"] is False
    assert report["summary"] == {
        "records": 7,
        "created": 7,
        "unchanged": 0,
        "previously_decided": 0,
        "relationships_created": 7,
        "conflicts": 0,
        "failed": 0,
        "unresolved": 0,
    }
    assert len(entities(api, "p-imp-resume")) == 7 and len(relationships(api, "p-imp-resume")) == 7
    assert post(api, "kb-cad", cad_export("p-imp-resume"), expect=200)["repeated"] is True


def test_a_running_import_holds_the_project(api, graph) -> None:
    held = graph.run(
        "imports.claim", project="p-imp-busy", token="someone-else", import_id="import-in-progress", lease_s=60
    )
    assert held[0]["acquired"] is True
    busy = api.post("/ingest/kb-cad/export", json=cad_export("p-imp-busy"))
    assert busy.status_code == 409 and "import-in-progress" in busy.json()["message"]
    assert api.get("/entities", params={"project": "p-imp-busy"}).json()["entities"] == []  # nothing was written
    graph.run("imports.release", project="p-imp-busy", token="someone-else")
    post(api, "kb-cad", cad_export("p-imp-busy"))


def test_an_import_meets_hand_made_entities_in_their_slots(api) -> None:
    frame = api.post(
        "/entities",
        json={
            "type": "Subsystem",
            "name": "Optical frame",
            "project": "p-imp-hand",
            "key": "subsystem.optical-frame",
            "status": "active",
            "source_refs": NOTE,
        },
    ).json()
    report = post(api, "kb-cad", cad_export("p-imp-hand"))
    assert report["summary"]["unchanged"] == 1 and report["summary"]["created"] == 6
    detail = api.get(f"/entities/{frame['id']}").json()
    assert (detail["status"], detail["version"]) == ("active", 1)
    assert sorted(e["uri"] for e in detail["evidence"]) == [
        "kb-cad://export/p-imp-hand/2026-04-07T12:00:00Z",
        "note://imports-test",
    ]
    assert ("CONTAINS", "subsystem.optical-frame", "subsystem.mirror-cell", "candidate") in relationships(
        api, "p-imp-hand"
    )


def test_kb_fem_links_survive_a_kb_cad_revision(api) -> None:
    cad = post(api, "kb-cad", cad_export("p-imp-cross"))
    api.post(f"/imports/{cad['import_id']}/promote")
    fem = post(api, "kb-fem", fem_export("p-imp-cross", claim=None))
    api.post(f"/imports/{fem['import_id']}/promote")
    renamed = cad_export("p-imp-cross")
    renamed["subsystems"][0]["name"] = "Optical frame, rev B"
    report = post(api, "kb-cad", renamed)
    assert [(c["key"], c["change"], c["differs"]) for c in report["changed"]] == [
        ("subsystem.optical-frame", "revision", ["name"])
    ]
    assert api.post(f"/imports/{report['import_id']}/promote").json()["promoted"] == 1
    frame = by_key(entities(api, "p-imp-cross", status="active", type="Subsystem"))["subsystem.optical-frame"]
    assert (frame["name"], frame["version"]) == ("Optical frame, rev B", 2)
    effective = sorted(
        (v["relationship"]["type"], v["direction"], v["other"]["key"])
        for v in api.get(f"/entities/{frame['id']}").json()["relationships"]
        if v["effective"]
    )
    assert effective == [
        ("ANALYZES", "in", "model.optical-frame-modal"),
        ("CONTAINS", "out", "component.lateral-support-pad"),
        ("CONTAINS", "out", "subsystem.mirror-cell"),
    ]
