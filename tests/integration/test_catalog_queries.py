"""The engineering query catalog Q-001..Q-022 against a project built only through the public API.

The module builds one representative project (``p-cat``, alias ``PCAT``)
once, with the seed's five cases and the traps a naive query gets wrong:

- requirement.alignment is satisfied only by a candidate component,
- requirement.clamping only through a SATISFIES that was rejected,
- requirement.vacuum only by a component that was retired,
- requirement.envelope was superseded (it must not be an orphan),
- requirement.mass was revised through PUT (its new version keeps its satisfier),
- decision.pad-count rests on a flagged assumption through another decision,
  decision.cell-layout only through a candidate decision, decision.bolt-pattern
  only through a rejected BASED_ON,
- validation-claim.flexure-fatigue is supported only by results of a rejected
  KB-FEM import (POST /ingest/kb-fem/export, then POST /imports/{id}/reject),
  validation-claim.pad-creep only through a rejected SUPPORTS,
- component.pad comes from a promoted KB-CAD import (POST
  /ingest/kb-cad/export, POST /imports/{id}/promote) and was re-imported with
  another material; the reviewer accepted the revision by resolving the
  import's conflict (POST /conflicts/{id}/resolve, supersede_others): its
  requirement stays satisfied, the KB-FEM model analyzing it stays attached,
  and it no longer shares the old material.

The validation chain of requirement.load (analysis-model.pad-fem ->
result.pad-stress -> validation-claim.pad-strength) and a modal model of
subsystem.support come from a promoted KB-FEM import.

Every query has a test with its exact expected rows and an empty case.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from atocore.config import REPO_ROOT
from atocore.graph.catalog import Catalog
from atocore.graph.cypher_file import CypherQuery
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-dag", "p-evid", "p-hist")


def catalog_queries() -> list[CypherQuery]:
    """The engineering catalog as the repository holds it, by id (the counts below follow it)."""
    return Catalog(REPO_ROOT / "cypher").catalog_queries()


P = "p-cat"
NOTE = [{"artifact": "note://catalog-review"}]
CAD1 = [{"artifact": "kb-cad://export/2026-10-01"}]
PAD_REV_A = "kb-cad://p-cat/subsystems/support#lateral-pad-rev-a"
PAD_REV_B = "kb-cad://p-cat/subsystems/support#lateral-pad-rev-b"


def cad_export(exported_at: str, *, material: str, part_number: str, artifact: str) -> dict:
    """KB-CAD's view of the project: the support subsystem (already hand-made) and its lateral pad."""
    return {
        "exporter": "kb-cad",
        "exporter_version": "1.0.0",
        "exported_at": exported_at,
        "project": P,
        "subsystems": [
            {
                "id": "subsystem.support",
                "name": "Support",
                "parent": "subsystem.mirror-cell",
                "components": [
                    {
                        "id": "component.pad",
                        "name": "Lateral pad",
                        "material": material,
                        "part_number": part_number,
                        "source_artifact": artifact,
                    }
                ],
            }
        ],
    }


def fem_export(exported_at: str, models: list[dict], project: str = P) -> dict:
    return {
        "exporter": "kb-fem",
        "exporter_version": "2.0.0",
        "exported_at": exported_at,
        "project": project,
        "analysis_models": models,
    }


class Builder:
    """Writes the fixture project through the HTTP API and remembers every entity by key."""

    def __init__(self, api) -> None:
        self.api = api
        self.by_key: dict[str, dict] = {}

    def call(self, method: str, path: str, expect: int = 200, **body) -> dict:
        response = self.api.request(method, path, json=body if body else None)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def entity(self, type_: str, key: str, name: str, status: str = "active", sources=NOTE, **properties) -> dict:
        body = {
            "type": type_,
            "key": key,
            "name": name,
            "project": P,
            "status": status,
            "source_refs": sources,
            "properties": properties or None,
        }
        if sources == CAD1:
            body.update(canonical_home="kb-cad", extractor_version="kb-cad-import/1")
        made = self.call("POST", "/entities", 201, **{k: v for k, v in body.items() if v is not None})
        self.by_key[key] = made
        return made

    def link(self, type_: str, source: str, target: str, status: str = "active") -> dict:
        return self.call(
            "POST",
            "/relationships",
            201,
            type=type_,
            from_id=self.by_key[source]["id"],
            to_id=self.by_key[target]["id"],
            status=status,
            source_refs=NOTE,
        )

    def refresh(self, key: str, type_: str | None = None, status: str = "active") -> dict:
        """The one version of a key with that status (the current one by default, after revisions or an import)."""
        type_ = type_ or self.by_key[key]["type"]
        found = self.call("GET", f"/entities?project={P}&type={type_}&key={key}&status={status}")["entities"]
        assert len(found) == 1, found
        self.by_key[key] = found[0]
        return found[0]

    def ingest(self, tool: str, export: dict, **summary) -> dict:
        """Posts a tool's export; checks the counts of its summary that are given."""
        report = self.call("POST", f"/ingest/{tool}/export", 201, **export)
        assert (report["status"], report["project"]) == ("complete", P), report
        assert {k: report["summary"][k] for k in summary} == summary, report
        return report

    def id(self, key: str) -> str:
        return self.by_key[key]["id"]


def relationship_to(api, entity_id: str, type_: str, other_id: str) -> dict:
    detail = api.get(f"/entities/{entity_id}").json()
    [view] = [v for v in detail["relationships"] if v["relationship"]["type"] == type_ and v["other"]["id"] == other_id]
    return view["relationship"]


