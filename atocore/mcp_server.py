"""AtoCore as an MCP server: each tool is one AtoCoreClient call.

A thin frontend like the CLI's client commands: it talks to the HTTP API
through the shared client, never to Neo4j, and adds no logic of its own.
Every tool answers JSON with real Unicode (never ``\\u`` escapes); the tools
that answer one object also give it as structured content (the SDK's
``structuredContent``). Each tool says whether it only reads
(``readOnlyHint``) and, for writes, whether it can undo knowledge
(``destructiveHint``: reject, resolve). When the API cannot be reached the
tool call fails with a readable message (``is_error``) instead of crashing
the server, so an agent can carry on without AtoCore; an unknown name is a
tool error naming the closest existing ones.
A refused token (401) or a missing scope (403) fails the call with a message
saying so, never as "unavailable": it needs a person to fix the token
(ATOCORE_TOKEN, or the token file).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from atocore import __version__
from atocore.client import AtoCoreClient
from atocore.config import REPO_ROOT
from atocore.errors import (
    ApiUnavailableError,
    AtoCoreError,
    AuthenticationError,
    GraphUnavailableError,
    PermissionDeniedError,
)

INSTRUCTIONS = (
    "AtoCore holds project knowledge (trusted project state, reviewed memories, ingested documents). "
    "Call context_build before answering a question about a project and use its formatted_context; "
    "list_projects names the projects and their aliases. Record a finished exchange worth keeping with capture. "
    "For engineering questions (what a subsystem contains, orphan requirements, decisions on doubtful assumptions, "
    "unsupported claims, ...) list_queries names the catalog and run_query answers one with exact rows. "
    "mirror_page gives a project's state as a readable markdown page (overview, decision log, a subsystem)."
)

Project = Annotated[str | None, Field(description="Project id or alias; omit to search every project.")]


Kind = Annotated[
    Literal["memory", "entity", "relationship", "import"], Field(description="What the item is, as review_queue says.")
]
READ = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
ADD = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False)
DECIDE = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False)


def call(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The client call's result; AtoCore errors become tool errors."""
    try:
        return operation(*args, **kwargs)
    except (ApiUnavailableError, GraphUnavailableError) as exc:
        raise ToolError(
            f"AtoCore is unavailable, continue without it. {exc.message} (`atocore health` diagnoses this.)"
        ) from exc
    except (AuthenticationError, PermissionDeniedError) as exc:
        raise ToolError(
            f"AtoCore refused this call ({exc.http_status}): {exc.message}. Tell the user: the MCP server's token "
            "(ATOCORE_TOKEN, or the api-token file) needs fixing; retrying will not help."
        ) from exc
    except AtoCoreError as exc:
        raise ToolError(f"AtoCore answered {exc.http_status} ({exc.code}): {exc.message}") from exc


