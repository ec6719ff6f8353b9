"""Interactions: captured prompt/response pairs, the input of the reflection loop.

A client (a Stop hook, the CLI, an MCP server) posts what was asked and what
was answered. The interaction is stored as it came, with its project
canonicalized, and linked to the memories and chunks the answer used. Very
long responses keep their first ``interaction_max_response_chars``
characters plus a visible marker. Capture then reinforces matching active
memories unless the client asks it not to (``reinforce=false``, the
conservative mode of the capture hook); reinforcement can also be run later
on a stored interaction (``reinforce_interaction``).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from pydantic import BaseModel

from atocore.config import Settings
from atocore.errors import NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.services import inputs
from atocore.services.common import Timestamp, checked, optional_text, required_text
from atocore.services.paging import DEFAULT_LIMIT, Page, cursor_params, page
from atocore.services.projects import canonical_project, writable_project
from atocore.services.reinforcement import Reinforcement, reinforce

MAX_USED_IDS = 1000  # per list (memories_used, chunks_used) in one capture

SINCE_FORMS = [
    "2026-04-07T14:30:00Z",
    "2026-04-07T14:30:00.250Z",
    "2026-04-07T16:30:00+02:00",
    "2026-04-07T14:30:00 (no offset: UTC)",
    "2026-04-07 14:30:00 (UTC)",
    "2026-04-07 (midnight UTC)",
]
_SINCE = re.compile(
    r"^\d{4}-\d{2}-\d{2}"  # date
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?"  # time, seconds and a fraction optional
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?$",  # Z or an offset; none means UTC
    re.IGNORECASE,
)


class Interaction(BaseModel):
    id: str
    prompt: str
    response: str
    response_truncated: bool
    response_chars: int  # length of the response as sent, before any cut
    project: str | None = None
    client: str | None = None
    session_id: str | None = None
    created_at: Timestamp
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    last_extracted_at: Timestamp | None = None
    memories_used: list[str] = []
    chunks_used: list[str] = []


class CaptureResult(BaseModel):
    interaction: Interaction
    unknown_memories: list[str]  # ids in memories_used that name no memory (not linked)
    unknown_chunks: list[str]  # ids in chunks_used that name no chunk (not linked)
    reinforcement: Reinforcement | None  # None when captured with reinforce=false


def truncation_marker(kept: int, total: int) -> str:
    return f"\n\n[... truncated by AtoCore: kept the first {kept:,} of {total:,} characters]"


def truncate_response(response: str, limit: int) -> tuple[str, bool]:
    """(the response to store, whether it was cut): the first ``limit`` characters plus a marker."""
    if len(response) <= limit:
        return response, False
    return response[:limit] + truncation_marker(limit, len(response)), True


def parse_since(value: str | None) -> datetime | None:
    """An ISO 8601 instant as an aware UTC datetime; a time without an offset is UTC."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    if _SINCE.match(text):
        try:
            parsed = datetime.fromisoformat(text.upper().replace(",", "."))
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError(
            f"since {value!r} is not a timestamp AtoCore reads; use ISO 8601, e.g. " + ", ".join(SINCE_FORMS),
            field="since",
            value=value,
            accepted=SINCE_FORMS,
        )
    parsed = checked(inputs.instant, parsed, "since")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _ids(values: list[str] | None, field: str) -> list[str]:
    cleaned: list[str] = []
    for value in values or []:
        value = (value or "").strip()
        if value and value not in cleaned:
            cleaned.append(value)
    if len(cleaned) > MAX_USED_IDS:
        raise ValidationError(f"{field} lists {len(cleaned)} ids; at most {MAX_USED_IDS} are accepted", field=field)
    return cleaned


def _interaction(rows: list[dict], interaction_id: str) -> Interaction:
    if not rows:
        raise NotFoundError(f"no interaction with id {interaction_id!r}", id=interaction_id)
    return Interaction.model_validate(rows[0]["interaction"])


def capture(
    graph: Graph,
    settings: Settings,
    *,
    prompt: str,
    response: str = "",
    project: str | None = None,
    client: str | None = None,
    session_id: str | None = None,
    reinforce_memories: bool = True,
    memories_used: list[str] | None = None,
    chunks_used: list[str] | None = None,
) -> CaptureResult:
    """Store one interaction (and reinforce matching memories unless told not to)."""
    prompt = required_text(prompt, "prompt")
    response = checked(inputs.encodable, response or "", "response")
    memory_ids, chunk_ids = _ids(memories_used, "memories_used"), _ids(chunks_used, "chunks_used")
    stored, truncated = truncate_response(response, settings.interaction_max_response_chars)
    rows = graph.run(
        "interactions.create",
        id=str(uuid.uuid4()),
        prompt=prompt,
        response=stored,
        response_truncated=truncated,
        response_chars=len(response),
        project=writable_project(graph, project) or None,
        client=optional_text(client),
        session_id=optional_text(session_id),
        memory_ids=memory_ids,
        chunk_ids=chunk_ids,
    )
    interaction = Interaction.model_validate(rows[0]["interaction"])
    reinforcement = None
    if reinforce_memories:
        reinforcement = reinforce(
            graph, interaction_id=interaction.id, project=interaction.project, response=interaction.response
        )
    return CaptureResult(
        interaction=interaction,
        unknown_memories=[i for i in memory_ids if i not in interaction.memories_used],
        unknown_chunks=[i for i in chunk_ids if i not in interaction.chunks_used],
        reinforcement=reinforcement,
    )


def get_interaction(graph: Graph, interaction_id: str) -> Interaction:
    return _interaction(graph.run("interactions.get", id=interaction_id), interaction_id)


def list_interactions(
    graph: Graph,
    *,
    project: str | None = None,
    session_id: str | None = None,
    client: str | None = None,
    since: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[Interaction]:
    """A page of interactions matching the filters, newest first; ``since`` is inclusive."""
    rows = graph.run(
        "interactions.list",
        project=canonical_project(graph, project) or None,
        session_id=optional_text(session_id),
        client=optional_text(client),
        since=parse_since(since),
        **cursor_params(after, limit),
    )
    found = [Interaction.model_validate(row["interaction"]) for row in rows]
    return page(found, limit, lambda i: (i.created_at, i.id))


def reinforce_interaction(graph: Graph, interaction_id: str) -> Reinforcement:
    """Run reinforcement for a stored interaction; a pair already counted is not counted again."""
    interaction = get_interaction(graph, interaction_id)
    return reinforce(graph, interaction_id=interaction.id, project=interaction.project, response=interaction.response)