@pytest.fixture(scope="module")
def world(api, source_dirs) -> dict:
    """Builds the project once for the module; returns what the tests need to know (ids, times)."""
    b = Builder(api)
    notes = source_dirs["notes"] / "p-cat"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "pads.md").write_text(
        "# Pads\n\n## Lateral pads\n\nThe lateral pads carry the mirror's lateral load into the cell.\n"
    )
    b.call(
        "POST",
        "/projects/register",
        201,
        id=P,
        aliases=["PCAT"],
        ingest_roots=[{"source": "notes", "subpath": "p-cat"}],
    )
    b.call("POST", f"/projects/{P}/refresh")
    [hit] = b.call("POST", "/query", prompt="lateral pads carry the lateral load", project=P, top_k=1)["hits"]
    chunk_id = hit["chunk_id"]
    interaction = b.call(
        "POST", "/interactions", 201, prompt="What holds the pads?", response="A flexure.", project=P, reinforce=False
    )["interaction"]

    # -- structure ----------------------------------------------------------------------
    b.entity("Subsystem", "subsystem.telescope", "Telescope")
    b.entity("Subsystem", "subsystem.mirror-cell", "Mirror cell")
    b.entity("Subsystem", "subsystem.support", "Support")
    b.entity("Subsystem", "subsystem.metrology", "Metrology")
    b.entity("Subsystem", "subsystem.legacy", "Legacy frame", status="candidate", sources=CAD1)
    b.entity("Component", "component.flexure", "Flexure", sources=[{"interaction_id": interaction["id"]}])
    b.entity("Component", "component.sensor", "Edge sensor")
    b.entity("Component", "component.clamp", "Clamp")
    b.entity("Component", "component.spacer", "Spacer")
    b.entity("Component", "component.bracket", "Bracket", status="candidate", sources=CAD1)
    b.entity("Material", "material.ptfe", "PTFE", sources=CAD1, specification="PTFE virgin")
    b.entity("Material", "material.invar", "Invar 36", specification="FeNi36")
    b.entity("Material", "material.peek", "PEEK", sources=CAD1, specification="PEEK 450G")
    b.entity("Parameter", "parameter.pad-thickness", "Pad thickness", value=12, unit="mm")
    b.entity("Parameter", "parameter.peek-modulus", "PEEK modulus", value=3.6, unit="GPa")
    b.entity("Interface", "interface.pad-bond", "Pad bond", interface_kind="mechanical")
    b.entity("Interface", "interface.flexure-mount", "Flexure mount", interface_kind="mechanical")
    for source, target in [
        ("subsystem.telescope", "subsystem.mirror-cell"),
        ("subsystem.mirror-cell", "subsystem.support"),
        ("subsystem.mirror-cell", "component.sensor"),
        ("subsystem.support", "component.flexure"),
        ("subsystem.support", "component.spacer"),
        ("subsystem.metrology", "component.clamp"),
        ("subsystem.mirror-cell", "component.bracket"),
    ]:
        b.link("CONTAINS", source, target)
    b.link("CONTAINS", "subsystem.telescope", "subsystem.legacy", status="candidate")
    # KB-CAD brings the lateral pad into the hand-made support, of PTFE (the existing Material is linked, not revised)
    cad = b.ingest(
        "kb-cad",
        cad_export("2026-10-01T08:00:00Z", material="PTFE", part_number="P-1", artifact=PAD_REV_A),
        records=3,
        created=1,
        unchanged=2,
        relationships_created=2,
        conflicts=0,
        unresolved=0,
    )
    baseline = b.call("POST", f"/imports/{cad['import_id']}/promote", reason="KB-CAD baseline reviewed")
    assert (baseline["promoted_by_type"], baseline["skipped"], baseline["relationships"]) == (
        {"Component": 1},
        [],
        {"active": 2},
    )
    b.refresh("component.pad", "Component")
    b.link("USES_MATERIAL", "component.sensor", "material.ptfe")
    b.link("USES_MATERIAL", "component.flexure", "material.invar")
    b.link("USES_MATERIAL", "component.clamp", "material.peek")
    b.link("HAS_PARAMETER", "component.pad", "parameter.pad-thickness")
    b.link("HAS_PARAMETER", "material.peek", "parameter.peek-modulus")
    b.link("HAS_INTERFACE", "component.flexure", "interface.pad-bond")
    b.link("CONNECTS", "interface.pad-bond", "component.pad")
    b.link("HAS_INTERFACE", "component.flexure", "interface.flexure-mount")
    b.link("CONNECTS", "interface.flexure-mount", "component.bracket")

    # -- requirements -------------------------------------------------------------------------
    for key, name in [
        ("requirement.load", "Carry lateral load"),
        ("requirement.thermal", "Thermal stability"),
        ("requirement.alignment", "Hold alignment"),
        ("requirement.clamping", "Clamp the edge"),
        ("requirement.mass", "Mass limit"),
        ("requirement.envelope", "Stay in envelope"),
        ("requirement.vacuum", "Vacuum compatible"),
        ("requirement.stiffness", "Stiffness"),
    ]:
        sources = [{"chunk_id": chunk_id}] if key == "requirement.load" else NOTE
        b.entity("Requirement", key, name, sources=sources, text=f"The cell shall: {name.lower()}.", priority="must")
    b.link("SATISFIES", "component.pad", "requirement.load")  # seed: a requirement with a satisfying component
    b.link("SATISFIES", "component.bracket", "requirement.alignment")  # trap: only a candidate satisfies it
    clamping = b.link("SATISFIES", "component.clamp", "requirement.clamping")
    b.call("POST", f"/relationships/{clamping['id']}/reject", reason="the clamp does not clamp the edge")  # trap
    b.link("SATISFIES", "component.flexure", "requirement.mass")
    b.link("SATISFIES", "component.spacer", "requirement.vacuum")
    b.call("POST", f"/entities/{b.id('component.spacer')}/retire", reason="spacer removed")  # trap: retired satisfier
    b.link("SATISFIES", "subsystem.support", "requirement.stiffness")
    b.call(
        "PUT", f"/entities/{b.id('requirement.mass')}", properties={"text": "The cell shall weigh under 40 kg."}
    )  # revised
    b.refresh("requirement.mass")
    b.call("POST", f"/entities/{b.id('requirement.envelope')}/supersede", reason="merged into the mass budget")  # trap

    # -- constraints ---------------------------------------------------------------------------
    b.entity(
        "Constraint", "constraint.mass-budget", "Mass budget", text="Total mass under 400 kg.", value=400, unit="kg"
    )
    b.entity("Constraint", "constraint.envelope", "Cell envelope", text="Within a 1.2 m cylinder.", value=1.2, unit="m")
    b.entity("Constraint", "constraint.pad-temp", "Pad temperature", text="Pads stay below 60 C.", value=60, unit="C")
    b.entity("Constraint", "constraint.draft", "Draft limit", text="Not reviewed yet.", status="candidate")
    b.link("CONSTRAINS", "constraint.mass-budget", "subsystem.telescope")
    b.link("CONSTRAINS", "constraint.envelope", "subsystem.mirror-cell")
    b.link("CONSTRAINS", "constraint.pad-temp", "component.pad")
    b.link("CONSTRAINS", "constraint.draft", "subsystem.support")

    # -- decisions and assumptions -------------------------------------------------------------------
    b.entity("Assumption", "assumption.static-loads", "Static loads", text="Loads are static.", needs_review=True)
    b.entity("Assumption", "assumption.room-temp", "Room temperature", text="The lab is at 20 C.", needs_review=False)
    b.entity(
        "Decision",
        "decision.ptfe-pads",
        "Pads of PTFE",
        statement="Use PTFE pads.",
        rationale="low friction",
        decided_at="2026-03-01T09:00:00Z",
    )
    b.entity(
        "Decision",
        "decision.pad-count",
        "Six pads",
        statement="Six lateral pads.",
        rationale="load sharing",
        decided_at="2026-04-01T09:00:00Z",
    )
    b.entity(
        "Decision",
        "decision.invar",
        "Invar flexures",
        statement="Flexures of invar.",
        rationale="thermal match",
        decided_at="2026-02-01T09:00:00Z",
    )
    b.entity(
        "Decision",
        "decision.cell-layout",
        "Cell layout",
        statement="Three-point layout.",
        rationale="kinematic",
        decided_at="2026-05-01T09:00:00Z",
    )
    b.entity("Decision", "decision.bolt-pattern", "Bolt pattern", rationale="standard pattern")
    b.entity("Decision", "decision.draft", "Draft decision", rationale="not reviewed", status="candidate")
    b.link("BASED_ON", "decision.ptfe-pads", "assumption.static-loads")  # seed: a decision on a flagged assumption
    b.link("BASED_ON", "decision.pad-count", "decision.ptfe-pads")  # trap: through another decision
    b.link("BASED_ON", "decision.invar", "assumption.room-temp")
    b.link("BASED_ON", "decision.cell-layout", "decision.draft")  # through a candidate decision: does not count
    b.link("BASED_ON", "decision.draft", "assumption.static-loads")
    bolt = b.link("BASED_ON", "decision.bolt-pattern", "assumption.static-loads")
    b.call("POST", f"/relationships/{bolt['id']}/reject", reason="not related")
    b.link("AFFECTS", "decision.ptfe-pads", "component.pad")
    b.link("AFFECTS", "decision.invar", "component.flexure")
    b.link("AFFECTS", "decision.cell-layout", "subsystem.mirror-cell")
    b.call("PUT", f"/entities/{b.id('decision.ptfe-pads')}", properties={"rationale": "low friction, low creep"})
    b.refresh("decision.ptfe-pads")

    # -- validation ----------------------------------------------------------------------------
    b.entity("AnalysisModel", "analysis-model.support-hand", "Support hand calculation", method="hand calculation")
    b.entity("Result", "result.support-deflection", "Support deflection", value=0.02, unit="mm")
    b.entity(
        "ValidationClaim", "validation-claim.pad-strength", "Pads are strong enough", text="Pad stress below 5 MPa."
    )
    b.entity("ValidationClaim", "validation-claim.thermal-drift", "Thermal drift is small", text="Drift below 1 um.")
    b.entity("ValidationClaim", "validation-claim.flexure-fatigue", "Flexures survive", text="Life above 1e7 cycles.")
    b.entity("ValidationClaim", "validation-claim.pad-creep", "Pads do not creep", text="Creep below 1 um per year.")
    # KB-FEM: the pad's FEM (its result supports a claim: the seed's supported claim) and a modal model of the
    # support subsystem, promoted with the import
    fem = b.ingest(
        "kb-fem",
        fem_export(
            "2026-10-15T10:00:00Z",
            [
                {
                    "id": "analysis-model.pad-fem",
                    "name": "Pad FEM",
                    "subsystem": "component.pad",
                    "method": "FEM",
                    "results": [
                        {
                            "id": "result.pad-stress",
                            "name": "Pad peak stress",
                            "value": 3.2,
                            "unit": "MPa",
                            "supports_validation_claim": "validation-claim.pad-strength",
                            "source_artifact": "kb-fem://p-cat/pad-fem#peak-stress",
                        }
                    ],
                },
                {
                    "id": "analysis-model.support-modal",
                    "name": "Support modal analysis",
                    "subsystem": "subsystem.support",
                    "method": "modal",
                    "results": [
                        {
                            "id": "result.support-first-mode",
                            "name": "Support first mode",
                            "value": 85.0,
                            "unit": "Hz",
                            "source_artifact": "kb-fem://p-cat/support-modal#first-mode",
                        }
                    ],
                },
            ],
        ),
        records=4,
        created=4,
        relationships_created=5,
        conflicts=0,
        unresolved=0,
    )
    reviewed = b.call("POST", f"/imports/{fem['import_id']}/promote", reason="FEM models reviewed")
    assert (reviewed["promoted"], reviewed["skipped"], reviewed["relationships"]) == (4, [], {"active": 5})
    for type_, key in [
        ("AnalysisModel", "analysis-model.pad-fem"),
        ("Result", "result.pad-stress"),
        ("AnalysisModel", "analysis-model.support-modal"),
        ("Result", "result.support-first-mode"),
    ]:
        b.refresh(key, type_)
    b.link("VALIDATES", "validation-claim.pad-strength", "requirement.load")
    b.link("VALIDATES", "validation-claim.thermal-drift", "requirement.thermal")  # seed: an unsupported claim
    b.link("VALIDATES", "validation-claim.pad-creep", "requirement.load")
    creep = b.link("SUPPORTS", "result.pad-stress", "validation-claim.pad-creep")
    b.call("POST", f"/relationships/{creep['id']}/reject", reason="stress says nothing about creep")  # trap
    b.link("VALIDATES", "validation-claim.flexure-fatigue", "requirement.stiffness")
    b.link("ANALYZES", "analysis-model.support-hand", "subsystem.support")
    b.link("PRODUCED", "analysis-model.support-hand", "result.support-deflection")
    # trap: a KB-FEM import (sent under the project's alias) whose result supports the fatigue claim; a reviewer rejects
    # the import's candidates, and their candidate relationships become invalid with them
    rejected = b.ingest(
        "kb-fem",
        fem_export(
            "2026-11-02T10:00:00Z",
            [
                {
                    "id": "analysis-model.flexure-fem",
                    "name": "Flexure FEM",
                    "subsystem": "component.flexure",
                    "method": "fatigue",
                    "results": [
                        {
                            "id": "result.flexure-life",
                            "name": "Flexure life",
                            "value": 2e7,
                            "unit": "cycles",
                            "supports_validation_claim": "validation-claim.flexure-fatigue",
                            "source_artifact": "kb-fem://p-cat/flexure-fem#life",
                        }
                    ],
                },
            ],
            project="PCAT",
        ),
        records=2,
        created=2,
        relationships_created=3,
        conflicts=0,
        unresolved=0,
    )
    verdict = b.call("POST", f"/imports/{rejected['import_id']}/reject", reason="import rejected: wrong mesh")
    assert (verdict["rejected"], verdict["relationships"]) == (2, {"invalid": 3})
    for type_, key in [("Result", "result.flexure-life"), ("AnalysisModel", "analysis-model.flexure-fem")]:
        b.refresh(key, type_, status="invalid")
    assert b.call("GET", f"/imports/{rejected['import_id']}")["entities_by_status"] == {"invalid": 2}
    life_support = relationship_to(
        api, b.id("result.flexure-life"), "SUPPORTS", b.id("validation-claim.flexure-fatigue")
    )
    assert life_support["status"] == "invalid"

    # -- KB-CAD re-exports the pad in PEEK: a candidate revision in conflict, accepted by the reviewer ----------
    pad_v1 = b.by_key["component.pad"]
    drift = b.ingest(
        "kb-cad",
        cad_export("2026-11-01T08:00:00Z", material="PEEK", part_number="P-2", artifact=PAD_REV_B),
        records=3,
        created=1,
        unchanged=2,
        relationships_created=2,
        conflicts=1,
        unresolved=0,
    )
    [change] = drift["changed"]
    assert (change["key"], change["change"], change["revises"], change["differs"]) == (
        "component.pad",
        "revision",
        pad_v1["id"],
        ["part_number", "material"],
    )
    [pad_conflict] = drift["conflicts"]
    waiting = b.call(
        "POST", f"/imports/{drift['import_id']}/promote", reason="KB-CAD rev B"
    )  # the import's promotion skips it
    assert [(s["id"], s["conflict_id"]) for s in waiting["skipped"]] == [(change["id"], pad_conflict["id"])]
    b.call(
        "POST",
        f"/conflicts/{pad_conflict['id']}/resolve",
        action="supersede_others",
        winner_id=change["id"],
        note="re-import accepted: PEEK pads",
    )
    pad_v2 = b.refresh("component.pad")
    assert (pad_v2["id"], pad_v2["version"], pad_v2["properties"]["material"]) == (change["id"], 2, "PEEK")
    assert b.call("GET", f"/entities/{pad_v1['id']}")["status"] == "superseded"

    # -- a parameter conflict, resolved; a decision conflict, left open ------------------------------
    thickness = b.by_key["parameter.pad-thickness"]
    thirteen = b.call("PUT", f"/entities/{thickness['id']}", properties={"value": 13}, as_candidate=True)
    fourteen = b.call("PUT", f"/entities/{thickness['id']}", properties={"value": 14}, as_candidate=True)
    [conflict] = b.call("GET", f"/conflicts?project={P}&status=open")["conflicts"]
    b.call(
        "POST",
        f"/conflicts/{conflict['id']}/resolve",
        action="supersede_others",
        winner_id=fourteen["id"],
        note="measured",
    )
    b.refresh("parameter.pad-thickness")
    ptfe_v2 = b.by_key["decision.ptfe-pads"]
    rival_a = b.call(
        "PUT", f"/entities/{ptfe_v2['id']}", properties={"statement": "Use PTFE-glass pads."}, as_candidate=True
    )
    rival_b = b.call(
        "PUT", f"/entities/{ptfe_v2['id']}", properties={"statement": "Use bronze pads."}, as_candidate=True
    )
    [open_conflict] = b.call("GET", f"/conflicts?project={P}&status=open")["conflicts"]

    # -- trusted state that overrides entity facts (and one that does not) ------------------------------
    for category, key, value in [
        ("decision", "component.pad.part_number", "P-3"),
        ("constraint", "parameter.pad-thickness.value", "15"),
        ("status", "component.flexure", "being redesigned"),
        ("status", "component.pad.colour", "white"),
    ]:
        b.call("POST", "/project/state", 201, project="PCAT", category=category, key=key, value=value)

    return {
        "b": b,
        "pad_v1": pad_v1,
        "pad_v2": pad_v2,
        "thirteen": thirteen,
        "fourteen": fourteen,
        "chunk_id": chunk_id,
        "interaction_id": interaction["id"],
        "rivals": (rival_a, rival_b),
        "conflict": open_conflict,
        "resolved_conflict": conflict,
        "pad_conflict": pad_conflict,
    }