def answer(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The client call's result as text: JSON with real Unicode (for tools whose answer is a list), text as it is."""
    result = call(operation, *args, **kwargs)
    return result if isinstance(result, str) else json.dumps(result, indent=2, default=str, ensure_ascii=False)


def build_server(client: AtoCoreClient) -> MCPServer:
    server = MCPServer("atocore", title="AtoCore", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING")

    def tool(annotations: ToolAnnotations, *, structured: bool = True) -> Callable[[Any], Any]:
        return server.tool(annotations=annotations, structured_output=structured)

    @tool(READ)
    def context_build(
        prompt: Annotated[str, Field(description="The question or task to build context for.")],
        project: Project = None,
        budget: Annotated[int | None, Field(description="Character budget (default: the server's).")] = None,
    ) -> dict[str, Any]:
        """A trust-ordered context pack for a prompt.

        Trusted state, then memories, then document chunks, within a character budget.
        """
        return call(client.context_build, prompt, project=project, budget=budget)

    @tool(READ)
    def search(
        prompt: Annotated[str, Field(description="What to look for.")],
        project: Project = None,
        top_k: Annotated[int, Field(ge=1, le=100, description="How many chunks.")] = 10,
    ) -> dict[str, Any]:
        """Hybrid (vector + full-text) retrieval over ingested document chunks, best first."""
        return call(client.query, prompt, top_k=top_k, project=project)

    @tool(ADD)
    def capture(
        prompt: Annotated[str, Field(description="What the user asked.")],
        response: Annotated[str, Field(description="What the assistant answered.")],
        project: Project = None,
        session_id: Annotated[
            str | None, Field(description="The client's session id, to group a conversation.")
        ] = None,
    ) -> dict[str, Any]:
        """Record one prompt/response exchange in AtoCore (kept for review; nothing is promoted automatically)."""
        return call(
            client.capture, prompt, response, project=project, client="mcp", session_id=session_id, reinforce=False
        )

    @tool(READ)
    def project_state(project: Annotated[str, Field(description="Project id or alias.")]) -> dict[str, Any]:
        """A project's trusted state: curated facts and decisions, the most trusted knowledge AtoCore has."""
        return call(client.project_state, project)

    @tool(READ, structured=False)
    def list_projects() -> str:
        """Registered projects with their ids, aliases, descriptions and ingest roots."""
        return answer(client.projects)

    @tool(READ)
    def review_queue(
        project: Project = None,
        kinds: Annotated[
            list[str] | None, Field(description="Only these: memory, entity, relationship, import.")
        ] = None,
        limit: Annotated[int | None, Field(ge=1, description="At most this many (default: the server's).")] = None,
    ) -> dict[str, Any]:
        """Everything waiting for review, oldest first: candidate memories, entities, relationships, imports.

        Each item has kind, id, project, type and title; decide on one with review_decide.
        """
        return call(client.review_queue, project=project, kinds=kinds, limit=limit)

    @tool(READ, structured=False)
    def list_queries() -> str:
        """The engineering query catalog: each query's id, title, question, parameters, columns and pages (if paged)."""
        return answer(client.catalog)

    @tool(READ)
    def run_query(
        query_id: Annotated[str, Field(description="A catalog id such as Q-006 (list_queries names them).")],
        project: Annotated[str | None, Field(description="Project id or alias: the query's project parameter.")] = None,
        params: Annotated[
            dict[str, Any] | None, Field(description='Other parameters, e.g. {"subsystem": "subsystem.mirror-cell"}.')
        ] = None,
    ) -> dict[str, Any]:
        """Run one engineering catalog query; answers {query, columns, rows, next, duration_ms}.

        Only reviewed, active knowledge counts.

        The whole-project listings (those list_queries gives pages) answer a page of
        100 by default: when next is not null, call again with its parameters
        added to params (e.g. {"after": "requirement.x"}) for the following page.
        """
        return call(client.run_catalog_query, query_id, params, project=project)

    @tool(ADD)
    def remember(
        content: Annotated[
            str, Field(description="The fact, preference or decision to keep, in one or two sentences.")
        ],
        project: Project = None,
        memory_type: Annotated[
            Literal["identity", "preference", "project", "episodic", "knowledge", "adaptation"],
            Field(description="What kind of memory it is."),
        ] = "knowledge",
    ) -> dict[str, Any]:
        """Propose a memory: it is stored as a candidate and reaches context only after a person promotes it."""
        return call(
            client.create_memory,
            memory_type=memory_type,
            content=content,
            project=project,
            source="mcp",
            status="candidate",
        )

    @tool(READ)
    def search_entities(
        text: Annotated[str, Field(description="Words of the entity's name, key or text.")],
        project: Project = None,
        type: Annotated[str | None, Field(description="Only this entity type (Component, Requirement, ...).")] = None,
        status: Annotated[str | None, Field(description="active (default), candidate, ... or all.")] = None,
        limit: Annotated[int, Field(ge=1, le=500, description="At most this many.")] = 20,
    ) -> dict[str, Any]:
        """Engineering entities whose name, key or text match the words, best match first."""
        return call(client.entities, text=text, project=project, type=type, status=status, limit=limit)

    @tool(READ)
    def search_relationships(
        project: Annotated[str, Field(description="Project id or alias (entity keys are looked up there).")],
        entity: Annotated[str | None, Field(description="Only relationships from this entity key.")] = None,
        to_entity: Annotated[str | None, Field(description="Only relationships to this entity key.")] = None,
        type: Annotated[str | None, Field(description="Only this relationship type (SATISFIES, ...).")] = None,
        status: Annotated[str | None, Field(description="Default: effective ones; candidate, ... or all.")] = None,
        limit: Annotated[int, Field(ge=1, le=500, description="At most this many.")] = 50,
    ) -> dict[str, Any]:
        """Relationships of a project, optionally from or to an entity named by key."""
        return call(
            client.relationships,
            project=project,
            from_id=entity,
            to_id=to_entity,
            type=type,
            status=status,
            limit=limit,
        )

    @tool(READ)
    def recent_interactions(
        project: Project = None,
        limit: Annotated[int, Field(ge=1, le=500, description="At most this many.")] = 20,
    ) -> dict[str, Any]:
        """The latest recorded prompt/response exchanges, newest first."""
        return call(client.list_interactions, project=project, limit=limit)

    @tool(READ)
    def project_status(project: Annotated[str, Field(description="Project id or alias.")]) -> dict[str, Any]:
        """A project at a glance: document and chunk counts, open conflicts and the review backlog."""
        stats = call(client.stats)
        # every page: a count from the first page alone stops at its limit
        conflicts = call(client.conflicts, project=project, status="open", limit=500, all_pages=True)
        backlog = call(client.review_queue, project=project, limit=500, all_pages=True)
        canonical = call(client.project, project)["id"]
        counts: dict[str, Any] = next((p for p in stats["projects"] if p["project"] == canonical), {})
        waiting: dict[str, int] = {}
        for item in backlog["items"]:
            waiting[item["kind"]] = waiting.get(item["kind"], 0) + 1
        return {
            "project": canonical,
            "counts": counts,
            "open_conflicts": conflicts["count"],
            "review_backlog": {"total": backlog["count"], "by_kind": waiting},
        }

    @tool(DECIDE)
    def review_decide(
        kind: Kind,
        item_id: Annotated[str, Field(description="The item's id, as review_queue gives it.")],
        decision: Annotated[Literal["promote", "reject"], Field(description="promote or reject.")],
        reason: Annotated[str | None, Field(description="Why (kept in the review record).")] = None,
    ) -> dict[str, Any]:
        """Promote or reject one item of the review queue (an import: all its candidates in no conflict)."""
        return call(client.decide, kind, item_id, decision, reason)

    @tool(DECIDE)
    def resolve_conflict(
        conflict_id: Annotated[str, Field(description="The conflict's id.")],
        action: Annotated[Literal["supersede_others", "dismiss", "no_action"], Field(description="How to settle it.")],
        winner_id: Annotated[str | None, Field(description="The member that wins (supersede_others).")] = None,
        note: Annotated[str | None, Field(description="Why.")] = None,
    ) -> dict[str, Any]:
        """Resolve an open conflict between entities."""
        return call(client.resolve_conflict, conflict_id, {"action": action, "winner_id": winner_id, "note": note})

    @tool(READ, structured=False)
    def mirror_page(
        project: Annotated[str, Field(description="Project id or alias.")],
        page: Annotated[
            str,
            Field(description="overview (the default), decisions, index, or a subsystem's key."),
        ] = "overview",
    ) -> str:
        """A Human Mirror page as markdown: a project's reviewed knowledge laid out for reading (derived)."""
        return answer(client.mirror_page, project, page)

    return server


# -- the generated reference -------------------------------------------------------------
TOOLS_DOC = "docs/mcp-tools.md"


def _kind(hints: ToolAnnotations | None) -> str:
    if hints is None or hints.read_only_hint:
        return "reads"
    return "writes, can undo knowledge" if hints.destructive_hint else "writes (adds)"


def _parameter(name: str, schema: dict[str, Any], required: bool) -> str:
    described = schema.get("description", "")
    return f"  - `{name}`{'' if required else ' (optional)'}: {described}".rstrip(": ")


def render_tools() -> str:
    """docs/mcp-tools.md: every tool the server lists (name, reads/writes, description, parameters)."""
    import asyncio

    tools = asyncio.run(build_server(AtoCoreClient("http://127.0.0.1:9")).list_tools())
    lines = [
        "# MCP tools",
        "",
        "<!-- Generated by `python -m atocore.docs` from the server's own tool list; do not edit. -->",
        "",
        f"`atocore mcp` serves {len(tools)} tools over stdio (`claude mcp add atocore -- atocore mcp`). Each",
        "calls the AtoCore API through the shared client; an unreachable API or an unknown name is a tool",
        "error. Answers are JSON with real Unicode; tools that answer one object also return it as",
        "structured content. Annotations: `readOnlyHint` on reads, `destructiveHint` on decisions.",
        "",
        "| tool | kind | what it does |",
        "|---|---|---|",
    ]
    lines += [f"| `{t.name}` | {_kind(t.annotations)} | {(t.description or '').splitlines()[0]} |" for t in tools]
    for tool in tools:
        required = set(tool.input_schema.get("required", []))
        properties = tool.input_schema.get("properties", {})
        lines += ["", f"## {tool.name}", "", (tool.description or "").strip(), ""]
        lines += [_parameter(n, s, n in required) for n, s in properties.items()] or ["  (no parameters)"]
    return "\n".join(lines) + "\n"


def expected_files() -> dict[Path, str]:
    return {REPO_ROOT / TOOLS_DOC: render_tools()}
