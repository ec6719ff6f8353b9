"""A BEIR-shaped dataset on disk, and the document-level metrics of a ranking.

The layout (https://github.com/beir-cellar/beir): ``corpus.jsonl`` (``_id``,
``title``, ``text``), ``queries.jsonl`` (``_id``, ``text``) and
``qrels/<split>.tsv`` (``query-id``, ``corpus-id``, ``score``, with a header
line). Only queries that have at least one relevant document are kept.

Metrics follow the usual IR definitions, with graded gains as in the qrels:
nDCG@k with a log2 discount (linear gain), Recall@k = relevant documents in
the first k over all relevant documents. Every method hands in a ranked list
of document ids, already unique (see ``documents_of``).
"""

from __future__ import annotations

import csv
import json
import math
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Dataset:
    name: str
    corpus: dict[str, tuple[str, str]]  # id -> (title, text)
    queries: dict[str, str]  # id -> text, only queries with relevant documents
    qrels: dict[str, dict[str, int]]  # query id -> {document id: relevance}


def load_dataset(
    directory: Path, split: str | None = None, limit_queries: int | None = None, max_documents: int | None = None
) -> Dataset:
    """The dataset under ``directory``; ``split`` names the qrels file (default: the only one, else test).

    ``max_documents`` keeps a smaller corpus: every document relevant to a kept
    query, then other documents drawn at random (fixed seed) up to that many.
    """
    qrels_dir = directory / "qrels"
    files = sorted(qrels_dir.glob("*.tsv"))
    only = files[0] if len(files) == 1 else qrels_dir / "test.tsv"
    chosen = only if split is None else qrels_dir / f"{split}.tsv"
    qrels: dict[str, dict[str, int]] = {}
    with chosen.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    corpus = {
        str(doc["_id"]): (doc.get("title") or "", doc.get("text") or "") for doc in _jsonl(directory / "corpus.jsonl")
    }
    queries = {str(q["_id"]): q["text"] for q in _jsonl(directory / "queries.jsonl") if str(q["_id"]) in qrels}
    kept = sorted(queries, key=_natural)[:limit_queries]
    if max_documents is not None and max_documents < len(corpus):
        corpus = _sample(corpus, {doc for q in kept for doc in qrels[q]}, max_documents)
    return Dataset(
        name=directory.name,
        corpus=corpus,
        queries={q: queries[q] for q in kept},
        qrels={q: qrels[q] for q in kept},
    )


def _sample(corpus: dict[str, tuple[str, str]], relevant: set[str], size: int) -> dict[str, tuple[str, str]]:
    """The relevant documents, then others drawn at random (seed 16) up to ``size``, in corpus order."""
    others = [doc for doc in corpus if doc not in relevant]
    chosen = relevant | set(random.Random(16).sample(others, max(0, min(len(others), size - len(relevant)))))
    return {doc: value for doc, value in corpus.items() if doc in chosen}


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _natural(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (1 << 62, key)


def documents_of(ranked_chunk_docs: Iterable[str]) -> list[str]:
    """A ranked list of chunk hits, each given as its document id, as a ranked list of documents.

    A document ranks where its best chunk ranks (max aggregation): later chunks of a
    document already listed are dropped. Every method is scored through this one rule.
    """
    seen: dict[str, None] = {}
    for doc in ranked_chunk_docs:
        seen.setdefault(doc, None)
    return list(seen)


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(gain / math.log2(i + 2) for i, gain in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def scores(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Mean nDCG@10, Recall@10 and Recall@100 over the queries (a query with no ranking scores 0)."""
    per_query = [(rankings.get(q, []), relevant) for q, relevant in qrels.items()]
    return {
        "ndcg@10": statistics.fmean(ndcg_at(r, rel, 10) for r, rel in per_query),
        "recall@10": statistics.fmean(recall_at(r, rel, 10) for r, rel in per_query),
        "recall@100": statistics.fmean(recall_at(r, rel, 100) for r, rel in per_query),
    }


def percentile(samples: Sequence[float], q: int) -> float:
    """The q-th percentile (inclusive method); 0 for no samples."""
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(sorted(samples), n=100, method="inclusive")[q - 1]
