"""The keyword leg, fusion and the /query options on the real Neo4j (both supported versions).

Each test names one retrieval rule: the English analyzer migration, stemming,
stop words, the title boost, rare-term weighting, fusion by the recipe,
``include_text`` / ``fields`` and the prompt-vector cache.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from atocore.graph.migrations import apply_migrations
from atocore.services.fusion import Recipe, fuse
from atocore.services.ingest import ingest_project
from atocore.services.retrieval import search
from atocore.services.runtime import Services
from tests.conftest import app_client

pytestmark = pytest.mark.integration

PROJECT = "rules"
KEYWORD_ONLY = Recipe(vector_weight=0)
FILES = {
    "bonding.md": "# Pad bonding\n\nThe support pads were bonded to the cell with a thin layer of adhesive.\n",
    "thermal-strap.txt": "Copper braid between the cold plate and the detector housing.\n",
    "review-notes.txt": "At the review the thermal team mentioned the strap design in passing.\n",
    "zerodur.md": "# Substrate\n\nThe blank is Zerodur, chosen for its low expansion.\n",
    **{
        f"mirror-{i}.md": f"# Note {i}\n\nThe mirror mount, the mirror cell and the mirror baffle, item {i}.\n"
        for i in range(8)
    },
}


@pytest.fixture(scope="module")
def corpus(services, clean_graph, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rules")
    for name, text in FILES.items():
        (root / name).write_text(text)
    ingest_project(services, PROJECT, [root])
    return root


def keyword_hits(services, prompt: str, recipe: Recipe = KEYWORD_ONLY):
    return search(services, prompt, top_k=20, project=PROJECT, recipe=recipe)


def files(hits) -> list[str]:
    return [hit.source_file.rsplit("/", 1)[-1] for hit in hits]


def chunk_text_index(graph) -> dict:
    return next(i for i in graph.run("graph.indexes") if i["name"] == "chunk_text")


def test_chunk_text_index_uses_the_english_analyzer_over_text_and_title_path(clean_graph) -> None:
    index = chunk_text_index(clean_graph)
    assert index["type"] == "FULLTEXT" and index["state"] == "ONLINE"
    assert index["properties"] == ["text", "title_path"]
    assert index["options"]["indexConfig"]["fulltext.analyzer"] == "english"


def test_the_migration_rebuilds_an_old_index_and_fills_chunk_titles(services, corpus, embedder) -> None:
    """From the 0003 index (no stemming) and chunks without title paths, 0016 fills them and rebuilds; ONLINE after."""
    graph = services.graph
    graph.run_schema("testing.drop_chunk_text_index")
    graph.run_schema("schema.0003-chunk-fulltext-index")
    assert chunk_text_index(graph)["options"]["indexConfig"]["fulltext.analyzer"] == "standard-no-stop-words"
    assert graph.run("testing.strip_chunk_titles", project=PROJECT)[0]["stripped"] == len(FILES)
    graph.run("testing.forget_migrations")
    report = apply_migrations(graph, dimensions=embedder.dimensions)
    assert "schema.0016-chunk-fulltext-english" in report.applied
    index = chunk_text_index(graph)
    assert index["state"] == "ONLINE" and index["options"]["indexConfig"]["fulltext.analyzer"] == "english"
    titled = {hit.source_file.rsplit("/", 1)[-1] for hit in keyword_hits(services, "strap")}
    assert "thermal-strap.txt" in titled  # only its title (the file name) says strap
    assert files(keyword_hits(services, "substrates")) == ["zerodur.md"]  # its heading


def test_stemming_matches_other_forms_of_a_word(services, corpus) -> None:
    hits = keyword_hits(services, "bonds")
    assert files(hits) == ["bonding.md"]
    assert hits[0].scores.fulltext and hits[0].scores.fulltext_rank == 1


def test_stop_words_are_ignored(services, corpus) -> None:
    assert keyword_hits(services, "the and with of at") == []
    plain = keyword_hits(services, "zerodur")
    padded = keyword_hits(services, "the zerodur of the")
    assert files(plain) == files(padded) == ["zerodur.md"]
    assert padded[0].scores.fulltext == pytest.approx(plain[0].scores.fulltext)


def test_a_rare_term_outweighs_a_common_one(services, corpus) -> None:
    """'mirror' is in eight chunks, 'zerodur' in one: the one with the rare term ranks first."""
    hits = keyword_hits(services, "mirror zerodur")
    assert files(hits)[0] == "zerodur.md"
    assert len(hits) == 9


def test_a_title_match_is_boosted(services, corpus) -> None:
    """thermal-strap.txt says neither word in its text, only in its title; review-notes.txt in its text."""
    plain = keyword_hits(services, "thermal strap", Recipe(vector_weight=0, title_boost=1.0))
    boosted = keyword_hits(services, "thermal strap", Recipe(vector_weight=0, title_boost=4.0))
    assert set(files(plain)) == set(files(boosted)) == {"thermal-strap.txt", "review-notes.txt"}
    assert files(boosted)[0] == "thermal-strap.txt"
    score = {f: h.scores.fulltext for f, h in zip(files(boosted), boosted, strict=True)}
    before = {f: h.scores.fulltext for f, h in zip(files(plain), plain, strict=True)}
    assert score["thermal-strap.txt"] > before["thermal-strap.txt"]
    assert score["review-notes.txt"] == pytest.approx(before["review-notes.txt"])


def test_hybrid_order_is_the_recipe_applied_to_the_two_legs(services, corpus) -> None:
    recipe = Recipe(k=10, vector_weight=1.0, keyword_weight=2.0, document_weight=0.5)
    prompt = "which mirror parts were bonded"
    hybrid = search(services, prompt, top_k=20, project=PROJECT, recipe=recipe)
    legs = [
        search(services, prompt, top_k=20, project=PROJECT, recipe=Recipe(keyword_weight=0)),
        keyword_hits(services, prompt),
    ]
    rows = [
        [{**hit.model_dump(), "score": getattr(hit.scores, leg)} for hit in hits]
        for hits, leg in zip(legs, ("vector", "fulltext"), strict=True)
    ]
    expected = [c.row["chunk_id"] for c in fuse(rows[0], rows[1], recipe)]
    assert [hit.chunk_id for hit in hybrid] == expected[: len(hybrid)]
    assert {hit.chunk_id for hit in hybrid} >= {hit.chunk_id for hit in legs[1]}


def test_include_text_false_leaves_the_text_out(api, corpus) -> None:
    body = {"prompt": "mirror mount", "project": PROJECT, "top_k": 5}
    full = api.post("/query", json=body).json()["hits"]
    bare = api.post("/query", json={**body, "include_text": False}).json()["hits"]
    assert [h["chunk_id"] for h in bare] == [h["chunk_id"] for h in full]
    assert all("text" not in h and h["source_file"] and "scores" in h for h in bare)
    assert all(h["text"] for h in full)


def test_fields_pick_what_each_hit_carries(api, corpus) -> None:
    body = {"prompt": "mirror mount", "project": PROJECT, "top_k": 3, "fields": ["chunk_id", "score"]}
    hits = api.post("/query", json=body).json()["hits"]
    assert hits and all(set(h) == {"chunk_id", "score"} for h in hits)
    published = api.get("/openapi.json").json()["components"]["schemas"]
    hit_schema = published[published["QueryResponse"]["properties"]["hits"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert "required" not in hit_schema and set(hit_schema["properties"]) >= {"chunk_id", "text", "score"}
    refused = api.post("/query", json={**body, "fields": ["chunk_id", "password"]})
    assert refused.status_code == 422 and "password" in refused.json()["message"]


class CountingEmbedder:
    """The real embedder, counting the texts it embeds."""

    def __init__(self, real, model_id: str | None = None) -> None:
        self.real, self.texts = real, []
        self.dimensions = real.dimensions
        self.model_id = model_id or real.model_id
        self._lock = threading.Lock()

    def embed(self, texts):
        with self._lock:
            self.texts += list(texts)
        return self.real.embed(texts)


def test_query_then_context_embed_the_prompt_once(services, corpus, embedder) -> None:
    counting = CountingEmbedder(embedder)
    scoped = Services(services.settings, graph=services.graph, embedder=counting)
    prompt = "How were the support pads bonded?"
    with app_client(services.settings, scoped) as http:
        assert http.post("/query", json={"prompt": prompt, "project": PROJECT}).status_code == 200
        assert http.post("/context/build", json={"prompt": prompt, "project": PROJECT}).status_code == 200
        assert http.post("/query", json={"prompt": prompt, "project": PROJECT, "top_k": 3}).status_code == 200
    assert counting.texts == [prompt]
