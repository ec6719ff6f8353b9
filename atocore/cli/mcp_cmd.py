"""`atocore mcp`: serve AtoCore's tools to MCP clients (Claude Code, Claude Desktop, ...)."""

from __future__ import annotations

import click

from atocore.client import AtoCoreClient
from atocore.config import get_settings, is_loopback
from atocore.errors import ConfigurationError


@click.command("mcp")
@click.option(
    "--transport",
    type=click.Choice(["stdio", "http"]),
    default="stdio",
    show_default=True,
    help="stdio for a client that starts the server; http for streamable HTTP.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (http only).")
@click.option(
    "--port", default=8101, show_default=True, type=int, help="Port to listen on (http only); the endpoint is /mcp."
)
@click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
def mcp_cmd(transport: str, host: str, port: int, url: str | None) -> None:
    """Run an MCP server whose tools call the AtoCore API.

    Tools: context_build, search, capture, project_state, list_projects,
    review_queue. It starts even when the API is down; tool calls then fail
    with a message saying so. It sends ATOCORE_TOKEN (else the token file's);
    over HTTP it listens on loopback only.

    \b
    Example:
      claude mcp add atocore -- atocore mcp
      atocore mcp --transport http --port 8101   # then http://127.0.0.1:8101/mcp
    """
    from atocore.mcp_server import build_server  # the MCP SDK loads only for this command

    if transport == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"Refusing to serve MCP over HTTP on {host}: the MCP server has no authentication of its own and "
            "calls AtoCore with this machine's token, so anyone reaching the port would act with it. Keep it on "
            "127.0.0.1, or use stdio."
        )
    settings = get_settings()
    client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
    server = build_server(client)
    try:
        if transport == "http":
            server.run("streamable-http", host=host, port=port)
        else:
            server.run("stdio")
    finally:
        client.close()
