"""Lucene escaping, Reciprocal Rank Fusion and near-duplicate merging, without a database."""

from __future__ import annotations

import pytest

from atocore.services.retrieval import RRF_K, fuse, lucene_query, merge_near_duplicates

SPECIALS = '+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /'


def row(chunk_id: str, text: str, doc: str = "d1", start: int = 0, score: float = 0.5) -> dict:
    return {
        "chunk_id": chunk_id,
        "text": text,
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
    fused = fuse([row("a", "A"), row("b", "B")], [row("b", "B", score=3.0), row("c", "C", score=2.0)])
    assert [c.row["chunk_id"] for c in fused] == ["b", "a", "c"]
    b = fused[0]
    assert b.rrf == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert (b.vector_rank, b.fulltext_rank, b.fulltext) == (2, 1, 3.0)
    assert fused[2].vector is None and fused[2].fulltext_rank == 2


def test_overlapping_neighbours_merge_into_one_span() -> None:
    document = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota."
    first = row("c1", document[0:37], start=0)
    second = row("c2", document[18:53], start=18)
    far = row("c3", "unrelated", doc="d2")
    hits = merge_near_duplicates(fuse([second, far, first], []))
    assert [h.chunk_id for h in hits] == ["c2", "c3"]
    merged = hits[0]
    assert merged.merged_chunk_ids == ["c1"]
    assert (merged.char_start, merged.char_end, merged.text) == (0, 53, document)


def test_identical_text_in_two_documents_is_one_hit() -> None:
    hits = merge_near_duplicates(fuse([row("c1", "Same  text."), row("c2", "same text.", doc="d2")], []))
    assert len(hits) == 1 and hits[0].merged_chunk_ids == ["c2"]


def test_adjacent_but_not_overlapping_chunks_stay_apart() -> None:
    hits = merge_near_duplicates(fuse([row("c1", "abc", start=0), row("c2", "def", start=3)], []))
    assert len(hits) == 2
