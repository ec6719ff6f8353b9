"""The context builder: a budgeted, trust-ordered context pack for a prompt.

Sections, most trusted first, each with its share of the character budget:

=====================  =====  ==========================================
section                share  what
=====================  =====  ==========================================
trusted_state          0.20   the project's active trusted state entries
identity_preference    0.10   active identity and preference memories
engineering            0.15   active engineering entities whose words match
                              the prompt, with their effective relationships
project_memories       0.15   active project/knowledge/episodic/adaptation
                              memories that share words with the prompt
chunks                 0.40   hybrid-retrieved source chunks, each followed
                              by its section's neighbours when it fits
=====================  =====  ==========================================

A section's unused share flows to the next one, so a project with little
trusted state leaves more room for chunks. Candidates, invalid, superseded,
retired and graduated rows never appear: every read here asks for active rows
only. The same
inputs give the same pack (only ``duration_ms`` differs).

Context that follows the text: a hit in the middle of a section (its
section goes on before and after it) is shown with its NEXT_CHUNK
neighbours of that section, stitched into one passage, when the passage
fits the room left; otherwise the hit alone. The active entities
EVIDENCED_BY the hits' chunks join the engineering section after the ones
the prompt's words matched (trust order kept: entities stay above chunks,
candidates never appear). ``ATOCORE_CONTEXT_NEIGHBOURS=false`` turns both off.

Speed: everything above the chunks comes from one read query
(``context.knowledge``, which also canonicalizes the project), run while the
prompt is embedded on another thread; the chunks then take one more read
(both retrieval legs in one query), and their neighbours and evidenced
entities one more (``context.around_hits``, all hits at once). Three round
trips in the common case.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from atocore.errors import NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.services.engineering.ontology import ENTITY_TYPES, fact_fields
from atocore.services.fusion import ChunkHit
from atocore.services.inputs import Identifier, Prompt
from atocore.services.memories import Memory
from atocore.services.projects import canonical_project
from atocore.services.retrieval import embed_in_background, lucene_query, search_embedded
from atocore.services.runtime import Services
from atocore.services.state import StateEntry

SHARES: tuple[tuple[str, str, float], ...] = (
    ("trusted_state", "Trusted project state", 0.20),
    ("identity_preference", "Identity and preferences", 0.10),
    ("engineering", "Engineering entities", 0.15),
    ("project_memories", "Project memories", 0.15),
    ("chunks", "Retrieved sources", 0.40),
)
IDENTITY_TYPES = ["identity", "preference"]
PROJECT_MEMORY_TYPES = ["project", "knowledge", "episodic", "adaptation"]
MIN_TRUNCATED_CHUNK = 200
CHUNK_CANDIDATES = 12
IDENTITY_LIMIT = 50
PROJECT_MEMORY_POOL = 200
ENTITY_LIMIT = 12
ENTITY_FETCH = 100  # fulltext hits asked for before keeping the project's active entities
LINKS_PER_ENTITY = 6
_WORD = re.compile(r"[a-z0-9][a-z0-9_-]{2,}")


class ContextRequest(BaseModel):
    prompt: Prompt = Field(min_length=1, description="What the LLM client is about to answer.")
    project: Identifier | None = Field(
        None, description="Project id or alias; canonicalized. An unknown name is a 404 with the closest names."
    )
    budget: int | None = Field(None, ge=200, le=200_000, description="Characters; default ATOCORE_CONTEXT_BUDGET.")


class SectionReport(BaseModel):
    name: str
    title: str
    budget: int
    chars: int
    items: int


class ChunkRef(BaseModel):
    chunk_id: str
    source_file: str
    heading_path: str
    score: float
    neighbour_chunk_ids: list[str] = Field(
        default_factory=list, description="Chunks of the same section shown around this hit (NEXT_CHUNK)."
    )


class ContextPack(BaseModel):
    prompt: str
    project: str | None
    formatted_context: str
    sections: list[SectionReport]
    chunks_used: int
    memories_used: int
    state_used: int
    entities_used: int
    total_chars: int
    budget: int
    budget_remaining: int
    duration_ms: float
    chunks: list[ChunkRef]
    memory_ids: list[str]
    state_ids: list[str]
    entity_ids: list[str]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _relevant(memories: Sequence[Memory], prompt: str) -> list[Memory]:
    """Memories sharing words with the prompt, most overlapping first."""
    asked = _words(prompt)
    scored = []
    for memory in memories:
        words = _words(memory.content)
        overlap = len(words & asked) / len(words) if words else 0.0
        if overlap > 0:
            scored.append((-overlap, -memory.confidence, memory.id, memory))
    return [item[-1] for item in sorted(scored, key=lambda s: s[:3])]


def _state_line(entry: StateEntry) -> str:
    return f"- [{entry.category}] {entry.key}: {entry.value}"


def _memory_line(memory: Memory) -> str:
    return f"- ({memory.memory_type}) {memory.content}"


def _fact_value(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _entity_line(entity: dict) -> str:
    """``- [Type] name (key): fact=value; ...`` then its effective relationships, one per line."""
    kind = ENTITY_TYPES.get(entity["type"])
    fields = fact_fields(kind) if kind else []
    given = {name: entity[name] for name in fields if entity.get(name) not in (None, "")}
    if "value" in given and "unit" in given:  # value=450 nm, not value=450; unit=nm
        given["value"] = f"{_fact_value(given['value'])} {given.pop('unit')}"
    facts = [f"{name}={_fact_value(value)}" for name, value in given.items()]
    line = f"- [{entity['type']}] {entity['name']} ({entity['key']})"
    if facts:
        line += ": " + "; ".join(facts)
    for link in sorted(
        entity.get("links") or [], key=lambda link: (link["type"], not link["outgoing"], link["key"] or "", link["id"])
    ):
        arrow = f"{link['type']} ->" if link["outgoing"] else f"<- {link['type']}"
        line += f"\n    {arrow} [{link['type_of_other']}] {link['name']} ({link['key']})"
    return line


def _chunk_block(hit: ChunkHit, room: int, text: str | None = None, whole: bool = False) -> str | None:
    """The hit (or ``text``, a passage around it) under its source header; cut to the room unless ``whole``."""
    where = f"{hit.source_file} › {hit.heading_path}" if hit.heading_path else hit.source_file
    header = f"[{where}]\n"
    body = (text or hit.text).strip()
    block = header + body
    if len(block) + 1 <= room:
        return block
    if not whole and room - len(header) >= MIN_TRUNCATED_CHUNK:
        return header + body[: room - len(header) - 2] + "…"
    return None


def _stitched(hit: ChunkHit, before: dict | None, after: dict | None) -> str:
    """The hit's text with its neighbours' around it (their shared overlap once; a gap as a blank line)."""
    text = hit.text
    if before:
        cut = hit.char_start - before["char_start"]
        text = (before["text"][:cut] if before["char_end"] > hit.char_start else before["text"] + "\n\n") + text
    if after:
        cut = hit.char_end - after["char_start"]
        text += after["text"][cut:] if after["char_start"] < hit.char_end else "\n\n" + after["text"]
    return text


def _span(hit: ChunkHit) -> list[str]:
    """The chunks a hit shows: its own and the near-duplicates folded into it."""
    return [hit.chunk_id, *hit.merged_chunk_ids]


def _around(services: Services, hits: list[ChunkHit], project: str | None) -> dict:
    """Neighbours and evidenced entities of every chunk the hits show, in one read (none when turned off)."""
    if not hits or not services.settings.context_neighbours:
        return {"neighbours": [], "entities": []}
    return services.graph.run(
        "context.around_hits",
        chunk_ids=[cid for hit in hits for cid in _span(hit)],
        project=project or "",
        entity_limit=ENTITY_LIMIT,
        link_limit=LINKS_PER_ENTITY,
    )[0]


def _section_edges(hit: ChunkHit, around: dict[str, dict]) -> tuple[dict | None, dict | None]:
    """The chunks of the hit's section just before and just after the span it shows (None at an edge)."""
    span = set(_span(hit))
    outside = [
        row[side]
        for cid in span
        for side in ("before", "after")
        if (row := around.get(cid))
        and row[side]
        and row[side]["chunk_id"] not in span
        and row[side]["document_id"] == hit.document_id
    ]
    before = max((n for n in outside if n["char_start"] < hit.char_start), key=lambda n: n["char_start"], default=None)
    after = min((n for n in outside if n["char_end"] > hit.char_end), key=lambda n: n["char_end"], default=None)
    return before, after


