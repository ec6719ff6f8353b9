"""Refresh, /context/build and /debug/context against the real Neo4j."""

from __future__ import annotations

import json

import pytest

from atocore.services.ingest.service import _exclusive

pytestmark = pytest.mark.integration

NOTES = {
    "mirror.md": "# Primary mirror\n\n## Support\n\nThe lateral support pads are bonded with RTV 566 and hold the "
    "mirror at 18 points.\n\n## Thermal\n\nThe mirror cell keeps the glass within 0.5 K of ambient during tests.\n",
    "schedule.txt": "Integration of the interferometer starts in week 32.\n\nAlignment takes two weeks.\n",
}
CANDIDATE_TEXT = "unreviewed claim: the pads are glued with epoxy"


@pytest.fixture(scope="module")
def project(api, source_dirs):
    root = source_dirs["notes"] / "ctx-proj"
    root.mkdir(parents=True, exist_ok=True)
    for name, text in NOTES.items():
        (root / name).write_text(text)
    response = api.post(
        "/projects/register",
        json={"id": "ctx-proj", "aliases": ["ctx"], "ingest_roots": [{"source": "notes", "subpath": "ctx-proj"}]},
    )
    assert response.status_code == 201, response.text
    report = api.post("/projects/ctx/refresh").json()
    assert report["documents_added"] == 2 and report["chunks_written"] >= 3
    api.post("/project/state", json={"project": "ctx", "category": "status", "key": "phase", "value": "integration"})
    memories = [
        {"memory_type": "identity", "content": "The user is the optics lead of the interferometer team."},
        {"memory_type": "preference", "content": "Prefers metric units and short answers.", "project": "ctx"},
        {
            "memory_type": "project",
            "content": "The lateral support pads were requalified after the bonding change.",
            "project": "ctx",
        },
        {"memory_type": "project", "content": CANDIDATE_TEXT, "project": "ctx", "status": "candidate"},
    ]
    ids = [api.post("/memory", json=m).json()["id"] for m in memories]
    rejected = api.post(
        "/memory",
        json={
            "memory_type": "project",
            "content": "pads are bolted, not bonded (wrong)",
            "project": "ctx",
            "status": "candidate",
        },
    ).json()
    assert api.post(f"/memory/{rejected['id']}/reject", json={}).status_code == 200
    return {"memory_ids": ids}


def build(api, **body):
    response = api.post("/context/build", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_pack_is_trust_ordered_and_within_budget(api, project) -> None:
    pack = build(api, prompt="How are the lateral support pads bonded?", project="ctx")
    text = pack["formatted_context"]
    assert pack["project"] == "ctx-proj"
    assert text.startswith("=== Trusted project state ===\n- [status] phase: integration")
    order = [
        text.index(t)
        for t in (
            "=== Trusted project state",
            "=== Identity and preferences",
            "=== Project memories",
            "=== Retrieved sources",
        )
    ]
    assert order == sorted(order)
    assert "optics lead" in text and "Prefers metric units" in text and "requalified" in text
    assert "RTV 566" in text
    assert pack["state_used"] == 1 and pack["memories_used"] == 3 and pack["chunks_used"] >= 1
    assert pack["total_chars"] == len(text) <= pack["budget"] == 6000
    assert pack["budget_remaining"] == pack["budget"] - pack["total_chars"]
    assert pack["chunks"][0]["source_file"].endswith("mirror.md")
    assert set(pack["memory_ids"]) == set(project["memory_ids"][:3])


def test_candidates_and_invalid_memories_never_appear(api, project) -> None:
    pack = build(api, prompt="pads glued epoxy bolted bonded", project="ctx-proj")
    assert CANDIDATE_TEXT not in pack["formatted_context"]
    assert "bolted" not in pack["formatted_context"]


def test_same_inputs_same_pack_and_debug_returns_it(api, project) -> None:
    first = build(api, prompt="mirror thermal control", project="ctx", budget=1500)
    second = build(api, prompt="mirror thermal control", project="ctx", budget=1500)
    first.pop("duration_ms"), second.pop("duration_ms")
    assert first == second
    debug = api.get("/debug/context").json()
    debug.pop("duration_ms")
    assert debug == second


def test_small_budget_keeps_trusted_state_first(api, project) -> None:
    pack = build(api, prompt="lateral support pads", project="ctx", budget=400)
    assert pack["total_chars"] <= 400
    assert pack["formatted_context"].startswith("=== Trusted project state ===")
    budgets = {s["name"]: s["budget"] for s in pack["sections"]}
    assert budgets["trusted_state"] == 80


def test_unknown_project_hint_still_answers(api, project) -> None:
    pack = build(api, prompt="interferometer integration week", project="no-such-project")
    assert pack["project"] == "no-such-project"
    assert pack["state_used"] == 0
    assert pack["chunks_used"] == 0  # chunks are filtered to that (empty) project


def test_no_project_searches_everything_but_no_project_state(api, project) -> None:
    pack = build(api, prompt="When does interferometer integration start?")
    assert pack["state_used"] == 0 and "Trusted project state" not in pack["formatted_context"]
    assert any(c["source_file"].endswith("schedule.txt") for c in pack["chunks"])


def test_bad_requests_are_422(api) -> None:
    assert api.post("/context/build", json={"prompt": ""}).status_code == 422
    assert api.post("/context/build", json={"prompt": "   "}).status_code == 422
    assert api.post("/context/build", json={"prompt": "x", "budget": 10}).status_code == 422


def test_nothing_automatic_writes_trusted_state(api, graph, project) -> None:
    before = api.get("/project/state/ctx?include_history=true").json()
    counts = {r["label"]: r["count"] for r in graph.run("health.label_counts")}
    api.post("/projects/ctx/refresh")
    api.post("/query", json={"prompt": "support pads", "project": "ctx"})
    build(api, prompt="support pads", project="ctx")
    api.post("/ingest/sources")
    assert api.get("/project/state/ctx?include_history=true").json() == before
    assert {r["label"]: r["count"] for r in graph.run("health.label_counts")}["StateEntry"] == counts["StateEntry"]


def test_refresh_again_changes_nothing_and_streams_progress(api, project) -> None:
    response = api.post("/projects/ctx-proj/refresh?stream=true")
    events = [json.loads(line) for line in response.text.splitlines()]
    assert events[-1]["event"] == "result"
    report = events[-1]["result"]
    assert report["documents_unchanged"] == 2 and report["chunks_written"] == 0
    assert all(e["event"] == "progress" for e in events[:-1])
    files = [(e["done"], e["total"]) for e in events[:-1] if e["stage"] == "files"]
    assert files == [(0, 2), (1, 2), (2, 2)] and {e["label"] for e in events[:-1]} == {"ctx-proj"}


def test_refresh_while_running_is_409(api, services, project) -> None:
    with _exclusive(services, "ctx-proj"):
        response = api.post("/projects/ctx/refresh")
        streamed = api.post("/projects/ctx/refresh?stream=true")
    assert response.status_code == 409 and "already running" in response.json()["message"]
    last = json.loads(streamed.text.splitlines()[-1])
    assert last["event"] == "error" and last["status"] == 409


def test_refresh_errors(api) -> None:
    api.post("/projects/register", json={"id": "rootless"})
    response = api.post("/projects/rootless/refresh")
    assert response.status_code == 422 and "no ingest roots" in response.json()["message"]
    assert api.post("/projects/nope/refresh").status_code == 404


def test_ingest_sources_refreshes_every_project_with_roots(api, project) -> None:
    body = api.post("/ingest/sources").json()
    assert "ctx-proj" in [r["project"] for r in body["reports"]]
    assert body["failures"] == []
