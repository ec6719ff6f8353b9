"""`atocore serve | up | down | health`: running the API and asking it how it is."""

from __future__ import annotations

import click

from atocore.config import get_settings


@click.command()
@click.option("--host", default=None, help="Interface to bind (default ATOCORE_API_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default ATOCORE_API_PORT, 8100).")
def serve(host: str | None, port: int | None) -> None:
    """Run the HTTP API in the foreground (OpenAPI docs at /docs).

    \b
    Example:
      atocore serve --port 8200
    """
    import uvicorn

    from atocore.api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.api_host, port=port or settings.api_port, log_level="info")


@click.command()
def up() -> None:
    """Install and start Neo4j, apply the schema, start the API in the background. Idempotent.

    \b
    Example:
      atocore up && curl 127.0.0.1:8100/health
    """
    from atocore.cli.neo4j_cmds import local_server
    from atocore.runtime.api_process import ApiProcess

    settings = get_settings()
    server = local_server()
    if server.status().state != "running":
        server.install()
        server.start()
    api = ApiProcess(settings)
    pid = api.start()
    click.echo(f"AtoCore API   {api.url}  (pid {pid}, docs {api.url}/docs, log {api.log_file})")
    click.echo(f"Neo4j Browser {server.browser_url}  (user neo4j, password in {settings.neo4j_password_file})")


@click.command()
def down() -> None:
    """Stop the background API and the local Neo4j server."""
    from atocore.cli.neo4j_cmds import local_server
    from atocore.runtime.api_process import ApiProcess

    stopped = ApiProcess(get_settings()).stop()
    click.echo("API stopped." if stopped else "API was not running.")
    local_server().stop()


COMMANDS = [serve, up, down]
