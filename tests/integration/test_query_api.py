"""POST /query and GET /stats over two ingested projects, against the real Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from atocore.services import retrieval
from atocore.services.ingest import ingest_project

pytestmark = pytest.mark.integration

OPTICS = {
    "mirror.md": "# Primary mirror\n\n## Mount\n\nThe Zerodur primary mirror sits on three Invar bipod flexures.\n\n"
    "## Alignment\n\nDecenter after vibration stayed within 20 um; tilt within 15 urad.\n",
    "lens.md": "# Relay lens\n\nThe relay lens cell is titanium with RTV bond pads.\n",
    "copy-of-lens.md": "# Relay lens\n\nThe relay lens cell is titanium with RTV bond pads.\n",
}
THERMAL = {
    "radiator.md": "# Radiator\n\nThe radiator panel rejects 40 W to deep space; the mirror heater holds 20 C.\n",
    "heaters.md": "# Heaters\n\nTwo heater circuits of 5 W keep the optical bench isothermal.\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


@pytest.fixture(scope="module")
def corpus(services, clean_graph, tmp_path_factory):
    base = tmp_path_factory.mktemp("query")
    ingest_project(services, "optics-a", [write(base / "optics", OPTICS)])
    ingest_project(services, "thermal-b", [write(base / "thermal", THERMAL)])
    return base


def test_query_within_a_project_returns_only_its_chunks(api, corpus) -> None:
    response = api.post("/query", json={"prompt": "mirror heater temperature", "project": "thermal-b", "top_k": 10})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert hits and {h["project"] for h in hits} == {"thermal-b"}
    assert hits[0]["text"].startswith("# Radiator")
    first = hits[0]
    assert set(first) >= {
        "chunk_id",
        "text",
        "source_file",
        "heading_path",
        "project",
        "document_id",
        "score",
        "scores",
    }
    assert set(first["scores"]) == {"vector", "fulltext", "vector_rank", "fulltext_rank"}
    assert first["source_file"].endswith("thermal/radiator.md")
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_query_without_project_spans_projects(api, corpus) -> None:
    hits = api.post("/query", json={"prompt": "mirror", "top_k": 20}).json()["hits"]
    assert {h["project"] for h in hits} == {"optics-a", "thermal-b"}
    keyword = [h for h in hits if h["scores"]["fulltext_rank"] is not None]
    assert keyword and all("mirror" in (h["text"] + h["heading_path"]).lower() for h in keyword)


def test_identical_files_give_one_hit(api, corpus) -> None:
    hits = api.post("/query", json={"prompt": "relay lens titanium RTV", "project": "optics-a"}).json()["hits"]
    lens = [h for h in hits if "relay lens cell" in h["text"]]
    assert len(lens) == 1 and len(lens[0]["merged_chunk_ids"]) == 1


def test_top_k_is_respected(api, corpus) -> None:
    assert len(api.post("/query", json={"prompt": "mirror", "top_k": 1}).json()["hits"]) == 1


@pytest.mark.parametrize(
    "prompt",
    [
        '+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /',
        'mirror:"bipod" AND (tilt || decenter) -NOT [1 TO 5] {x} ~2 ^3 * ? \\ /path',
        "AND",
        'unterminated "quote (paren [bracket',
    ],
)
def test_lucene_special_characters_never_fail(api, corpus, prompt) -> None:
    response = api.post("/query", json={"prompt": prompt, "project": "optics-a"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": ""}, "prompt"),
        ({"prompt": "   \n"}, "prompt"),
        ({}, "prompt"),
        ({"prompt": "mirror", "top_k": 0}, "top_k"),
        ({"prompt": "mirror", "top_k": 101}, "top_k"),
        ({"prompt": "mirror", "top_k": "many"}, "top_k"),
    ],
)
def test_bad_query_requests_are_422_naming_the_field(api, corpus, body, field) -> None:
    response = api.post("/query", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_input"
    assert field in response.json()["message"]


def test_unknown_project_is_a_404_not_an_empty_answer(api, corpus) -> None:
    response = api.post("/query", json={"prompt": "mirror", "project": "no-such-project"})
    assert response.status_code == 404 and response.json()["message"].startswith("Unknown project 'no-such-project'.")


def test_small_project_keeps_recall_when_overfetch_runs_out(services, corpus, monkeypatch, request) -> None:
    """Past the over-fetch budget the project's chunks are ranked exactly: same answer as exact cosine."""
    vector = services.embedder.embed(["Zerodur mirror bipod flexure alignment"])[0]
    exact = services.graph.run("retrieval.exact_in_project", vector=vector, project="thermal-b", limit=2)
    ran = request.getfixturevalue("graph_runs")
    monkeypatch.setattr(retrieval, "OVERFETCH_FACTOR", 1)
    monkeypatch.setattr(retrieval, "MAX_OVERFETCH", 2)
    capped = vector_leg(services, vector, retrieval.OVERFETCH_FACTOR * 2)
    assert ran[-1][0] == "retrieval.exact_in_project", ran
    assert [h["chunk_id"] for h in capped] == [h["chunk_id"] for h in exact]
    monkeypatch.undo()
    overfetched = vector_leg(services, vector, retrieval.OVERFETCH_FACTOR * 2)
    assert {h["chunk_id"] for h in overfetched} == {h["chunk_id"] for h in exact}