def _fill_chunks(section: _Section, hits: list[ChunkHit], neighbours: list[dict]) -> list[ChunkRef]:
    """Hits best first; a mid-section hit with the neighbours no other hit shows, when that passage fits whole.

    Stops at the first hit that does not fit even cut (as before neighbours existed).
    """
    around = {row["of"]: row for row in neighbours}
    shown = {cid for hit in hits for cid in _span(hit)}
    used: list[ChunkRef] = []
    for hit in hits:
        before, after = _section_edges(hit, around)
        added = [n for n in (before, after) if n and before and after and n["chunk_id"] not in shown]
        block = None
        if added:
            text = _stitched(hit, *(n if n in added else None for n in (before, after)))
            block = _chunk_block(hit, section.room(), text, whole=True)
        if block is None:
            added = []
            block = _chunk_block(hit, section.room())
        if block is None:
            break
        section.add(block)
        shown |= {n["chunk_id"] for n in added}
        used.append(
            ChunkRef(
                chunk_id=hit.chunk_id,
                source_file=hit.source_file,
                heading_path=hit.heading_path,
                score=hit.score,
                neighbour_chunk_ids=[n["chunk_id"] for n in added],
            )
        )
    return used


class _Section:
    """Lines added while they fit the section's budget."""

    def __init__(self, name: str, title: str, budget: int) -> None:
        self.name, self.title, self.budget = name, title, budget
        self.lines: list[str] = []
        self.heading = f"=== {title} ==="

    @property
    def chars(self) -> int:
        return len(self.render()) if self.lines else 0

    def render(self) -> str:
        return "\n".join([self.heading, *self.lines]) + "\n" if self.lines else ""

    def room(self) -> int:
        used = self.chars if self.lines else len(self.heading) + 2
        return self.budget - used

    def add(self, line: str) -> bool:
        if len(line) + 1 > self.room():
            return False
        self.lines.append(line)
        return True


