"""The context pack's engineering section, and how few reads a pack costs, against the real Neo4j."""

from __future__ import annotations

import pytest

from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("elsewhere")

NOTE = "# Pads\n\nThe lateral support pads hold the primary mirror at 18 points.\n"


@pytest.fixture(scope="module")
def eng(api, source_dirs):
    root = source_dirs["notes"] / "eng-ctx"
    root.mkdir(parents=True, exist_ok=True)
    (root / "pads.md").write_text(NOTE)
    assert (
        api.post(
            "/projects/register",
            json={"id": "eng-ctx", "aliases": ["engc"], "ingest_roots": [{"source": "notes", "subpath": "eng-ctx"}]},
        ).status_code
        == 201
    )
    assert api.post("/projects/engc/refresh").status_code == 200
    api.post("/project/state", json={"project": "engc", "category": "decision", "key": "bond", "value": "RTV 566"})
    api.post("/memory", json={"memory_type": "preference", "content": "Answers in SI units.", "project": "engc"})
    api.post(
        "/memory",
        json={
            "memory_type": "project",
            "content": "The pads were requalified after the bonding change.",
            "project": "engc",
        },
    )

    def entity(type_, name, properties, project="engc", status="active"):
        response = api.post(
            "/entities",
            json={
                "type": type_,
                "name": name,
                "project": project,
                "status": status,
                "properties": properties,
                "source_refs": [{"artifact": "note://ctx-test"}],
            },
        )
        assert response.status_code == 201, response.text
        return response.json()

    pad = entity("Component", "Lateral support pad", {"description": "Bonded pad under the primary mirror"})
    req = entity("Requirement", "Pad load limit", {"text": "Each lateral support pad carries at most 40 N"})
    gap = entity("Parameter", "Pad bond gap", {"value": 0.25, "unit": "mm"})
    cand = entity(
        "Component",
        "Epoxy pad variant",
        {"description": "Unreviewed lateral support pad glued with epoxy"},
        status="candidate",
    )
    other = entity(
        "Component", "Other project pad", {"description": "A lateral support pad elsewhere"}, project="elsewhere"
    )
    for type_, a, b in (("SATISFIES", pad, req), ("HAS_PARAMETER", pad, gap), ("SATISFIES", cand, req)):
        response = api.post("/relationships", json={"type": type_, "from_id": a["id"], "to_id": b["id"]})
        assert response.status_code == 201, response.text
    return {"pad": pad, "req": req, "gap": gap, "cand": cand, "other": other}


def build(api, **body):
    response = api.post("/context/build", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_active_entities_sit_between_identity_memories_and_project_memories(api, eng) -> None:
    pack = build(api, prompt="What load may a lateral support pad carry since the bonding change?", project="engc")
    text = pack["formatted_context"]
    titles = [
        "=== Trusted project state",
        "=== Identity and preferences",
        "=== Engineering entities",
        "=== Project memories",
        "=== Retrieved sources",
    ]
    assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
    assert [s["name"] for s in pack["sections"]] == [
        "trusted_state",
        "identity_preference",
        "engineering",
        "project_memories",
        "chunks",
    ]
    assert set(pack["entity_ids"]) == {eng["pad"]["id"], eng["req"]["id"], eng["gap"]["id"]}
    assert pack["entities_used"] == 3
    section = text[text.index("=== Engineering entities") : text.index("=== Project memories")]
    pad_block = (
        "- [Component] Lateral support pad (component.lateral-support-pad): "
        "description=Bonded pad under the primary mirror\n"
        "    HAS_PARAMETER -> [Parameter] Pad bond gap (parameter.pad-bond-gap)\n"
        "    SATISFIES -> [Requirement] Pad load limit (requirement.pad-load-limit)\n"
    )
    assert pad_block in section
    assert (
        "- [Parameter] Pad bond gap (parameter.pad-bond-gap): value=0.25 mm\n"
        "    <- HAS_PARAMETER [Component] Lateral support pad" in section
    )


def test_candidate_entities_and_their_links_never_appear(api, eng) -> None:
    pack = build(api, prompt="epoxy glued lateral support pad variant", project="engc")
    assert eng["cand"]["id"] not in pack["entity_ids"]
    assert "Epoxy pad variant" not in pack["formatted_context"]  # neither as an entity nor as a link's other end


def test_other_projects_entities_stay_out_when_a_project_is_given(api, eng) -> None:
    pack = build(api, prompt="lateral support pad", project="eng-ctx")
    assert eng["other"]["id"] not in pack["entity_ids"]
    everywhere = build(api, prompt="lateral support pad elsewhere")
    assert eng["other"]["id"] in everywhere["entity_ids"] and eng["cand"]["id"] not in everywhere["entity_ids"]


def test_retired_entity_leaves_the_pack(api, eng) -> None:
    gap = api.post(
        "/entities",
        json={
            "type": "Parameter",
            "name": "Pad preload",
            "project": "engc",
            "status": "active",
            "properties": {"value": 12, "unit": "N"},
            "source_refs": [{"artifact": "note://ctx-test"}],
        },
    ).json()
    assert gap["id"] in build(api, prompt="pad preload", project="engc")["entity_ids"]
    assert api.post(f"/entities/{gap['id']}/retire", json={"reason": "no preload any more"}).status_code == 200
    assert gap["id"] not in build(api, prompt="pad preload", project="engc")["entity_ids"]


def test_a_pack_costs_three_reads_once_counts_are_known(services, eng, request) -> None:
    """Trusted state, memories, entities and the project in one read; both retrieval legs in a second; the
    hits' neighbours and evidenced entities in a third."""
    from atocore.services.context import ContextRequest, build_context

    build_context(services, ContextRequest(prompt="support pad load", project="engc"))  # counts cached
    ran = request.getfixturevalue("graph_runs")
    pack = build_context(services, ContextRequest(prompt="support pad load", project="engc"))
    assert [name for name, _ in ran] == ["context.knowledge", "retrieval.hybrid_candidates", "context.around_hits"]
    assert pack.project == "eng-ctx" and pack.state_used == 1 and pack.chunks_used == 1
