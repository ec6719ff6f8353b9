"""`atocore neo4j ...` and `atocore schema ...`: the local server and the graph schema."""

from __future__ import annotations

import click

from atocore.cli.output import emit
from atocore.config import get_settings
from atocore.runtime.server import LocalNeo4j, ServerConfig, ServerStatus


def local_server() -> LocalNeo4j:
    return LocalNeo4j(ServerConfig.from_settings(get_settings()), say=lambda line: click.echo(line, err=True))


def _render_status(data: dict) -> str:
    return "\n".join(f"{key:12} {value}" for key, value in data.items() if value is not None)


def _print_status(status: ServerStatus, as_json: bool) -> None:
    emit(status.to_dict(), as_json, _render_status)


@click.group()
def neo4j() -> None:
    """Install and run the local Neo4j Community server.

    \b
    The server is assembled from Maven Central jars (no Docker needed) into
    <data dir>/neo4j, listens on loopback only, and keeps a generated password
    in <data dir>/neo4j-password (mode 0600), where AtoCore finds it.

    \b
    Examples:
      atocore neo4j install && atocore neo4j start
      atocore neo4j status --json
      ATOCORE_NEO4J_BOLT_PORT=7688 atocore neo4j install   # another port
    """


@neo4j.command()
def install() -> None:
    """Assemble Neo4j with Maven, write neo4j.conf, set the password. Safe to rerun.

    \b
    Example:
      ATOCORE_DATA_DIR=/srv/atocore atocore neo4j install
    """
    local_server().install()


@neo4j.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def start(as_json: bool) -> None:
    """Start Neo4j in the background and wait until Bolt accepts our login.

    \b
    Example:
      atocore neo4j start --json
    """
    _print_status(local_server().start(), as_json)


@neo4j.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def stop(as_json: bool) -> None:
    """Stop Neo4j (SIGTERM) and wait for its clean shutdown.

    \b
    Example:
      atocore neo4j stop
    """
    _print_status(local_server().stop(), as_json)


@neo4j.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(as_json: bool) -> None:
    """running / stopped, pid, version, ports and data directory.

    \b
    Example:
      atocore neo4j status --json
    """
    _print_status(local_server().status(), as_json)


@click.group()
def schema() -> None:
    """Apply schema migrations or rebuild the vector index.

    \b
    Examples:
      atocore schema migrate
      atocore schema rebuild-vector-index --yes   # after changing ATOCORE_EMBEDDING_MODEL
    """


@schema.command()
def migrate() -> None:
    """Apply pending migrations from cypher/schema/ and wait for indexes (the API does this at startup).

    \b
    Example:
      ATOCORE_NEO4J_URI=bolt://db:7687 atocore schema migrate
    """
    from atocore.services.runtime import Services

    services = Services(get_settings())
    try:
        report = services.ensure_schema()
    finally:
        services.close()
    click.echo(f"applied: {report.applied or 'none'}; already applied: {len(report.already_applied)}")


@schema.command("rebuild-vector-index")
@click.option("--yes", is_flag=True, help="Confirm: drops every stored chunk embedding.")
def rebuild_vector_index(yes: bool) -> None:
    """Drop the chunk vector index and embeddings, then recreate it for the configured embedder.

    \b
    Example:
      ATOCORE_EMBEDDING_MODEL=/models/e5-small atocore schema rebuild-vector-index --yes
    """
    from atocore.errors import ValidationError
    from atocore.services.runtime import Services

    if not yes:
        raise ValidationError("This drops every chunk embedding; rerun with --yes to confirm.")
    services = Services(get_settings())
    try:
        services.graph.run_schema("graph.rebuild_vector_index")
        report = services.ensure_schema()
    finally:
        services.close()
    click.echo(
        f"vector index rebuilt for {services.embedder.model_id} ({services.embedder.dimensions} dimensions); "
        f"applied: {report.applied}. Re-ingest to re-embed chunks."
    )