def run(api, query_id: str, expect: int = 200, **params) -> dict:
    response = api.post(f"/queries/{query_id}", json={"params": params})
    assert response.status_code == expect, response.text
    return response.json()


def rows(api, query_id: str, **params) -> list[dict]:
    return run(api, query_id, **params)["rows"]


def pick(found: list[dict], *columns: str) -> list[tuple]:
    return [tuple(row[c] for c in columns) for row in found]


def moment(text: str) -> datetime:
    """An ISO 8601 time as the API or a query writes it (Neo4j leaves out zero seconds)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def ident(world, key: str) -> dict:
    entity = world["b"].by_key[key]
    return {"id": entity["id"], "key": entity["key"], "name": entity["name"], "type": entity["type"]}


def entity_row(world, key: str, **more) -> dict:
    return {**ident(world, key), **more}


# -- the killer queries: exact rows, the seed's five cases and the traps ------------------------------
def test_seed_cases_and_traps_in_the_killer_queries(api, world) -> None:
    """The seed's five cases in one test: Q-006, Q-009 and Q-011 flag exactly what they must."""
    orphans = [r["key"] for r in rows(api, "Q-006", project=P)]
    assert "requirement.load" not in orphans and "requirement.thermal" in orphans  # satisfied / not satisfied
    flagged = [r["key"] for r in rows(api, "Q-009", project=P)]
    assert "decision.ptfe-pads" in flagged  # based on a flagged assumption
    unsupported = [r["key"] for r in rows(api, "Q-011", project=P)]
    assert "validation-claim.pad-strength" not in unsupported and "validation-claim.thermal-drift" in unsupported


def test_q006_orphan_requirements_exact(api, world) -> None:
    def orphan(key: str) -> dict:
        req = world["b"].by_key[key]
        return entity_row(world, key, text=req["properties"]["text"], priority="must")

    # not requirement.load: its pad was re-imported in PEEK and accepted, and the new version satisfies it
    expected = [
        orphan("requirement.alignment"),
        orphan("requirement.clamping"),
        orphan("requirement.thermal"),
        orphan("requirement.vacuum"),
    ]
    result = run(api, "Q-006", project=P)
    assert result["rows"] == expected
    assert result["columns"] == ["id", "key", "name", "type", "text", "priority"] and result["query"] == "Q-006"
    assert run(api, "Q-006", project="pcat")["rows"] == expected  # an alias is canonicalized
    assert rows(api, "q6", project="PCAT") == expected


