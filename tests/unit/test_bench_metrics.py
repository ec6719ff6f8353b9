"""The retrieval bench's document-level metrics and dataset reading."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from atocore.bench.beir import documents_of, load_dataset, ndcg_at, recall_at, scores


def test_a_document_ranks_where_its_best_chunk_ranks() -> None:
    assert documents_of(["d2", "d1", "d2", "d3", "d1"]) == ["d2", "d1", "d3"]


def test_ndcg_and_recall_by_hand() -> None:
    relevant = {"a": 1, "b": 1}
    ranked = ["x", "a", "y", "b"]
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(ranked, relevant, 10) == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert ndcg_at(["a", "b"], relevant, 10) == pytest.approx(1.0)
    assert recall_at(ranked, relevant, 2) == 0.5 and recall_at(ranked, relevant, 4) == 1.0


def test_scores_count_a_query_without_ranking_as_zero() -> None:
    figures = scores({"q1": ["a"]}, {"q1": {"a": 1}, "q2": {"b": 1}})
    assert figures == {"ndcg@10": 0.5, "recall@10": 0.5, "recall@100": 0.5}


def test_load_dataset_keeps_queries_with_relevant_documents(tmp_path: Path) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        "\n".join(json.dumps({"_id": i, "title": f"T{i}", "text": f"text {i}"}) for i in ("1", "2"))
    )
    (tmp_path / "queries.jsonl").write_text(
        "\n".join(json.dumps({"_id": q, "text": f"claim {q}"}) for q in ("10", "9", "11"))
    )
    (tmp_path / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\n10\t1\t1\n9\t2\t1\n11\t2\t0\n")
    data = load_dataset(tmp_path)
    assert list(data.queries) == ["9", "10"] and data.qrels == {"9": {"2": 1}, "10": {"1": 1}}
    assert data.corpus["1"] == ("T1", "text 1")
    assert list(load_dataset(tmp_path, limit_queries=1).queries) == ["9"]
