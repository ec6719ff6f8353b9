"""`atocore serve | up | down | health`: running the API and asking it how it is."""

from __future__ import annotations

import json
from typing import Any

import click

from atocore.cli.base import client_command
from atocore.client import AtoCoreClient
from atocore.config import DOCS_SOURCE, get_settings


@click.command()
@click.option("--host", default=None, help="Interface to bind (default ATOCORE_API_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default ATOCORE_API_PORT, 8100).")
def serve(host: str | None, port: int | None) -> None:
    """Run the HTTP API in the foreground (OpenAPI docs at /docs).

    Every route needs a token; on its first start the API writes an admin
    token to <data dir>/api-token (mode 0600). It refuses to listen beyond
    loopback with ATOCORE_AUTH_DISABLED=true.

    \b
    Example:
      atocore serve --port 8200
    """
    import os

    import uvicorn

    from atocore.api.app import create_app
    from atocore.api.security import check_bind
    from atocore.runtime.private import PRIVATE_UMASK, make_private_dir

    settings = get_settings()
    settings = settings.model_copy(
        update={"api_host": host or settings.api_host, "api_port": port or settings.api_port}
    )
    check_bind(settings, settings.api_host)
    os.umask(PRIVATE_UMASK)  # what this process writes (the token file, logs) is its owner's only
    make_private_dir(settings.data_dir)
    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port, log_level="info")


@click.command()
def up() -> None:
    """Install and start Neo4j, apply the schema, start the API in the background. Idempotent.

    \b
    Example:
      atocore up && curl 127.0.0.1:8100/health
    """
    from atocore.api.security import check_bind
    from atocore.cli.neo4j_cmds import local_server
    from atocore.runtime.api_process import ApiProcess

    settings = get_settings()
    check_bind(settings, settings.api_host)
    server = local_server()
    if server.status().state != "running":
        server.install()
        server.start()
    api = ApiProcess(settings)
    pid = api.start()
    _ingest_own_docs(settings)
    click.echo(f"AtoCore API   {api.url}  (pid {pid}, docs {api.url}/docs, log {api.log_file})")
    click.echo(f"Neo4j Browser {server.browser_url}  (user neo4j, password in {settings.neo4j_password_file})")
    if not settings.auth_disabled:
        click.echo(f"API token     {settings.api_token_file}  (admin; clients read it, ATOCORE_TOKEN overrides)")


def _ingest_own_docs(settings) -> None:
    """Register project 'atocore' over this repo's docs/ (once) and refresh it, so a first
    context request has something to return. Incremental: a rerun writes nothing."""
    from atocore.client import AtoCoreClient
    from atocore.errors import NotFoundError

    if DOCS_SOURCE not in settings.sources:
        click.echo(
            f"Project 'atocore' (this repository's docs/) not registered: no source {DOCS_SOURCE!r} "
            "(ATOCORE_SOURCES names none, as by default when AtoCore is installed without its repository)."
        )
        return
    client = AtoCoreClient(settings.api_url, timeout=600)
    try:
        try:
            client.project("atocore")
        except NotFoundError:
            client.register_project(
                {
                    "id": "atocore",
                    "description": "AtoCore's own documentation",
                    "ingest_roots": [{"source": DOCS_SOURCE, "subpath": ""}],
                }
            )
        report = client.refresh_project("atocore")
    finally:
        client.close()
    click.echo(
        f"Project 'atocore' ({settings.sources[DOCS_SOURCE]}): {report['documents_added']} added, "
        f"{report['documents_updated']} updated, {report['documents_unchanged']} unchanged, "
        f"{report['chunks_written']} chunks written."
    )


@click.command()
def down() -> None:
    """Stop the background API and the local Neo4j server.

    \b
    Example:
      atocore down
    """
    from atocore.cli.neo4j_cmds import local_server
    from atocore.runtime.api_process import ApiProcess

    stopped = ApiProcess(get_settings()).stop()
    click.echo("API stopped." if stopped else "API was not running.")
    local_server().stop()


@client_command("health")
def health(client: AtoCoreClient) -> Any:
    """The API's /health report; exit 5 when Neo4j is unavailable.

    \b
    Example:
      atocore health --url http://127.0.0.1:8100
    """
    status, report = client.health()
    if status != 200:
        click.echo(json.dumps(report, indent=2))
        raise SystemExit(5)
    return report