def test_q009_decisions_on_flagged_assumptions_exact(api, world) -> None:
    flag = world["b"].by_key["assumption.static-loads"]
    assumption = {
        "assumption_id": flag["id"],
        "assumption_key": "assumption.static-loads",
        "assumption_name": "Static loads",
        "assumption_text": "Loads are static.",
    }
    assert rows(api, "Q-009", project=P) == [
        entity_row(
            world,
            "decision.pad-count",
            **assumption,
            path_length=2,
            path=["decision.pad-count", "decision.ptfe-pads", "assumption.static-loads"],
        ),
        entity_row(
            world,
            "decision.ptfe-pads",
            **assumption,
            path_length=1,
            path=["decision.ptfe-pads", "assumption.static-loads"],
        ),
    ]


def test_q011_unsupported_claims_exact(api, world) -> None:
    assert rows(api, "Q-011", project=P) == [
        entity_row(
            world,
            "validation-claim.flexure-fatigue",
            text="Life above 1e7 cycles.",
            validates=["requirement.stiffness"],
        ),
        entity_row(
            world, "validation-claim.pad-creep", text="Creep below 1 um per year.", validates=["requirement.load"]
        ),
        entity_row(
            world, "validation-claim.thermal-drift", text="Drift below 1 um.", validates=["requirement.thermal"]
        ),
    ]


# -- the other queries -----------------------------------------------------------------------
def test_q001_subsystem_contents(api, world) -> None:
    pad = world["b"].by_key["component.pad"]
    assert rows(api, "Q-001", project="PCAT", subsystem="subsystem.telescope") == [
        entity_row(world, "subsystem.mirror-cell", depth=1, parent_key="subsystem.telescope", overrides=[]),
        entity_row(world, "component.sensor", depth=2, parent_key="subsystem.mirror-cell", overrides=[]),
        entity_row(world, "subsystem.support", depth=2, parent_key="subsystem.mirror-cell", overrides=[]),
        entity_row(
            world,
            "component.flexure",
            depth=3,
            parent_key="subsystem.support",
            overrides=[
                {
                    "category": "status",
                    "key": "component.flexure",
                    "field": None,
                    "value": "being redesigned",
                    "entity_value": None,
                }
            ],
        ),
        entity_row(
            world,
            "component.pad",
            depth=3,
            parent_key="subsystem.support",
            overrides=[
                {
                    "category": "decision",
                    "key": "component.pad.part_number",
                    "field": "part_number",
                    "value": "P-3",
                    "entity_value": "P-2",
                }
            ],
        ),
    ]
    assert pad["properties"]["part_number"] == "P-2"


def test_q002_where_used(api, world) -> None:
    def used(relation, key, depth, via):
        return {"relation": relation, "depth": depth, **ident(world, key), "via_key": via}

    assert rows(api, "Q-002", project=P, entity="component.pad") == [
        used("contained_in", "subsystem.support", 1, None),
        used("contained_in", "subsystem.mirror-cell", 2, None),
        used("contained_in", "subsystem.telescope", 3, None),
        used("shares_material", "component.clamp", None, "material.peek"),  # not the sensor: the pad left PTFE
    ]
    assert rows(api, "Q-002", project=P, entity="material.ptfe") == [
        used("contained_in", "subsystem.mirror-cell", 1, "component.sensor"),
        used("contained_in", "subsystem.telescope", 2, "component.sensor"),
        used("used_by", "component.sensor", 1, "material.ptfe"),
    ]


def test_q003_interfaces(api, world) -> None:
    pad, flexure = ident(world, "component.pad"), ident(world, "component.flexure")

    def other(entity: dict | None, via: str | None) -> dict:
        entity = entity or {"id": None, "key": None, "name": None, "type": None}
        return {f"other_{k}": v for k, v in entity.items()} | {"other_via": via}

    assert rows(api, "Q-003", project=P, entity="component.flexure") == [
        {**ident(world, "interface.flexure-mount"), "interface_kind": "mechanical", "role": "has", **other(None, None)},
        {**ident(world, "interface.pad-bond"), "interface_kind": "mechanical", "role": "has", **other(pad, "CONNECTS")},
    ]
    assert rows(api, "Q-003", project=P, entity="component.pad") == [
        {
            **ident(world, "interface.pad-bond"),
            "interface_kind": "mechanical",
            "role": "connected",
            **other(flexure, "HAS_INTERFACE"),
        },
    ]


def test_q004_subsystem_tree(api, world) -> None:
    assert rows(api, "Q-004", project=P) == [
        entity_row(
            world,
            "subsystem.metrology",
            depth=0,
            parent_key=None,
            path=["subsystem.metrology"],
            direct_components=1,
            total_components=1,
        ),
        entity_row(
            world,
            "subsystem.telescope",
            depth=0,
            parent_key=None,
            path=["subsystem.telescope"],
            direct_components=0,
            total_components=3,
        ),
        entity_row(
            world,
            "subsystem.mirror-cell",
            depth=1,
            parent_key="subsystem.telescope",
            path=["subsystem.telescope", "subsystem.mirror-cell"],
            direct_components=1,
            total_components=3,
        ),
        entity_row(
            world,
            "subsystem.support",
            depth=2,
            parent_key="subsystem.mirror-cell",
            path=["subsystem.telescope", "subsystem.mirror-cell", "subsystem.support"],
            direct_components=2,
            total_components=2,
        ),  # the retired spacer no longer counts
    ]


def test_q004_counts_a_component_held_twice_once(api, graph, world) -> None:
    """A shared component (a DAG, not a tree) is one component of the subsystem above both holders."""

    def make(type_: str, key: str) -> str:
        return api.post(
            "/entities",
            json={"type": type_, "key": key, "name": key, "project": "p-dag", "status": "active", "source_refs": NOTE},
        ).json()["id"]

    ids = {
        k: make(t, k)
        for t, k in [
            ("Subsystem", "subsystem.r"),
            ("Subsystem", "subsystem.a"),
            ("Subsystem", "subsystem.b"),
            ("Component", "component.k"),
            ("Component", "component.l"),
        ]
    }
    for parent, child in [
        ("subsystem.r", "subsystem.a"),
        ("subsystem.r", "subsystem.b"),
        ("subsystem.a", "component.k"),
        ("subsystem.a", "component.l"),
        ("subsystem.b", "component.k"),
    ]:
        assert (
            api.post(
                "/relationships", json={"type": "CONTAINS", "from_id": ids[parent], "to_id": ids[child]}
            ).status_code
            == 201
        )
    found = rows(api, "Q-004", project="p-dag")
    assert pick(found, "path", "direct_components", "total_components") == [
        (["subsystem.r"], 0, 2),
        (["subsystem.r", "subsystem.a"], 2, 2),
        (["subsystem.r", "subsystem.b"], 1, 1),
    ]
    # Summing (strict trees) and counting distinct components (anything held twice) agree on the strict test
    # project; on this one summing would count the shared component twice, so the strictness check matters.
    from atocore.services.engineering.queries import find_query

    text = find_query(graph, "Q-004").text
    assert text.count(" AS strict") == 1
    counted, summed = (
        text.replace(" AS strict", " AND false AS strict"),
        text.replace(" AS strict", " OR true AS strict"),
    )
    with graph.driver.session(database=graph.database) as session:
        assert session.run(counted, project=P).data() == rows(api, "Q-004", project=P)
        assert session.run(summed, project=P).data() == rows(api, "Q-004", project=P)
        assert [r["total_components"] for r in session.run(summed, project="p-dag").data()] == [3, 2, 1]


def test_q005_requirement_coverage(api, world) -> None:
    def claim(key: str, supported: bool) -> dict:
        return {**ident(world, key), "supported": supported}

    def req(key: str, satisfied_by: list[str], validated_by: list[dict]) -> dict:
        text = world["b"].by_key[key]["properties"]["text"]
        return entity_row(
            world,
            key,
            text=text,
            covered=bool(satisfied_by),
            satisfied_by=[ident(world, k) for k in satisfied_by],
            validated_by=validated_by,
        )

    expected = [
        req("requirement.alignment", [], []),
        req("requirement.clamping", [], []),
        req(
            "requirement.load",
            ["component.pad"],
            [
                claim("validation-claim.pad-creep", False),  # the pad: its accepted
                claim("validation-claim.pad-strength", True),
            ],
        ),  # KB-CAD revision
        req("requirement.mass", ["component.flexure"], []),
        req("requirement.stiffness", ["subsystem.support"], [claim("validation-claim.flexure-fatigue", False)]),
        req("requirement.thermal", [], [claim("validation-claim.thermal-drift", False)]),
        req("requirement.vacuum", [], []),
    ]
    assert rows(api, "Q-005", project=P) == expected
    assert expected[2]["satisfied_by"][0]["id"] == world["pad_v2"]["id"] != world["pad_v1"]["id"]
    assert rows(api, "Q-005", project=P, subsystem="subsystem.support") == [expected[2], expected[3], expected[4]]
    assert rows(api, "Q-005", project=P, subsystem="subsystem.metrology") == []  # the clamp's SATISFIES was rejected


