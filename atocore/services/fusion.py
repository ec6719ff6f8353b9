"""Fusing the vector and keyword candidate lists into one ranking of chunks.

Each leg hands in its candidates best first. A leg gives each of its chunks a
value, then its weight times that value is added to the chunk's fused score:

- ``rrf`` (Reciprocal Rank Fusion): ``1 / (k + rank)``, rank from 1. Ranks
  only, so the cosine and BM25 scales never meet; ``k`` damps the very first
  ranks (Cormack, Clarke and Buettcher, 2009, used 60).
- ``weighted``: the leg's score rescaled to [0, 1] over its own list (the
  list's best is 1, its floor 0: the cosine floor is the list's lowest score,
  BM25's floor is 0).

Agreement on a document: a chunk that one leg did not return, but whose
document that leg did return (another chunk of it), gets ``document_weight``
times that leg's value for the document's best chunk. At 0 the fusion is per
chunk; at 1 a document's chunks count as hits of every leg that found the
document. Two legs that agree on a document, not on the same chunk of it,
then lift it above a chunk only one leg found.

Near-duplicates are folded after fusing: the same text (whitespace and case
ignored), or a chunk overlapping an earlier hit of the same document (the
chunk_overlap that neighbouring chunks share), joins that hit, whose text
grows to the union of the spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from atocore.config import Settings

Method = Literal["rrf", "weighted"]
METHODS: tuple[str, ...] = ("rrf", "weighted")


@dataclass(frozen=True)
class Recipe:
    """How the two legs are asked and fused; ``from_settings`` gives the configured one."""

    method: Method = "rrf"
    k: int = 60
    vector_weight: float = 1.0
    keyword_weight: float = 1.0
    document_weight: float = 0.0
    title_boost: float = 1.0  # keyword query: weight of a match in the title path (title > headings)

    @classmethod
    def from_settings(cls, settings: Settings) -> Recipe:
        return cls(
            method=settings.retrieval_fusion,
            k=settings.retrieval_rrf_k,
            vector_weight=settings.retrieval_vector_weight,
            keyword_weight=settings.retrieval_keyword_weight,
            document_weight=settings.retrieval_document_weight,
            title_boost=settings.retrieval_title_boost,
        )

    @property
    def legs(self) -> tuple[bool, bool]:
        """(vector asked, keyword asked): a leg of weight 0 is not asked at all."""
        return self.vector_weight > 0, self.keyword_weight > 0


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
    score: float = Field(description="Fused score (ATOCORE_RETRIEVAL_FUSION: rrf or weighted).")
    scores: HitScores
    merged_chunk_ids: list[str] = Field(
        default_factory=list, description="Lower-ranked near-duplicate chunks folded into this hit."
    )


@dataclass
class Candidate:
    row: dict
    score: float = 0.0
    scores: HitScores = field(default_factory=lambda: HitScores.model_validate({}))


def leg_values(rows: list[dict], recipe: Recipe, floor: float | None) -> list[float]:
    """Each row's value in its leg (rows best first): 1/(k + rank), or its score rescaled to [0, 1]."""
    if recipe.method == "rrf":
        return [1.0 / (recipe.k + rank) for rank in range(1, len(rows) + 1)]
    if not rows:
        return []
    top = rows[0]["score"]
    low = rows[-1]["score"] if floor is None else floor
    span = top - low
    return [(row["score"] - low) / span if span > 0 else 1.0 for row in rows]


def fuse(by_vector: list[dict], by_keyword: list[dict], recipe: Recipe) -> list[Candidate]:
    """One ranking of the chunks either leg returned, best first (ties by chunk id)."""
    fused: dict[str, Candidate] = {}
    documents: list[tuple[float, dict[str, float], set[str]]] = []
    for rows, weight, leg, floor in (
        (by_vector, recipe.vector_weight, "vector", None),
        (by_keyword, recipe.keyword_weight, "fulltext", 0.0),
    ):
        best_of_document: dict[str, float] = {}
        for rank, (row, value) in enumerate(zip(rows, leg_values(rows, recipe, floor), strict=True), start=1):
            candidate = fused.setdefault(row["chunk_id"], Candidate(row))
            candidate.score += weight * value
            setattr(candidate.scores, leg, row["score"])
            setattr(candidate.scores, f"{leg}_rank", rank)
            best_of_document.setdefault(row["document_id"], value)
        documents.append((weight * recipe.document_weight, best_of_document, {row["chunk_id"] for row in rows}))
    for candidate in fused.values():
        for weight, best_of_document, found in documents:
            if weight and candidate.row["chunk_id"] not in found:
                candidate.score += weight * best_of_document.get(candidate.row["document_id"], 0.0)
    return sorted(fused.values(), key=lambda c: (-c.score, c.row["chunk_id"]))


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def merge_near_duplicates(candidates: list[Candidate]) -> list[ChunkHit]:
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
            score=candidate.score,
            scores=candidate.scores,
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
