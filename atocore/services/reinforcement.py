"""Reinforcement: an answer that restates an active memory makes it more trusted.

For one interaction, every active memory in its scope (the interaction's
project plus the global memories) is compared with the response by token
overlap (``atocore.services.tokens``). A memory matches when at least
``MATCH_THRESHOLD`` of its distinct tokens appear among the response's
tokens; a memory whose content is shorter than ``MIN_CONTENT_CHARS``
characters never matches (it would match almost anything). Each match gains
``CONFIDENCE_DELTA`` confidence (capped at 1.0), one reference and a
``last_referenced_at``, with the audit link
``(:Interaction)-[:REINFORCED {at, delta}]->(:Memory)``. A pair that is
already linked is not counted again, so reinforcing an interaction twice
changes nothing. Candidates, superseded and invalid memories are never
considered: reinforcement does not revive what a review set aside.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel

from atocore.graph import Graph
from atocore.services.tokens import overlap, tokens

MATCH_THRESHOLD = Fraction(70, 100)  # share of the memory's distinct tokens the response must hold
MIN_CONTENT_CHARS = 12
CONFIDENCE_DELTA = 0.02


class Reinforced(BaseModel):
    memory_id: str
    content: str
    confidence_before: float
    confidence_after: float
    delta: float  # the gain actually applied (smaller near the 1.0 cap)


class Reinforcement(BaseModel):
    interaction_id: str
    considered: int  # active memories in scope
    matched: int
    reinforced: list[Reinforced]  # counted by this call
    already_reinforced: list[str]  # matched, but this interaction had counted them before


def matches(memory_content: str, response_tokens: set[str]) -> bool:
    """Whether a memory's content is restated by a response (given as its tokens)."""
    if len(memory_content.strip()) < MIN_CONTENT_CHARS:
        return False
    hits, total = overlap(memory_content, response_tokens)
    return total > 0 and Fraction(hits, total) >= MATCH_THRESHOLD


def matching_ids(memories: list[dict], response: str) -> list[str]:
    """Ids of the memories (``{id, content}``) the response restates."""
    response_tokens = tokens(response)
    return [m["id"] for m in memories if matches(m["content"] or "", response_tokens)]


def reinforce(graph: Graph, *, interaction_id: str, project: str | None, response: str) -> Reinforcement:
    """Reinforce the active memories in scope that ``response`` restates."""
    memories = graph.run("reflection.active_in_scope", project=project)
    matched = matching_ids(memories, response)
    rows = (
        graph.run("reflection.reinforce", interaction_id=interaction_id, memory_ids=matched, delta=CONFIDENCE_DELTA)
        if matched
        else []
    )
    return Reinforcement(
        interaction_id=interaction_id,
        considered=len(memories),
        matched=len(matched),
        reinforced=[
            Reinforced(
                memory_id=row["id"],
                content=row["content"],
                confidence_before=row["confidence_before"],
                confidence_after=row["confidence_after"],
                delta=row["delta"],
            )
            for row in rows
            if row["applied"]
        ],
        already_reinforced=[row["id"] for row in rows if not row["applied"]],
    )