def test_q007_constraints(api, world) -> None:
    def constraint(key, on, path, value, unit):
        text = world["b"].by_key[key]["properties"]["text"]
        return entity_row(world, key, text=text, value=value, unit=unit, on_key=on, inherited=len(path) > 1, path=path)

    assert rows(api, "Q-007", project=P, entity="component.pad") == [
        constraint("constraint.pad-temp", "component.pad", ["component.pad"], 60, "C"),
        constraint(
            "constraint.envelope",
            "subsystem.mirror-cell",
            ["subsystem.mirror-cell", "subsystem.support", "component.pad"],
            1.2,
            "m",
        ),
        constraint(
            "constraint.mass-budget",
            "subsystem.telescope",
            ["subsystem.telescope", "subsystem.mirror-cell", "subsystem.support", "component.pad"],
            400,
            "kg",
        ),
    ]


def test_q008_decisions_affecting(api, world) -> None:
    def decision(key, decided_at, statement, direct, affects):
        return {
            "decided_at": decided_at,
            **ident(world, key),
            "statement": statement,
            "direct": direct,
            "affects": affects,
        }

    expected = [
        decision(
            "decision.cell-layout", "2026-05-01T09:00:00Z", "Three-point layout.", True, ["subsystem.mirror-cell"]
        ),
        decision("decision.ptfe-pads", "2026-03-01T09:00:00Z", "Use PTFE pads.", False, ["component.pad"]),
        decision("decision.invar", "2026-02-01T09:00:00Z", "Flexures of invar.", False, ["component.flexure"]),
    ]
    found = [
        {**r, "decided_at": moment(r["decided_at"])}
        for r in rows(api, "Q-008", project=P, entity="subsystem.mirror-cell")
    ]
    assert [{**r, "decided_at": moment(r["decided_at"])} for r in expected] == found


def test_q010_claim_support(api, world) -> None:
    stress = world["b"].by_key["result.pad-stress"]
    assert rows(api, "Q-010", project=P) == [
        entity_row(
            world,
            "validation-claim.flexure-fatigue",
            text="Life above 1e7 cycles.",
            supported=False,
            results=[],
            validates=["requirement.stiffness"],
        ),
        entity_row(
            world,
            "validation-claim.pad-creep",
            text="Creep below 1 um per year.",
            supported=False,
            results=[],
            validates=["requirement.load"],
        ),
        entity_row(
            world,
            "validation-claim.pad-strength",
            text="Pad stress below 5 MPa.",
            supported=True,
            results=[
                {
                    "id": stress["id"],
                    "key": "result.pad-stress",
                    "name": "Pad peak stress",
                    "value": 3.2,
                    "unit": "MPa",
                    "model_key": "analysis-model.pad-fem",
                    "model_name": "Pad FEM",
                }
            ],
            validates=["requirement.load"],
        ),
        entity_row(
            world,
            "validation-claim.thermal-drift",
            text="Drift below 1 um.",
            supported=False,
            results=[],
            validates=["requirement.thermal"],
        ),
    ]


def test_q012_material_and_parameters(api, world) -> None:
    def item(relation, key, owner, value=None, unit=None, specification=None, home="atocore", overrides=()):
        return {
            "relation": relation,
            **ident(world, key),
            "value": value,
            "unit": unit,
            "specification": specification,
            "canonical_home": home,
            "owner_key": owner,
            "overrides": list(overrides),
        }

    assert world["b"].by_key["parameter.pad-thickness"]["id"] == world["fourteen"]["id"]
    assert rows(api, "Q-012", project=P, component="component.pad") == [
        item("material", "material.peek", "component.pad", specification="PEEK 450G", home="kb-cad"),
        item("material_parameter", "parameter.peek-modulus", "material.peek", value=3.6, unit="GPa"),
        item(
            "parameter",
            "parameter.pad-thickness",
            "component.pad",
            value=14,
            unit="mm",
            overrides=[
                {
                    "category": "constraint",
                    "key": "parameter.pad-thickness.value",
                    "field": "value",
                    "value": "15",
                    "entity_value": 14,
                }
            ],
        ),
    ]


def test_q013_recent_changes(api, graph, world) -> None:
    base = api.post(
        "/entities",
        json={
            "type": "Subsystem",
            "key": "subsystem.h",
            "name": "H",
            "project": "p-hist",
            "status": "active",
            "source_refs": NOTE,
        },
    ).json()
    part = api.post(
        "/entities",
        json={"type": "Component", "key": "component.h1", "name": "H1", "project": "p-hist", "source_refs": NOTE},
    ).json()
    api.post(f"/entities/{part['id']}/promote", json={"reason": "reviewed"})
    api.post("/relationships", json={"type": "CONTAINS", "from_id": base["id"], "to_id": part["id"]})
    newer = api.put(
        f"/entities/{part['id']}", json={"properties": {"part_number": "H-2"}, "reason": "new drawing"}
    ).json()
    other = api.post(
        "/entities",
        json={
            "type": "Component",
            "key": "component.h9",
            "name": "H9",
            "project": "p-hist",
            "status": "active",
            "source_refs": NOTE,
        },
    ).json()
    api.post(f"/entities/{other['id']}/retire", json={"reason": "scrapped"})
    found = rows(api, "Q-013", project="p-hist")
    assert pick(found, "change", "key", "version", "status", "reason") == [
        ("retired", "component.h9", 1, "retired", "scrapped"),
        ("created", "component.h9", 1, "retired", None),
        ("created", "component.h1", 2, "active", None),
        ("revised", "component.h1", 2, "active", "new drawing"),
        ("superseded", "component.h1", 1, "superseded", f"superseded by {newer['id']}"),
        ("promoted", "component.h1", 1, "superseded", "reviewed"),
        ("created", "component.h1", 1, "superseded", None),
        ("created", "subsystem.h", 1, "active", None),
    ]
    assert (
        [r["id"] for r in found[:2]] == [other["id"]] * 2
        and found[0]["type"] == "Component"
        and found[0]["name"] == "H9"
    )
    assert all(moment(found[i]["at"]) >= moment(found[i + 1]["at"]) for i in range(len(found) - 1))
    within = rows(api, "Q-013", project="p-hist", subsystem="subsystem.h")  # the retired H9 was never in H
    assert pick(within, "change", "key", "version") == [r[:3] for r in pick(found, "change", "key", "version")[2:]]
    assert pick(rows(api, "Q-013", project="p-hist", limit=2), "change", "key") == [
        ("retired", "component.h9"),
        ("created", "component.h9"),
    ]
    # A subtree over 250 entities is checked per event instead of by its slot list: both ways give the same rows.
    from atocore.services.engineering.queries import find_query

    text = find_query(graph, "Q-013").text
    assert text.count("size(tree) <= 250") == 1 and text.count("size(tree) > 250") == 1
    per_event = text.replace("size(tree) <= 250", "size(tree) <= 0").replace("size(tree) > 250", "size(tree) > 0")
    with graph.driver.session(database=graph.database) as session:
        checked = session.run(per_event, project="p-hist", days=14, subsystem="subsystem.h", limit=200).data()
    assert checked == within


def test_q014_decision_log(api, world) -> None:
    b = world["b"]
    ptfe_v2 = b.by_key["decision.ptfe-pads"]
    found = rows(api, "Q-014", project=P)
    assert pick(found, "entry", "key", "version", "status", "disputed", "conflict_id") == [
        ("current", "decision.bolt-pattern", 1, "active", False, None),  # no decided_at: dated by when it became active
        ("current", "decision.cell-layout", 1, "active", False, None),
        ("current", "decision.pad-count", 1, "active", False, None),
        ("current", "decision.ptfe-pads", 2, "active", True, world["conflict"]["id"]),
        ("history", "decision.ptfe-pads", 1, "superseded", False, None),
        ("current", "decision.invar", 1, "active", False, None),
    ]
    assert found[3]["id"] == ptfe_v2["id"] and found[3]["rationale"] == "low friction, low creep"
    assert found[4]["rationale"] == "low friction" and moment(found[4]["valid_to"]) == moment(found[3]["valid_from"])
    assert moment(found[1]["decided_at"]) == moment("2026-05-01T09:00:00Z") and found[0]["decided_at"] is None


def test_q015_as_of(api, world) -> None:
    pad_v1, pad_v2 = world["pad_v1"], api.get(f"/entities/{world['pad_v2']['id']}").json()
    before = (datetime.fromisoformat(pad_v2["valid_from"]) - timedelta(milliseconds=1)).isoformat()
    then = rows(api, "Q-015", project=P, key="subsystem.support", as_of=before)
    assert pick(then, "depth", "id", "key", "version", "status", "parent_key") == [
        (0, world["b"].id("subsystem.support"), "subsystem.support", 1, "active", None),
        (1, world["b"].id("component.flexure"), "component.flexure", 1, "active", "subsystem.support"),
        (1, pad_v1["id"], "component.pad", 1, "superseded", "subsystem.support"),
    ]
    assert then[2]["facts"]["part_number"] == "P-1" and moment(then[2]["valid_to"]) == moment(pad_v2["valid_from"])
    now = rows(api, "Q-015", project=P, key="component.pad", as_of=pad_v2["valid_from"], type="Component")
    assert pick(now, "depth", "id", "version", "status") == [(0, pad_v2["id"], 2, "active")]
    assert now[0]["facts"]["part_number"] == "P-2" and now[0]["facts"]["text"] is None
    assert rows(api, "Q-015", project=P, key="component.pad", as_of="2000-01-01T00:00:00Z") == []


