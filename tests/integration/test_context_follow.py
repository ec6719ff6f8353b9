"""Context that follows the text: section neighbours and evidenced entities, on the real Neo4j."""

from __future__ import annotations

import pytest

from atocore.services import retrieval
from atocore.services.context import ContextRequest, build_context

pytestmark = pytest.mark.integration

# Longer than the chunk overlap, so the next chunk starts inside it, not at a sentence about straps.
CLEANED = (
    "They were cleaned in solvent, baked out for two days, bagged in dry nitrogen and kept sealed in the "
    "clean room until the integration team installed them on the bench."
)
PARAGRAPHS = [
    "The cryocooler cold head sits on the optical bench behind the detector. " * 10,
    "Its vibration is isolated by a bellows and a tuned mass; the residual jitter is 0.3 urad. " * 8,
    "Flexible thermal straps of annealed copper carry the heat from the cold head to the focal plane. " * 7 + CLEANED,
    "The detector readout samples at 2 MHz with 16 bits over the flight harness. " * 9,
]
NOTE = "# Cryocooler\n\n## Installation\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n## Test\n\nQualified in TVAC.\n"
# Nearer the prompt than the middle chunk's neighbours, without its words, and few candidates asked:
# the neighbours stay out of the candidate lists, as in a large corpus, and the middle chunk leads.
FILLERS = 40
PROMPT = "annealed copper thermal straps heat path"


@pytest.fixture(scope="module")
def follow(api, services, source_dirs):
    root = source_dirs["notes"] / "follow"
    root.mkdir(parents=True, exist_ok=True)
    (root / "cryo.md").write_text(NOTE)
    for i in range(FILLERS):
        (root / f"radiator-{i}.md").write_text(
            f"Radiator {i}: the radiator panel rejects waste energy to cold space through its louvres.\n"
        )
    spec = {"id": "follow", "ingest_roots": [{"source": "notes", "subpath": "follow"}]}
    assert api.post("/projects/register", json=spec).status_code == 201
    assert api.post("/projects/follow/refresh").status_code == 200
    hits = api.post("/query", json={"prompt": PROMPT, "project": "follow", "top_k": 1}).json()["hits"]
    middle = hits[0]
    assert "Flexible thermal straps" in middle["text"] and middle["heading_path"] == "Cryocooler > Installation"

    def entity(name: str, status: str) -> str:
        body = {
            "type": "Component",
            "name": name,
            "project": "follow",
            "status": status,
            "properties": {"description": "part of the cooling chain"},
            "source_refs": [{"chunk_id": middle["chunk_id"]}],
        }
        response = api.post("/entities", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    return {
        "middle": middle,
        "active": entity("Braid assembly", "active"),
        "candidate": entity("Unreviewed strap variant", "candidate"),
    }


@pytest.fixture(autouse=True)
def few_candidates(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "CANDIDATE_FACTOR", 1)
    monkeypatch.setattr(retrieval, "MIN_CANDIDATES", 1)


def ref(pack, chunk_id: str):
    return next(r for r in pack.chunks if r.chunk_id == chunk_id)


def test_a_mid_section_hit_comes_with_its_neighbours(services, follow) -> None:
    pack = build_context(services, ContextRequest(prompt=PROMPT, project="follow", budget=20_000))
    middle = ref(pack, follow["middle"]["chunk_id"])
    assert len(middle.neighbour_chunk_ids) == 2
    text = pack.formatted_context
    jitter = "the residual jitter is 0.3 urad"
    assert text.count(jitter) > follow["middle"]["text"].count(jitter)  # the chunk before adds its sentences
    assert "The detector readout samples at 2 MHz" in text  # the chunk after
    assert text.count("Flexible thermal straps of annealed copper") == PARAGRAPHS[2].count("Flexible")
    assert text.count(CLEANED) == 1  # the overlap of two chunks, shown once


def test_neighbours_only_when_the_passage_fits(services, follow) -> None:
    pack = build_context(services, ContextRequest(prompt=PROMPT, project="follow", budget=2500))
    assert pack.chunks and all(r.neighbour_chunk_ids == [] for r in pack.chunks)
    jitter = "the residual jitter is 0.3 urad"  # the middle chunk's overlap may hold one: no more than that
    assert pack.formatted_context.count(jitter) == follow["middle"]["text"].count(jitter)
    assert "The detector readout samples at 2 MHz" not in pack.formatted_context
    assert pack.total_chars <= pack.budget


def test_active_evidenced_entities_join_and_candidates_never_do(services, follow) -> None:
    pack = build_context(services, ContextRequest(prompt=PROMPT, project="follow", budget=20_000))
    assert follow["active"] in pack.entity_ids and follow["candidate"] not in pack.entity_ids
    assert "Braid assembly" in pack.formatted_context
    assert "Unreviewed strap variant" not in pack.formatted_context
    engineering = pack.formatted_context.index("=== Engineering entities ===")
    assert engineering < pack.formatted_context.index("=== Retrieved sources ===")


def test_turned_off_the_pack_is_hits_only(services, follow) -> None:
    from atocore.services.runtime import Services

    settings = services.settings.model_copy(update={"context_neighbours": False})
    plain = Services(settings, graph=services.graph, embedder=services.embedder)
    pack = build_context(plain, ContextRequest(prompt=PROMPT, project="follow", budget=20_000))
    assert all(ref.neighbour_chunk_ids == [] for ref in pack.chunks)
    assert follow["active"] not in pack.entity_ids


def test_one_read_for_the_neighbours_and_entities_of_all_hits(services, follow, request) -> None:
    build_context(services, ContextRequest(prompt=PROMPT, project="follow"))  # counts cached
    ran = request.getfixturevalue("graph_runs")
    build_context(services, ContextRequest(prompt=PROMPT, project="follow"))
    assert [name for name, _ in ran] == ["context.knowledge", "retrieval.hybrid_candidates", "context.around_hits"]