def vector_leg(services, vector, k: int) -> list[dict]:
    """thermal-b's vector leg for 2 hits, first asking the index for k, as search_embedded runs it."""
    first = retrieval._ask(services, vector, None, "thermal-b", 2, vector_k=k, fulltext_k=0)
    return retrieval._vector_leg(services, vector, "thermal-b", 2, k, first)


def test_stats_per_project_and_totals(api, corpus) -> None:
    body = api.get("/stats").json()
    by_project = {p["project"]: p for p in body["projects"]}
    assert set(by_project) == {"optics-a", "thermal-b"}
    assert by_project["optics-a"]["documents"] == 3 and by_project["thermal-b"]["documents"] == 2
    for counts in by_project.values():
        assert counts["chunks"] == counts["chunks_with_vectors"] >= counts["documents"]
    assert body["totals"]["documents"] == 5
    assert body["totals"]["chunks"] == sum(p["chunks"] for p in body["projects"])
    one = api.get("/stats", params={"project": "thermal-b"}).json()
    assert [p["project"] for p in one["projects"]] == ["thermal-b"] and one["totals"]["documents"] == 2


def test_first_ask_is_sized_by_the_projects_share_of_the_index(services, corpus, request) -> None:
    """One read for both legs, asking each index for wanted x total / mine x slack candidates."""
    mine, total = services.chunk_counts("thermal-b")
    assert 0 < mine < total
    ran = request.getfixturevalue("graph_runs")
    hits = retrieval.search(services, "mirror bipod flexure", top_k=10, project="thermal-b")
    # thermal-b was never registered: one more lookup finds it holds knowledge (a typo would be a 404)
    assert [name for name, _ in ran] == ["projects.resolve", "projects.holds_data", "retrieval.hybrid_candidates"]
    wanted = max(10 * retrieval.CANDIDATE_FACTOR, retrieval.MIN_CANDIDATES)
    expected_k = max(wanted, -(-wanted * total * retrieval.OVERFETCH_SLACK // mine))
    params = ran[2][1]
    assert params["vector_k"] == params["fulltext_k"] == int(expected_k)
    assert hits and {h.project for h in hits} == {"thermal-b"}


def test_a_sliver_of_the_index_is_ranked_exactly_without_asking_the_vector_index(
    services, corpus, monkeypatch, request
) -> None:
    vector = services.embedder.embed(["Zerodur mirror bipod flexure alignment"])[0]
    exact = services.graph.run("retrieval.exact_in_project", vector=vector, project="thermal-b", limit=30)
    monkeypatch.setattr(retrieval, "MAX_OVERFETCH", 1)
    ran = request.getfixturevalue("graph_runs")
    hits = retrieval.search_embedded(services, "Zerodur mirror bipod flexure alignment", vector, "thermal-b", 10)
    names = [name for name, _ in ran]
    assert "retrieval.exact_in_project" in names
    asks = [params for name, params in ran if name == "retrieval.hybrid_candidates"]
    assert asks and all(params["vector_k"] == 0 for params in asks)  # the vector index is never asked
    vector_ranked = sorted((h for h in hits if h.scores.vector_rank), key=lambda h: h.scores.vector_rank)
    assert [h.chunk_id for h in vector_ranked][:3] == [row["chunk_id"] for row in exact][:3]


def test_ingestion_forgets_cached_chunk_counts(services, corpus) -> None:
    services.chunk_counts("thermal-b")
    assert "thermal-b" in services._chunk_counts
    ingest_project(services, "thermal-b", [corpus / "thermal"])  # unchanged: still forgets
    assert services._chunk_counts == {}
