"""Lucene escaping, the keyword query, fusion recipes and near-duplicate merging, without a database."""

from __future__ import annotations

import pytest

from atocore.services.fusion import Recipe, fuse, merge_near_duplicates
from atocore.services.retrieval import chunk_query, lucene_query

RRF = Recipe()
RRF_K = RRF.k

SPECIALS = '+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /'


def row(chunk_id: str, text: str = "", doc: str = "d1", start: int = 0, score: float = 0.5) -> dict:
    return {
        "chunk_id": chunk_id,
        "text": text or f"text of {chunk_id}",
        "source_file": "s/f.md",
        "heading_path": "H",
        "project": "p",
        "document_id": doc,
        "ordinal": 0,
        "char_start": start,
        "char_end": start + len(text),
        "score": score,
    }


def test_lucene_query_escapes_every_special_character() -> None:
    query = lucene_query('mirror+mount (REQ-0101) "CTE" a&&b c||d x:y path/to\\file ~2 *wild? [1 TO 5] {a} ^3 !no')
    assert query == (
        'mirror\\+mount \\(REQ\\-0101\\) \\"CTE\\" a\\&\\&b c\\|\\|d x\\:y path\\/to\\\\file \\~2 \\*wild\\? '
        "\\[1 to 5\\] \\{a\\} \\^3 \\!no"
    )


@pytest.mark.parametrize("prompt", [SPECIALS, "   ", "&& || !"])
def test_lucene_query_of_punctuation_only_is_none(prompt: str) -> None:
    assert lucene_query(prompt) is None


def test_lucene_operators_become_plain_words_and_terms_are_capped() -> None:
    assert lucene_query("AND OR NOT mirror") == "and or not mirror"
    assert len(lucene_query(" ".join(f"w{i}" for i in range(500))).split()) == 64


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = fuse([row("a", "A"), row("b", "B")], [row("b", "B", score=3.0), row("c", "C", score=2.0)], RRF)
    assert [c.row["chunk_id"] for c in fused] == ["b", "a", "c"]
    b = fused[0]
    assert b.score == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert (b.scores.vector_rank, b.scores.fulltext_rank, b.scores.fulltext) == (2, 1, 3.0)
    assert fused[2].scores.vector is None and fused[2].scores.fulltext_rank == 2


def test_overlapping_neighbours_merge_into_one_span() -> None:
    document = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota."
    first = row("c1", document[0:37], start=0)
    second = row("c2", document[18:53], start=18)
    far = row("c3", "unrelated", doc="d2")
    hits = merge_near_duplicates(fuse([second, far, first], [], RRF))
    assert [h.chunk_id for h in hits] == ["c2", "c3"]
    merged = hits[0]
    assert merged.merged_chunk_ids == ["c1"]
    assert (merged.char_start, merged.char_end, merged.text) == (0, 53, document)


def test_identical_text_in_two_documents_is_one_hit() -> None:
    hits = merge_near_duplicates(fuse([row("c1", "Same  text."), row("c2", "same text.", doc="d2")], [], RRF))
    assert len(hits) == 1 and hits[0].merged_chunk_ids == ["c2"]


def test_adjacent_but_not_overlapping_chunks_stay_apart() -> None:
    hits = merge_near_duplicates(fuse([row("c1", "abc", start=0), row("c2", "def", start=3)], [], RRF))
    assert len(hits) == 2


def test_weights_scale_each_leg_and_k_damps_the_first_ranks() -> None:
    keyword_first = Recipe(k=1, vector_weight=0.5, keyword_weight=1.0)
    fused = fuse([row("a"), row("b")], [row("b", score=9.0), row("a", score=1.0)], keyword_first)
    assert [c.row["chunk_id"] for c in fused] == ["b", "a"]
    assert fused[0].score == pytest.approx(0.5 / (1 + 2) + 1.0 / (1 + 1))


def test_document_agreement_lifts_a_document_both_legs_found() -> None:
    """Vector found chunk a1 of doc A, keyword chunk a2 of it; x (doc X) is first in one leg only."""
    by_vector = [row("x", doc="X"), row("a1", doc="A")]
    by_keyword = [row("a2", doc="A", score=5.0), row("y", doc="Y", score=4.0)]
    per_chunk = fuse(by_vector, by_keyword, RRF)
    assert [c.row["chunk_id"] for c in per_chunk] == ["a2", "x", "a1", "y"]  # ties by chunk id
    agreeing = fuse(by_vector, by_keyword, Recipe(document_weight=0.5))
    assert [c.row["chunk_id"] for c in agreeing][:2] == ["a2", "a1"]
    a2 = agreeing[0]
    assert a2.score == pytest.approx(1 / (RRF_K + 1) + 0.5 / (RRF_K + 2))
    assert a2.scores.vector_rank is None  # the chunk itself was not a vector hit


def test_weighted_fusion_rescales_each_leg_to_its_own_list() -> None:
    recipe = Recipe(method="weighted", vector_weight=1.0, keyword_weight=1.0)
    by_vector = [row("a", score=0.9), row("b", score=0.8), row("c", score=0.7)]
    by_keyword = [row("c", score=20.0), row("b", score=10.0)]
    fused = {c.row["chunk_id"]: c.score for c in fuse(by_vector, by_keyword, recipe)}
    assert fused["a"] == pytest.approx(1.0)  # best vector, no keyword
    assert fused["b"] == pytest.approx(0.5 + 0.5)  # middle of the cosine range, half the best BM25
    assert fused["c"] == pytest.approx(0.0 + 1.0)  # the list's lowest cosine, the best BM25


def test_a_leg_of_weight_zero_is_not_asked() -> None:
    assert Recipe(vector_weight=0).legs == (False, True)
    assert Recipe(keyword_weight=0).legs == (True, False)


def test_chunk_query_searches_text_and_the_boosted_title_path() -> None:
    query = chunk_query("Mirror mounts (REQ-1)", Recipe(title_boost=1.5))
    group = "(Mirror mounts \\(REQ\\-1\\))"
    assert query == f"text:{group} title_path:{group}^1.5"
    assert chunk_query("&& ||", Recipe()) is None
