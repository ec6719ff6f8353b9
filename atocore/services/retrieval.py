"""Hybrid chunk retrieval: vector index + fulltext index, fused by Reciprocal Rank Fusion.

Each leg returns a ranked candidate list (``CANDIDATE_FACTOR`` x top_k, at
least ``MIN_CANDIDATES``). The lists are fused with Reciprocal Rank Fusion:
a chunk's score is the sum over the lists it appears in of ``1 / (RRF_K +
rank)``, rank counting from 1. RRF only looks at ranks, so the cosine and
BM25 scales never have to be reconciled; RRF_K = 60 (the value from Cormack,
Clarke and Buettcher, 2009) keeps one list's top hit from swamping a chunk
that both lists rank well.

Both legs run in one read query (``retrieval.hybrid_candidates``, one round
trip); a leg that needs more candidates asks the same query again with the
other leg switched off.

Project scope: Neo4j 5.26's vector and fulltext procedures cannot filter
inside the index, so a project-scoped query over-fetches and keeps that
project's chunks. The first ask is sized by the project's share of the
index (``wanted x total / project chunks x OVERFETCH_SLACK``, counts cached
by ``Services.chunk_counts``), so a project holding most of the index asks for
little more than it needs; when too few were kept and the index had more to
give, it asks again with 4 x more. Past ``MAX_OVERFETCH`` neighbours the
project is a sliver of the index, and its chunks are ranked exactly (cosine
over the chunk_project index) instead, so a small project never loses
recall next to a large one.

Near-duplicates are merged before the top_k cut: a chunk whose text equals
an earlier hit's, or that overlaps an earlier hit of the same document (the
shared chunk_overlap of neighbouring chunks), joins that hit, whose text
grows to the union of the spans.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pydantic import BaseModel, Field

from atocore.errors import ValidationError
from atocore.services.projects import canonical_project
from atocore.services.runtime import Services

RRF_K = 60
CANDIDATE_FACTOR = 3
MIN_CANDIDATES = 30
OVERFETCH_FACTOR = 10  # first ask when the project's share of the index is not known
OVERFETCH_SLACK = 1.5  # first ask = wanted / share x this
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
    vector = embed_in_background(services, prompt)  # the model works while Neo4j resolves the project
    scope = canonical_project(services.graph, project)
    return search_embedded(services, prompt, vector.result(), scope, top_k)


_EMBEDDING_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="atocore-embed")


def embed_in_background(services: Services, prompt: str):
    """A future of the prompt's vector, computed beside whatever the caller asks Neo4j meanwhile."""
    embedder = services.embedder
    return _EMBEDDING_POOL.submit(lambda: embedder.embed([prompt])[0])


def search_embedded(services: Services, prompt: str, vector: list[float], scope: str, top_k: int) -> list[ChunkHit]:
    """search() for a prompt already embedded and a project already canonical ('' = all)."""
    wanted = max(top_k * CANDIDATE_FACTOR, MIN_CANDIDATES)
    query = lucene_query(prompt)
    k = _first_ask(services, scope, wanted)
    row = _ask(services, vector, query, scope, wanted, vector_k=k, fulltext_k=k)
    by_vector = _vector_leg(services, vector, scope, wanted, k, row)
    by_keyword = _fulltext_leg(services, vector, query, scope, wanted, k, row) if query else []
    fused = fuse(by_vector, by_keyword)
    return merge_near_duplicates(fused)[:top_k]


def _ask(
    services: Services,
    vector: list[float],
    query: str | None,
    project: str,
    wanted: int,
    *,
    vector_k: int,
    fulltext_k: int,
) -> dict:
    """One read of both legs; a vector ask past MAX_OVERFETCH (or 0), or no query, skips that leg."""
    return services.graph.run(
        "retrieval.hybrid_candidates",
        vector=vector,
        vector_k=vector_k if vector_k <= MAX_OVERFETCH else 0,
        query=query,
        fulltext_k=min(fulltext_k, MAX_FULLTEXT_FETCH),
        project=project,
        limit=wanted,
    )[0]


def _short(hits: list[dict], fetched: int, asked: int, wanted: int) -> bool:
    """Too few kept while the index had more to give."""
    return len(hits) < wanted and fetched >= asked


def _first_ask(services: Services, project: str, wanted: int) -> int:
    """How many candidates to ask each index for first (past MAX_OVERFETCH: rank the project exactly)."""
    if not project:
        return wanted
    mine, total = services.chunk_counts(project)
    if not mine:  # none counted (or not yet): the default over-fetch, whose retries find any
        return wanted * OVERFETCH_FACTOR
    return max(wanted, math.ceil(wanted * total / mine * OVERFETCH_SLACK))


def _vector_leg(services: Services, vector: list[float], project: str, wanted: int, k: int, row: dict) -> list[dict]:
    """The vector leg of ``row`` (asked for k), asking again with 4 x more while it came back short."""
    while True:
        if k > MAX_OVERFETCH:
            return services.graph.run("retrieval.exact_in_project", vector=vector, project=project, limit=wanted)
        if not _short(row["vector_hits"], row["vector_fetched"], k, wanted):
            return row["vector_hits"]
        k *= OVERFETCH_GROWTH
        row = _ask(services, vector, None, project, wanted, vector_k=k, fulltext_k=0)


def _fulltext_leg(
    services: Services, vector: list[float], query: str, project: str, wanted: int, k: int, row: dict
) -> list[dict]:
    """The fulltext leg of ``row`` (asked for k), asking again with 4 x more while it came back short."""
    while True:
        asked = min(k, MAX_FULLTEXT_FETCH)
        if asked >= MAX_FULLTEXT_FETCH or not _short(row["fulltext_hits"], row["fulltext_fetched"], asked, wanted):
            return row["fulltext_hits"]
        k *= OVERFETCH_GROWTH
        row = _ask(services, vector, query, project, wanted, vector_k=0, fulltext_k=k)


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