def _fill(section: _Section, items: Sequence, line: Callable) -> list:
    used = []
    for item in items:
        if section.add(line(item)):
            used.append(item)
    return used


def read_knowledge(
    graph: Graph,
    project: str | None,
    prompt: str,
    *,
    identity_limit: int = IDENTITY_LIMIT,
    project_limit: int = PROJECT_MEMORY_POOL,
) -> dict:
    """Everything above the chunks, in one read: the canonical project ('' for none), its active trusted
    state, active identity/preference memories, the pool of active project memories (the project's and the
    global ones; with no project only the global ones, most confident first, then most recent) and the active
    entities matching the prompt, with their effective links."""
    hint = (project or "").strip()
    return graph.run(
        "context.knowledge",
        hint=hint,
        hint_lower=hint.lower(),
        identity_types=IDENTITY_TYPES,
        identity_limit=identity_limit,
        project_types=PROJECT_MEMORY_TYPES,
        project_limit=project_limit,
        entity_query=lucene_query(prompt),
        entity_fetch=ENTITY_FETCH,
        entity_limit=ENTITY_LIMIT,
        link_limit=LINKS_PER_ENTITY,
    )[0]


def build_context(services: Services, request: ContextRequest) -> ContextPack:
    started = time.perf_counter()
    prompt = request.prompt.strip()
    if not prompt:
        raise ValidationError("prompt must not be blank.")
    budget = request.budget or services.settings.context_budget
    vector = embed_in_background(services, prompt)  # the model works while Neo4j answers the first read
    known = read_knowledge(services.graph, request.project, prompt)
    if known["project"] and not known["registered"]:
        canonical_project(services.graph, known["project"])  # a typo is a 404; a name holding knowledge passes
    project = known["project"] or None

    hits = search_embedded(services, prompt, vector.result(), project or "", CHUNK_CANDIDATES)
    around = _around(services, hits, project)
    matched = {entity["id"] for entity in known["entities"]}
    entities = known["entities"] + [e for e in around["entities"] if e["id"] not in matched]

    sections: list[_Section] = []
    carry = 0
    used_state: list[StateEntry] = []
    used_memories: list[Memory] = []
    used_entities: list[dict] = []
    used_chunks: list[ChunkRef] = []
    for name, title, share in SHARES:
        section = _Section(name, title, int(budget * share) + carry)
        if name == "trusted_state" and project:
            state = [StateEntry.model_validate(row) for row in known["state"]]
            used_state = _fill(section, state, _state_line)
        elif name == "identity_preference":
            identity = [Memory.model_validate(row) for row in known["identity"]]
            used_memories += _fill(section, identity, _memory_line)
        elif name == "engineering":
            used_entities = _fill(section, entities, _entity_line)
        elif name == "project_memories":
            pool = [Memory.model_validate(row) for row in known["memories"]]
            used_memories += _fill(section, _relevant(pool, prompt), _memory_line)
        elif name == "chunks":
            section.budget = budget - sum(s.chars for s in sections)
            used_chunks = _fill_chunks(section, hits, around["neighbours"])
        carry = max(section.budget - section.chars, 0)
        sections.append(section)

    formatted = "".join(s.render() for s in sections).strip()
    total = len(formatted)
    pack = ContextPack(
        prompt=prompt,
        project=project,
        formatted_context=formatted,
        sections=[
            SectionReport(name=s.name, title=s.title, budget=s.budget, chars=s.chars, items=len(s.lines))
            for s in sections
        ],
        chunks_used=len(used_chunks),
        memories_used=len(used_memories),
        state_used=len(used_state),
        entities_used=len(used_entities),
        total_chars=total,
        budget=budget,
        budget_remaining=budget - total,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
        chunks=used_chunks,
        memory_ids=[m.id for m in used_memories],
        state_ids=[e.id for e in used_state],
        entity_ids=[e["id"] for e in used_entities],
    )
    remember(services, pack)
    return pack


def remember(services: Services, pack: ContextPack) -> None:
    services.last_context = pack


def last_context(services: Services) -> ContextPack:
    if services.last_context is None:
        raise NotFoundError("No context pack has been built since the API started: POST /context/build first.")
    return services.last_context