def test_q016_impact(api, world) -> None:
    def reach(distance, key, path):
        return {"distance": distance, **ident(world, key), "path": path}

    start = "parameter.pad-thickness <-HAS_PARAMETER- component.pad"
    assert rows(api, "Q-016", project=P, entity="parameter.pad-thickness") == [
        reach(1, "component.pad", start),
        reach(2, "analysis-model.pad-fem", f"{start} <-ANALYZES- analysis-model.pad-fem"),
        reach(2, "constraint.pad-temp", f"{start} <-CONSTRAINS- constraint.pad-temp"),
        reach(2, "decision.ptfe-pads", f"{start} <-AFFECTS- decision.ptfe-pads"),
        reach(2, "interface.pad-bond", f"{start} <-CONNECTS- interface.pad-bond"),
        reach(2, "material.peek", f"{start} -USES_MATERIAL-> material.peek"),
        reach(2, "requirement.load", f"{start} -SATISFIES-> requirement.load"),
        reach(2, "subsystem.support", f"{start} <-CONTAINS- subsystem.support"),
    ]
    assert rows(api, "Q-016", project=P, entity="parameter.pad-thickness", hops=1) == [reach(1, "component.pad", start)]


def test_q017_evidence(api, world) -> None:
    pad = ident(world, "component.pad")
    found = rows(api, "Q-017", project=P, key="component.pad")  # an accepted KB-CAD revision rests on its own record
    assert pick(found, "id", "version", "kind", "file", "heading", "uri", "via") == [
        (pad["id"], 2, "artifact", None, None, PAD_REV_B, "EVIDENCED_BY"),
    ]
    load = rows(api, "Q-017", project=P, key="requirement.load")
    assert pick(load, "id", "version", "kind", "source_id", "file", "heading", "uri", "via") == [
        (
            world["b"].id("requirement.load"),
            1,
            "chunk",
            world["chunk_id"],
            "notes/p-cat/pads.md",
            "Pads > Lateral pads",
            None,
            "EVIDENCED_BY",
        ),
    ]
    stress = rows(api, "Q-017", project=P, key="result.pad-stress", type="Result")
    assert pick(stress, "kind", "uri") == [("artifact", "kb-fem://p-cat/pad-fem#peak-stress")]
    flexure = rows(api, "Q-017", project=P, key="component.flexure", type="Component")
    assert pick(flexure, "kind", "source_id", "file", "uri") == [("interaction", world["interaction_id"], None, None)]
    active = api.get("/entities", params={"project": P, "limit": 500}).json()["entities"]
    for entity in active:  # every active entity has provenance
        assert rows(api, "Q-017", project=P, key=entity["key"], type=entity["type"]), entity["key"]


def test_q018_traceability(api, world) -> None:
    none = {
        "satisfiers": [],
        "models": [],
        "results": [],
        "claims": [],
        "complete": False,
        "missing": ["satisfier", "analysis", "result", "claim"],
    }
    assert rows(api, "Q-018", project=P) == [
        entity_row(world, "requirement.alignment", **none),
        entity_row(world, "requirement.clamping", **none),
        entity_row(
            world,
            "requirement.load",
            satisfiers=["component.pad"],
            models=["analysis-model.pad-fem"],
            results=["result.pad-stress"],
            claims=["validation-claim.pad-strength"],
            complete=True,
            missing=[],
        ),
        entity_row(
            world,
            "requirement.mass",
            satisfiers=["component.flexure"],
            models=[],
            results=[],
            claims=[],
            complete=False,
            missing=["analysis", "result", "claim"],
        ),  # the flexure FEM import was rejected
        entity_row(
            world,
            "requirement.stiffness",
            satisfiers=["subsystem.support"],
            models=["analysis-model.support-hand", "analysis-model.support-modal"],
            results=["result.support-deflection", "result.support-first-mode"],
            claims=[],
            complete=False,
            missing=["claim"],
        ),  # the only claim validating it is supported by nothing effective
        entity_row(world, "requirement.thermal", **none),
        entity_row(world, "requirement.vacuum", **none),
    ]


def test_q019_open_conflicts(api, world) -> None:
    conflict, (rival_a, rival_b) = world["conflict"], world["rivals"]
    found = rows(api, "Q-019", project="PCAT")
    assert pick(found, "conflict_id", "slot", "id", "status", "version") == [
        (conflict["id"], "p-cat|Decision|decision.ptfe-pads", rival_a["id"], "candidate", 3),
        (conflict["id"], "p-cat|Decision|decision.ptfe-pads", rival_b["id"], "candidate", 3),
    ]
    assert [r["facts"]["statement"] for r in found] == ["Use PTFE-glass pads.", "Use bronze pads."]
    assert found[0]["facts"]["rationale"] == "low friction, low creep" and found[0]["facts"]["value"] is None
    assert [r["sources"] for r in found] == [["note://catalog-review"], ["note://catalog-review"]]
    assert {world["resolved_conflict"]["id"], world["pad_conflict"]["id"]}.isdisjoint(r["conflict_id"] for r in found)


def test_q020_review_backlog(api, world) -> None:
    found = rows(api, "Q-020", project=P)
    assert pick(found, "section", "type", "age", "count", "id", "key", "name") == [
        ("candidate_entities", "Component", "<1d", 1, None, None, None),
        ("candidate_entities", "Constraint", "<1d", 1, None, None, None),
        ("candidate_entities", "Decision", "<1d", 3, None, None, None),
        ("candidate_entities", "Subsystem", "<1d", 1, None, None, None),
        ("candidate_relationships", "CONTAINS", "<1d", 1, None, None, None),
    ]
    assert moment(found[0]["oldest_at"]) == moment(world["b"].by_key["component.bracket"]["created_at"])


def test_q021_decision_dependencies(api, world) -> None:
    found = rows(api, "Q-021", project="PCAT")
    assert pick(found, "key") == [
        ("decision.bolt-pattern",),
        ("decision.cell-layout",),
        ("decision.invar",),
        ("decision.pad-count",),
        ("decision.ptfe-pads",),
    ]
    by_key = {r["key"]: r for r in found}
    assert by_key["decision.ptfe-pads"]["id"] == world["b"].id("decision.ptfe-pads")  # the active version
    assert by_key["decision.ptfe-pads"]["affects"] == [
        {"key": "component.pad", "name": "Lateral pad", "type": "Component"}  # the re-imported pad, version 2
    ]
    assert by_key["decision.pad-count"]["based_on"] == [
        {"key": "decision.ptfe-pads", "name": "Pads of PTFE", "type": "Decision", "needs_review": False}
    ]
    assert by_key["decision.invar"]["based_on"] == [
        {"key": "assumption.room-temp", "name": "Room temperature", "type": "Assumption", "needs_review": False}
    ]
    assert by_key["decision.bolt-pattern"]["based_on"] == []  # its BASED_ON was rejected
    assert by_key["decision.cell-layout"]["based_on"] == []  # it rests only on a candidate decision
    assert by_key["decision.cell-layout"]["affects"] == [
        {"key": "subsystem.mirror-cell", "name": "Mirror cell", "type": "Subsystem"}
    ]
    assert all(r["sources"] == ["note://catalog-review"] for r in found)


