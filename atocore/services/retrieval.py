"""Hybrid chunk retrieval: vector index + fulltext index, fused (``atocore.services.fusion``).

Each leg returns a ranked candidate list (``CANDIDATE_FACTOR`` x top_k, at
least ``MIN_CANDIDATES``); ``fusion.fuse`` merges them by the configured
recipe (reciprocal rank by default, weights and k from the settings) and
folds near-duplicates before the top_k cut.

The keyword leg asks the ``chunk_text`` fulltext index (English analyzer:
stemming, stop words; migration 0016) with the prompt's terms over two
fields: the chunk text and its title path (document title > headings),
the latter boosted (``Recipe.title_boost``). Each term is an optional
clause, scored by BM25, so a rare term (high inverse document frequency)
weighs more than a common one and stop words weigh nothing.

Both legs run in one read query (``retrieval.hybrid_candidates``, one round
trip); a leg that needs more candidates asks the same query again with the
other leg switched off. A leg of weight 0 is not asked at all.

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

The prompt's vector comes from ``Services.prompt_vectors`` (an LRU), so a
client asking /query and /context/build with one prompt embeds it once.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import Future, ThreadPoolExecutor

from atocore.errors import ValidationError
from atocore.services.fusion import ChunkHit, HitScores, Recipe, fuse, merge_near_duplicates
from atocore.services.projects import canonical_project
from atocore.services.runtime import Services

__all__ = ["ChunkHit", "HitScores", "Recipe", "chunk_query", "lucene_query", "search", "search_embedded"]

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


def lucene_terms(prompt: str) -> list[str]:
    """The prompt's distinct words as Lucene terms, every special character escaped, at most MAX_QUERY_TERMS."""
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
    return terms


def lucene_query(prompt: str) -> str | None:
    """The prompt as Lucene terms (any of them may match) over every field of the index."""
    return " ".join(lucene_terms(prompt)) or None


def chunk_query(prompt: str, recipe: Recipe) -> str | None:
    """The keyword leg's query: the terms over the chunk text and, boosted, its title path."""
    terms = lucene_terms(prompt)
    if not terms:
        return None
    group = "(" + " ".join(terms) + ")"
    return f"text:{group} title_path:{group}^{recipe.title_boost:g}"


def search(
    services: Services, prompt: str, *, top_k: int = 10, project: str | None = None, recipe: Recipe | None = None
) -> list[ChunkHit]:
    """The top_k chunks for a prompt, optionally within one project, best first (the configured recipe)."""
    if not prompt or not prompt.strip():
        raise ValidationError("The prompt is empty: give the question or keywords to search for.")
    if not 1 <= top_k <= MAX_TOP_K:
        raise ValidationError(f"top_k must be between 1 and {MAX_TOP_K}, got {top_k}.", top_k=top_k)
    vector = embed_in_background(services, prompt)  # the model works while Neo4j resolves the project
    scope = canonical_project(services.graph, project)
    return search_embedded(services, prompt, vector.result(), scope, top_k, recipe)


_EMBEDDING_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="atocore-embed")


def embed_in_background(services: Services, prompt: str) -> Future[list[float]]:
    """A future of the prompt's vector (cached per prompt), computed beside what the caller asks Neo4j meanwhile."""
    embedder = services.embedder
    return services.prompt_vectors.future(
        embedder.model_id, prompt, lambda: _EMBEDDING_POOL.submit(lambda: embedder.embed([prompt])[0])
    )


def search_embedded(
    services: Services, prompt: str, vector: list[float], scope: str, top_k: int, recipe: Recipe | None = None
) -> list[ChunkHit]:
    """search() for a prompt already embedded and a project already canonical ('' = all)."""
    recipe = recipe or Recipe.from_settings(services.settings)
    use_vector, use_keyword = recipe.legs
    wanted = max(top_k * CANDIDATE_FACTOR, MIN_CANDIDATES)
    query = chunk_query(prompt, recipe) if use_keyword else None
    k = _first_ask(services, scope, wanted)
    row = _ask(services, vector, query, scope, wanted, vector_k=k if use_vector else 0, fulltext_k=k)
    by_vector = _vector_leg(services, vector, scope, wanted, k, row) if use_vector else []
    by_keyword = _fulltext_leg(services, vector, query, scope, wanted, k, row) if query else []
    return merge_near_duplicates(fuse(by_vector, by_keyword, recipe))[:top_k]


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
