"""Hybrid chunk retrieval: vector index + fulltext index, fused by Reciprocal Rank Fusion.

Each leg returns a ranked candidate list (``CANDIDATE_FACTOR`` x top_k, at
least ``MIN_CANDIDATES``). The lists are fused with Reciprocal Rank Fusion:
a chunk's score is the sum over the lists it appears in of ``1 / (RRF_K +
rank)``, rank counting from 1. RRF only looks at ranks, so the cosine and
BM25 scales never have to be reconciled; RRF_K = 60 (the value from Cormack,
Clarke and Buettcher, 2009) keeps one list's top hit from swamping a chunk
that both lists rank well.

Project scope: Neo4j 5.26's vector and fulltext procedures cannot filter
inside the index, so a project-scoped query over-fetches (10 x the
candidates wanted) and keeps that project's chunks, asking again with 4 x
more while the index still had more to give and too few were kept. Past
``MAX_OVERFETCH`` neighbours the project is a sliver of the index, and its
chunks are ranked exactly (cosine over the chunk_project index) instead, so
a small project never loses recall next to a large one.

Near-duplicates are merged before the top_k cut: a chunk whose text equals
an earlier hit's, or that overlaps an earlier hit of the same document (the
shared chunk_overlap of neighbouring chunks), joins that hit, whose text
grows to the union of the spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from atocore.errors import ValidationError
from atocore.services.projects import canonical_project
from atocore.services.runtime import Services

RRF_K = 60
CANDIDATE_FACTOR = 3
MIN_CANDIDATES = 30
OVERFETCH_FACTOR = 10
OVERFETCH_GROWTH = 4
MAX_OVERFETCH = 10_000  # vector neighbours; past this a project's chunks are ranked exactly
MAX_FULLTEXT_FETCH = 100_000
MAX_TOP_K = 100
MAX_QUERY_TERMS = 64  # Lucene refuses queries of more than 1024 clauses; stay far below

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_OPERATORS = {"AND", "OR", "NOT", "TO"}


class HitScores(BaseModel):
    vector: float | None = Field(None, description="Index similarity, (1 + cosine) / 2; None when not a vector hit.")
    fulltext: float | None = Field(None, description="Lucene score; None when not a keyword hit.")
    vector_rank: int | None = None
    fulltext_rank: int | None = None


class ChunkHit(BaseModel):
    chunk_id: str
    text: str
    source_file: str
    heading_path: str
    project: str
    document_id: str
    ordinal: int
    char_start: int
    char_end: int
    score: float = Field(description="Reciprocal Rank Fusion score (k=60).")
    scores: HitScores
    merged_chunk_ids: list[str] = Field(
        default_factory=list, description="Lower-ranked near-duplicate chunks folded into this hit."
    )


@dataclass
class _Candidate:
    row: dict
    rrf: float = 0.0
    vector: float | None = None
    fulltext: float | None = None
    vector_rank: int | None = None
    fulltext_rank: int | None = None


def lucene_query(prompt: str) -> str | None:
    """The prompt as Lucene terms (any of them may match), every special character escaped."""
    terms: list[str] = []
    for token in prompt.split():
        if not any(ch.isalnum() for ch in token):
            continue
        term = _LUCENE_SPECIAL.sub(r"\\\1", token)
        term = term.lower() if term in _LUCENE_OPERATORS else term
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_QUERY_TERMS:
            break
    return " ".join(terms) or None


def search(services: Services, prompt: str, *, top_k: int = 10, project: str | None = None) -> list[ChunkHit]:
    """The top_k chunks for a prompt, optionally within one project, best first."""
    if not prompt or not prompt.strip():
        raise ValidationError("The prompt is empty: give the question or keywords to search for.")
    if not 1 <= top_k <= MAX_TOP_K:
        raise ValidationError(f"top_k must be between 1 and {MAX_TOP_K}, got {top_k}.", top_k=top_k)
    services.ensure_schema()
    scope = canonical_project(services.graph, project)
    wanted = max(top_k * CANDIDATE_FACTOR, MIN_CANDIDATES)
    vector = services.embedder.embed([prompt])[0]
    by_vector = _vector_candidates(services, vector, scope, wanted)
    query = lucene_query(prompt)
    by_keyword = _fulltext_candidates(services, query, scope, wanted) if query else []
    fused = fuse(by_vector, by_keyword)
    return merge_near_duplicates(fused)[:top_k]


def _vector_candidates(services: Services, vector: list[float], project: str, wanted: int) -> list[dict]:
    graph = services.graph
    if not project:
        return graph.run("retrieval.vector_candidates", vector=vector, k=wanted, project="", limit=wanted)[0]["hits"]
    k = wanted * OVERFETCH_FACTOR
    while True:
        row = graph.run("retrieval.vector_candidates", vector=vector, k=k, project=project, limit=wanted)[0]
        if len(row["hits"]) >= wanted or row["fetched"] < k:
            return row["hits"]
        if k >= MAX_OVERFETCH:
            return graph.run("retrieval.exact_in_project", vector=vector, project=project, limit=wanted)
        k = min(k * OVERFETCH_GROWTH, MAX_OVERFETCH)


def _fulltext_candidates(services: Services, query: str, project: str, wanted: int) -> list[dict]:
    k = wanted * OVERFETCH_FACTOR if project else wanted
    while True:
        row = services.graph.run("retrieval.fulltext_candidates", query=query, k=k, project=project, limit=wanted)[0]
        if len(row["hits"]) >= wanted or row["fetched"] < k or k >= MAX_FULLTEXT_FETCH:
            return row["hits"]
        k = min(k * OVERFETCH_GROWTH, MAX_FULLTEXT_FETCH)


def fuse(by_vector: list[dict], by_keyword: list[dict]) -> list[_Candidate]:
    """Reciprocal Rank Fusion of the two ranked lists, best first."""
    fused: dict[str, _Candidate] = {}
    for rank, row in enumerate(by_vector, start=1):
        candidate = fused.setdefault(row["chunk_id"], _Candidate(row))
        candidate.rrf += 1.0 / (RRF_K + rank)
        candidate.vector, candidate.vector_rank = row["score"], rank
    for rank, row in enumerate(by_keyword, start=1):
        candidate = fused.setdefault(row["chunk_id"], _Candidate(row))
        candidate.rrf += 1.0 / (RRF_K + rank)
        candidate.fulltext, candidate.fulltext_rank = row["score"], rank
    return sorted(fused.values(), key=lambda c: (-c.rrf, c.row["chunk_id"]))


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def merge_near_duplicates(candidates: list[_Candidate]) -> list[ChunkHit]:
    """Fold identical texts and overlapping chunks of one document into the better-ranked hit."""
    hits: list[ChunkHit] = []
    by_text: dict[str, ChunkHit] = {}
    for candidate in candidates:
        row = candidate.row
        twin = by_text.get(_normalized(row["text"]))
        if twin is None:
            twin = next(
                (
                    h
                    for h in hits
                    if h.document_id == row["document_id"]
                    and row["char_start"] < h.char_end
                    and h.char_start < row["char_end"]
                ),
                None,
            )
            if twin is not None:
                _extend(twin, row)
        if twin is not None:
            twin.merged_chunk_ids.append(row["chunk_id"])
            continue
        hit = ChunkHit(
            chunk_id=row["chunk_id"],
            text=row["text"],
            source_file=row["source_file"],
            heading_path=row["heading_path"],
            project=row["project"],
            document_id=row["document_id"],
            ordinal=row["ordinal"],
            char_start=row["char_start"],
            char_end=row["char_end"],
            score=candidate.rrf,
            scores=HitScores(
                vector=candidate.vector,
                fulltext=candidate.fulltext,
                vector_rank=candidate.vector_rank,
                fulltext_rank=candidate.fulltext_rank,
            ),
        )
        hits.append(hit)
        by_text[_normalized(hit.text)] = hit
    return hits


def _extend(hit: ChunkHit, row: dict) -> None:
    """Grow the hit's text to the union of its span and an overlapping chunk's span."""
    start, end, text = row["char_start"], row["char_end"], row["text"]
    if start < hit.char_start:
        hit.text = text[: hit.char_start - start] + hit.text
        hit.char_start = start
    if end > hit.char_end:
        hit.text = hit.text + text[len(text) - (end - hit.char_end) :]
        hit.char_end = end