def test_q022_project_as_of(api, graph, world) -> None:
    b = world["b"]
    pad_v1, pad_v2 = world["pad_v1"], world["pad_v2"]
    between = moment(pad_v2["valid_from"]) - timedelta(milliseconds=1)  # the pad's first version was active then
    old = {(r["type"], r["key"]): r for r in rows(api, "Q-022", project=P, as_of=between.isoformat())}
    now = {(r["type"], r["key"]): r for r in rows(api, "Q-022", project=P, as_of=datetime.now(UTC).isoformat())}
    assert old[("Component", "component.pad")]["id"] == pad_v1["id"]
    assert old[("Component", "component.pad")]["facts"]["material"] == "PTFE"
    assert now[("Component", "component.pad")]["id"] == pad_v2["id"]
    assert now[("Component", "component.pad")]["facts"]["material"] == "PEEK"
    assert ("Subsystem", "subsystem.legacy") not in now and ("Decision", "decision.draft") not in now  # candidates
    assert ("Requirement", "requirement.envelope") not in now  # superseded before now
    links = {(x["type"], x["key"]) for x in now[("Subsystem", "subsystem.support")]["links"]}
    assert {("CONTAINS", "component.flexure"), ("CONTAINS", "component.pad")} <= links
    assert ("CONTAINS", "component.spacer") not in links  # the spacer was retired
    assert {("SATISFIES", "requirement.load")} == {
        (x["type"], x["key"]) for x in now[("Component", "component.pad")]["links"] if x["type"] == "SATISFIES"
    }
    assert ("SATISFIES", "requirement.clamping") not in {
        (x["type"], x["key"]) for x in now[("Component", "component.clamp")]["links"]
    }  # rejected
    clamping = old[("Component", "component.clamp")]["links"]
    assert ("SATISFIES", "requirement.clamping") not in {(x["type"], x["key"]) for x in clamping}  # rejected by then
    assert b.by_key["component.pad"]["id"] == pad_v2["id"]
    at = datetime.now(UTC).isoformat()
    pages = read_pages_as_of(api, 7, at)
    assert len(pages) > 1 and [r for page in pages for r in page["rows"]] == rows(api, "Q-022", project=P, as_of=at)


def read_pages_as_of(api, limit: int, as_of: str) -> list[dict]:
    pages, params = [], {"project": P, "limit": limit, "as_of": as_of}
    while True:
        page = run(api, "Q-022", **params)
        pages.append(page)
        assert len({r["key"] for r in page["rows"]}) <= limit
        if page["next"] is None:
            return pages
        params = {**params, **page["next"]}


# -- empty cases, errors ------------------------------------------------------------------
EMPTY_CASES = {
    "Q-001": {"subsystem": "subsystem.nothing"},
    "Q-002": {"entity": "component.nothing"},
    "Q-003": {"entity": "component.nothing"},
    "Q-004": {},
    "Q-005": {},
    "Q-006": {},
    "Q-007": {"entity": "component.nothing"},
    "Q-008": {"entity": "component.nothing"},
    "Q-009": {},
    "Q-010": {},
    "Q-011": {},
    "Q-012": {"component": "component.nothing"},
    "Q-013": {},
    "Q-014": {},
    "Q-015": {"key": "component.nothing", "as_of": "2026-01-01T00:00:00Z"},
    "Q-016": {"entity": "component.nothing"},
    "Q-017": {"key": "component.nothing"},
    "Q-018": {},
    "Q-019": {},
    "Q-020": {},
    "Q-021": {},
    "Q-022": {"as_of": "2026-01-01T00:00:00Z"},
}


@pytest.fixture(scope="module")
def empty(graph) -> str:
    """A registered project that holds nothing (an unregistered name would be a 404)."""
    graph.run("testing.create_project", id="p-empty", aliases=[])
    return "p-empty"


@pytest.mark.parametrize("query_id", sorted(EMPTY_CASES))
def test_every_query_answers_no_rows_when_nothing_matches(api, world, empty, query_id) -> None:
    named = {k: v for k, v in EMPTY_CASES[query_id].items() if k != "as_of"}
    if named:  # a query naming an entity key: an unknown key is a 404, never 0 rows
        missing = run(api, query_id, expect=404, project=empty, **EMPTY_CASES[query_id])
        [key] = named.values()
        assert (
            missing["message"]
            == f"Unknown {query_id} {missing['detail']['kind'].split()[1]} key {key!r} in project 'p-empty'."
        )
        assert missing["detail"]["suggestions"] == []
        return
    result = run(api, query_id, project=empty, **EMPTY_CASES[query_id])
    assert result["rows"] == [] and result["query"] == query_id and result["duration_ms"] >= 0


def test_unknown_entities_in_a_real_project_are_404_with_the_closest_keys(api, world) -> None:
    for query_id in ("Q-001", "Q-002", "Q-003", "Q-007", "Q-008", "Q-012", "Q-016"):
        missing = run(api, query_id, expect=404, project=P, **EMPTY_CASES[query_id])
        assert missing["message"].startswith(f"Unknown {query_id} ") and ".nothing' in project" in missing["message"]
    assert rows(api, "Q-013", project=P, days=0) == []
    wrong = run(api, "Q-001", expect=404, project=P, subsystem="component.pad")  # a component's key
    assert "'component.pad' in project" in wrong["message"] and "is a Component, not a Subsystem" in wrong["message"]
    typo = run(api, "Q-016", expect=404, project=P, entity="component.pda")
    assert typo["detail"]["suggestions"][0] == "component.pad"


def test_the_api_lists_the_catalog(api) -> None:
    listing = api.get("/queries").json()
    assert listing["count"] == 22 and [q["id"] for q in listing["queries"]] == [f"Q-{n:03d}" for n in range(1, 23)]
    recent = next(q for q in listing["queries"] if q["id"] == "Q-013")
    assert recent["title"] == "Recent changes" and recent["question"].startswith("Which entities were created")
    assert [(p["name"], p["type"], p["required"], p["default"]) for p in recent["parameters"]] == [
        ("project", "STRING", True, None),
        ("days", "INTEGER", False, 14),
        ("subsystem", "STRING", False, None),
        ("limit", "INTEGER", False, 200),
    ]
    assert [c["name"] for c in recent["columns"]] == [
        "at",
        "change",
        "id",
        "key",
        "name",
        "type",
        "version",
        "status",
        "reason",
    ]
    assert recent["file"] == "cypher/catalog/Q-013-recent-changes.cypher" and recent["statuses"]
    assert api.get("/queries/q-9").json()["id"] == "Q-009"


def test_unknown_ids_are_404_and_bad_params_422_naming_the_expected_ones(api) -> None:
    missing = api.post("/queries/Q-042", json={"params": {"project": P}})
    assert missing.status_code == 404 and "Q-001" in missing.json()["message"]
    assert api.get("/queries/nope").status_code == 404
    absent = run(api, "Q-001", expect=422)
    assert "project (STRING) is required" in absent["message"] and "subsystem (STRING) is required" in absent["message"]
    assert absent["detail"]["expected"] == [
        {"name": "project", "type": "STRING", "required": True, "default": None},
        {"name": "subsystem", "type": "STRING", "required": True, "default": None},
    ]
    mistyped = run(api, "Q-013", expect=422, project=P, days="soon")
    assert "days must be a INTEGER" in mistyped["message"] and "days: INTEGER = 14" in mistyped["message"]
    assert "unknown parameters ['colour']" in run(api, "Q-006", expect=422, project=P, colour="red")["message"]
    assert "as_of must be a DATETIME" in run(api, "Q-015", expect=422, project=P, key="k", as_of="yesterday")["message"]
    assert "must be a STRING" in run(api, "Q-001", expect=422, project=P, subsystem=["a"])["message"]
    assert "project must not be empty" in run(api, "Q-006", expect=422, project=" ")["message"]
    assert run(api, "Q-013", project=P, days="0")["rows"] == []  # a number given as text is converted


PAGED = ("Q-005", "Q-010", "Q-014", "Q-018", "Q-021", "Q-022")


def read_pages(api, query_id: str, limit: int) -> list[dict]:
    """Every page of a paged listing, following next."""
    pages, params = [], {"project": P, "limit": limit}
    while True:
        page = run(api, query_id, **params)
        pages.append(page)
        if page["next"] is None:
            return pages
        assert page["next"] == {"after": page["rows"][-1]["key"]}
        params = {**params, **page["next"]}


