"""AtoCore as an MCP server: each tool is one AtoCoreClient call.

A thin frontend like the CLI's client commands: it talks to the HTTP API
through the shared client, never to Neo4j, and adds no logic of its own.
Every tool answers JSON text. When the API cannot be reached the tool call
fails with a readable message (``is_error``) instead of crashing the server,
so an agent can carry on without AtoCore. A refused token (401) or a missing
scope (403) fails the call with a message saying so, never as "unavailable":
it needs a person to fix the token (ATOCORE_TOKEN, or the token file).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from atocore import __version__
from atocore.client import AtoCoreClient
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


def answer(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The client call's result as JSON text (text as it is); AtoCore errors become tool errors."""
    try:
        result = operation(*args, **kwargs)
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
    return result if isinstance(result, str) else json.dumps(result, indent=2, default=str)


def build_server(client: AtoCoreClient) -> MCPServer:
    server = MCPServer("atocore", title="AtoCore", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING")
    tool = server.tool(structured_output=False)

    @tool
    def context_build(
        prompt: Annotated[str, Field(description="The question or task to build context for.")],
        project: Project = None,
        budget: Annotated[int | None, Field(description="Character budget (default: the server's).")] = None,
    ) -> str:
        """A trust-ordered context pack for a prompt.

        Trusted state, then memories, then document chunks, within a character budget.
        """
        return answer(client.context_build, prompt, project=project, budget=budget)

    @tool
    def search(
        prompt: Annotated[str, Field(description="What to look for.")],
        project: Project = None,
        top_k: Annotated[int, Field(ge=1, le=100, description="How many chunks.")] = 10,
    ) -> str:
        """Hybrid (vector + full-text) retrieval over ingested document chunks, best first."""
        return answer(client.query, prompt, top_k=top_k, project=project)

    @tool
    def capture(
        prompt: Annotated[str, Field(description="What the user asked.")],
        response: Annotated[str, Field(description="What the assistant answered.")],
        project: Project = None,
        session_id: Annotated[
            str | None, Field(description="The client's session id, to group a conversation.")
        ] = None,
    ) -> str:
        """Record one prompt/response exchange in AtoCore (kept for review; nothing is promoted automatically)."""
        return answer(
            client.capture, prompt, response, project=project, client="mcp", session_id=session_id, reinforce=False
        )

    @tool
    def project_state(project: Annotated[str, Field(description="Project id or alias.")]) -> str:
        """A project's trusted state: curated facts and decisions, the most trusted knowledge AtoCore has."""
        return answer(client.project_state, project)

    @tool
    def list_projects() -> str:
        """Registered projects with their ids, aliases, descriptions and ingest roots."""
        return answer(client.projects)

    @tool
    def review_queue(
        project: Project = None,
        limit: Annotated[int | None, Field(ge=1, description="At most this many (default: the server's).")] = None,
    ) -> str:
        """Candidate memories waiting for a person to promote or reject them, newest first."""
        return answer(client.queue, project=project, limit=limit)

    @tool
    def list_queries() -> str:
        """The engineering query catalog: each query's id, title, question, parameters, columns and pages (if paged)."""
        return answer(client.catalog)

    @tool
    def run_query(
        query_id: Annotated[str, Field(description="A catalog id such as Q-006 (list_queries names them).")],
        project: Annotated[str | None, Field(description="Project id or alias: the query's project parameter.")] = None,
        params: Annotated[
            dict[str, Any] | None, Field(description='Other parameters, e.g. {"subsystem": "subsystem.mirror-cell"}.')
        ] = None,
    ) -> str:
        """Run one engineering catalog query; answers {query, columns, rows, next, duration_ms}.

        Only reviewed, active knowledge counts.

        The whole-project listings (those list_queries gives pages) answer a page of
        100 by default: when next is not null, call again with its parameters
        added to params (e.g. {"after": "requirement.x"}) for the following page.
        """
        return answer(client.run_catalog_query, query_id, params, project=project)

    @tool
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