@pytest.mark.parametrize("query_id", [q for q in PAGED if q != "Q-022"])  # Q-022 needs as_of: read_pages_as_of
def test_paged_listings_add_up_to_the_whole_listing(api, world, query_id) -> None:
    whole = run(api, query_id, project=P)
    assert whole["next"] is None and whole["rows"]  # the default page (100) holds the whole test project
    keys = list(dict.fromkeys(r["key"] for r in whole["rows"]))
    for limit in (1, 2, 3):
        pages = read_pages(api, query_id, limit)
        assert [r for page in pages for r in page["rows"]] == whole["rows"]
        assert len(pages) == -(-len(keys) // limit)  # ceil: no empty last page
        assert all(len({r["key"] for r in page["rows"]}) <= limit for page in pages)


def test_a_decision_and_its_history_share_a_page(api, world) -> None:
    first, second = read_pages(api, "Q-014", 4)
    assert pick(first["rows"], "entry", "key")[-2:] == [
        ("current", "decision.ptfe-pads"),
        ("history", "decision.ptfe-pads"),
    ]
    assert first["next"] == {"after": "decision.ptfe-pads"} and pick(second["rows"], "key") == [("decision.invar",)]
    assert run(api, "Q-014", project=P, after="decision.never-made")["rows"] == []  # a cursor that names no decision


def test_paging_bounds_and_cursors(api, graph, world) -> None:
    last = run(api, "Q-018", project=P)["rows"][-1]["key"]
    beyond = run(api, "Q-018", project=P, after=last)
    assert beyond["rows"] == [] and beyond["next"] is None
    nulls = run(api, "Q-005", project=P, limit=None, after=None)  # was a 500: null + 1 in the runner
    assert nulls["rows"] == run(api, "Q-005", project=P)["rows"] and nulls["next"] is None
    assert run(api, "Q-013", project=P, days=None, limit=None)["rows"] is not None  # was a Cypher error on null days
    for bad in (0, -1, 10_001):
        problem = run(api, "Q-005", expect=422, project=P, limit=bad)
        assert f"limit must be between 1 and 10000, got {bad}" in problem["message"]
    scoped = run(api, "Q-005", project=P, subsystem="subsystem.support", limit=2)
    assert pick(scoped["rows"], "key") == [("requirement.load",), ("requirement.mass",)]
    assert scoped["next"] == {"after": "requirement.mass"}
    rest = run(api, "Q-005", project=P, subsystem="subsystem.support", limit=2, **scoped["next"])
    assert pick(rest["rows"], "key") == [("requirement.stiffness",)] and rest["next"] is None
    # A subtree over 250 members is checked per requirement instead of listing what it satisfies: same rows.
    from atocore.services.engineering.queries import find_query

    text = find_query(graph, "Q-005").text
    assert text.count("size(tree) <= 250") == 1 and text.count("size(tree) > 250") == 1
    per_requirement = text.replace("size(tree) <= 250", "size(tree) <= 0").replace("size(tree) > 250", "size(tree) > 0")
    with graph.driver.session(database=graph.database) as session:
        for subsystem in ("subsystem.support", "subsystem.telescope", "subsystem.metrology"):
            expected = rows(api, "Q-005", project=P, subsystem=subsystem)
            checked = session.run(per_requirement, project=P, subsystem=subsystem, limit=100, after=None).data()
            assert checked == expected, subsystem
    listing = {q["id"]: q for q in api.get("/queries").json()["queries"]}
    assert {qid for qid, q in listing.items() if q["pages"]} == set(PAGED)
    assert all(listing[qid]["pages"] == "key" for qid in PAGED) and run(api, "Q-006", project=P)["next"] is None


def test_cli_q_prints_a_table_json_rows_and_the_list(live_api, world) -> None:
    from click.testing import CliRunner

    from atocore.cli.main import cli

    runner = CliRunner()
    table = runner.invoke(cli, ["q", "Q-006", "--project", "PCAT", "--url", live_api])
    assert table.exit_code == 0, table.output
    as_json = runner.invoke(cli, ["q", "Q-006", "--project", "pcat", "--url", live_api, "--json"])
    answer = json.loads(as_json.output)
    assert (answer["query"], answer["next"], answer["columns"][:4]) == ("Q-006", None, ["id", "key", "name", "type"])
    assert [r["key"] for r in json_rows(as_json.output)] == [
        "requirement.alignment",
        "requirement.clamping",
        "requirement.thermal",
        "requirement.vacuum",
    ]
    scoped = runner.invoke(
        cli, ["q", "q-5", "--project", P, "-p", "subsystem=subsystem.support", "--url", live_api, "--json"]
    )
    assert [r["key"] for r in json_rows(scoped.output)] == [
        "requirement.load",
        "requirement.mass",
        "requirement.stiffness",
    ]
    listing = runner.invoke(cli, ["q", "--list", "--url", live_api, "--json"])
    assert [q["id"] for q in json.loads(listing.output)["queries"]] == [q.query_id for q in catalog_queries()]
    assert runner.invoke(cli, ["queries", "--url", live_api, "--json"]).exit_code == 0
    bad = runner.invoke(cli, ["q", "Q-013", "--project", P, "-p", "days=soon", "--url", live_api])
    assert bad.exit_code == 2 and "days must be a INTEGER" in bad.output
    assert runner.invoke(cli, ["q", "Q-006", "-p", "oops", "--url", live_api]).exit_code == 2


def test_cli_q_pages_tell_how_to_go_on_and_all_reads_every_page(live_api, world) -> None:
    from click.testing import CliRunner

    from atocore.cli.main import cli
    from atocore.cli.output import render_listing
    from atocore.cli.query_cmds import ROWS
    from atocore.client import AtoCoreClient

    runner = CliRunner()
    page = runner.invoke(cli, ["q", "Q-018", "--project", P, "-p", "limit=3", "--url", live_api, "--json"])
    assert page.exit_code == 0, page.output
    assert [r["key"] for r in json_rows(page.stdout)] == [
        "requirement.alignment",
        "requirement.clamping",
        "requirement.load",
    ]
    assert "More rows follow: add -p after=requirement.load for the next page, or --all" in page.stderr
    assert json.loads(page.stdout)["next"] == {"after": "requirement.load"}  # --json keeps next and columns
    every = runner.invoke(cli, ["q", "Q-018", "--project", P, "-p", "limit=3", "--all", "--url", live_api, "--json"])
    assert len(json_rows(every.stdout)) == 7 and every.stderr == ""
    client = AtoCoreClient(live_api)
    try:
        whole = client.run_catalog_query("Q-018", {"limit": 3}, project=P, all_pages=True)
    finally:
        client.close()
    assert whole["pages"] == 3 and whole["next"] is None and len(whole["rows"]) == 7
    table = render_listing(whole, ROWS)
    assert "Q-018: 7 rows in" in table and "(3 pages)" in table and "More rows follow" not in table


def json_rows(output: str) -> list[dict]:
    """The rows of `atocore q ... --json`, which prints the whole answer: query, columns, rows, next, duration_ms."""
    return json.loads(output)["rows"]


def test_the_browser_guide_runs_as_written(graph, world) -> None:
    """Every query of docs/browser-guide.md runs with its :param lines, as a Browser user would paste them."""
    import re

    from atocore.config import REPO_ROOT

    guide = (REPO_ROOT / "docs" / "browser-guide.md").read_text()
    sections = [s for s in guide.split("\n## ")[1:] if s.startswith("Q-")]
    assert [s.split()[0] for s in sections] == [q.query_id for q in catalog_queries()]
    with graph.driver.session(database=graph.database) as session:
        for section in sections:
            params = {}
            for name, expression in re.findall(r"^:param (\w+) => (.+?);?$", section, re.M):
                params[name] = session.run(f"RETURN {expression} AS value").single()["value"]
            params["project"] = P  # the user edits the example project id
            text = section.split("```cypher\n")[1].split("\n```")[0]
            session.run(text, params).consume()


def test_catalog_queries_run_in_read_transactions(graph) -> None:
    from dataclasses import replace

    from neo4j.exceptions import ClientError

    from atocore.services.engineering.queries import find_query

    sneaky = replace(find_query(graph, "Q-006"), text="CREATE (p:Probe) RETURN p.id AS id")  # declared read, writes
    with pytest.raises(ClientError, match="(?i)read"):
        graph.run_read(sneaky, {"project": P})


def test_no_plan_scans_every_node(graph, world) -> None:
    from atocore.bench.catalog import plan_operators
    from atocore.services.engineering import queries

    scanning, unindexed = [], []
    existing = {"subsystem": "subsystem.support", "entity": "component.pad", "component": "component.pad"}
    for query_id, params in EMPTY_CASES.items():
        known = {
            name: existing.get(name, "component.pad") if name in ("subsystem", "entity", "component", "key") else v
            for name, v in params.items()
        }
        plan = queries.explain(graph, query_id, {"project": P, **known})
        operators = [op.split("@")[0] for op in plan_operators(plan)]
        if "AllNodesScan" in operators:
            scanning.append(query_id)
        if not any("Index" in op for op in operators):
            unindexed.append(query_id)
    assert (scanning, unindexed) == ([], [])


def test_q017_follows_a_graduated_fact_to_its_memory(api, world) -> None:
    made = api.post(
        "/memory", json={"memory_type": "knowledge", "content": "PTFE creeps above 60 C.", "project": "p-evid"}
    )
    assert made.status_code == 201, made.text
    memory_id = made.json()["id"]
    graduated = api.post(f"/memory/{memory_id}/graduate")
    assert graduated.status_code == 201, graduated.text
    fact = graduated.json()["entity"]
    assert rows(api, "Q-017", project="p-evid", key=fact["key"]) == []  # a candidate has no evidence rows yet
    assert api.post(f"/entities/{fact['id']}/promote").status_code == 200
    found = rows(api, "Q-017", project="p-evid", key=fact["key"], type="Fact")
    assert pick(found, "id", "type", "kind", "source_id", "uri", "via") == [
        (fact["id"], "Fact", "artifact", found[0]["source_id"], f"memory://{memory_id}", "EVIDENCED_BY"),
        (fact["id"], "Fact", "memory", memory_id, None, "GRADUATED_TO"),
    ]
