"""`atocore interaction ...`: captured prompt/response pairs and what the reflection loop draws from them."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import page_options, read_text_arg, resource_group
from atocore.cli.output import Column, Table
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError

INTERACTIONS = Table(
    rows="interactions",
    columns=(
        "id",
        "created_at",
        "project",
        "client",
        "session_id",
        Column("prompt", clip=200),
    ),
    empty="No interactions match.",
)


@resource_group("interaction", "interactions")
def interaction() -> None:
    """Capture, list and reflect on interactions.

    Without a subcommand: list.

    \b
    Examples:
      atocore interaction capture "Which DB?" "We decided to use Neo4j." --project p05
      atocore interaction list --project p05 --limit 10
      atocore interaction extract 3f2c9a1e-... --persist
    """


@interaction.client_command("capture", fail_open=True)
@click.argument("prompt")
@click.argument("response")
@click.option("--project", default=None, help="Project id or alias the exchange belongs to.")
@click.option("--client", "client_name", default=None, help="Which client captured it, e.g. claude-code.")
@click.option("--session-id", default=None, help="The client's session id.")
@click.option("--no-reinforce", is_flag=True, help="Store only; do not reinforce matching memories.")
def capture_cmd(
    client: AtoCoreClient,
    prompt: str,
    response: str,
    project: str | None,
    client_name: str | None,
    session_id: str | None,
    no_reinforce: bool,
) -> Any:
    """Store a prompt/response pair as an interaction.

    PROMPT and RESPONSE are text; give - for either to read it from stdin.

    \b
    Example:
      atocore interaction capture "Which DB?" "We decided to use Neo4j." --project p05 --client cli --no-reinforce
    """
    if prompt == "-" and response == "-":
        raise ValidationError("Only one of PROMPT and RESPONSE can be read from stdin (-).")
    return client.capture(
        read_text_arg(prompt),
        read_text_arg(response),
        project=project,
        client=client_name,
        session_id=session_id,
        reinforce=not no_reinforce,
    )


@interaction.client_command("list", table=INTERACTIONS)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--session-id", default=None, help="Only this session.")
@click.option("--client", "client_name", default=None, help="Only this client.")
@click.option("--since", default=None, help="Only at or after this ISO 8601 instant (no offset means UTC).")
@page_options
def list_cmd(
    client: AtoCoreClient,
    project: str | None,
    session_id: str | None,
    client_name: str | None,
    since: str | None,
    limit: int | None,
    all_pages: bool,
) -> Any:
    """List interactions, newest first.

    \b
    Example:
      atocore interaction list --project p05 --since 2026-04-07T00:00:00Z --limit 10
    """
    return client.list_interactions(
        project=project, session_id=session_id, client=client_name, since=since, limit=limit, all_pages=all_pages
    )


@interaction.client_command("show")
@click.argument("interaction_id")
def show_cmd(client: AtoCoreClient, interaction_id: str) -> Any:
    """Show one interaction with the memories and chunks it used.

    \b
    Example:
      atocore interaction show 3f2c9a1e-...
    """
    return client.get_interaction(interaction_id)


@interaction.client_command("extract")
@click.argument("interaction_id")
@click.option("--persist", is_flag=True, help="Store the candidates for review (default: preview, writes nothing).")
def extract_cmd(client: AtoCoreClient, interaction_id: str, persist: bool) -> Any:
    """Propose candidate memories from an interaction's response by rule.

    \b
    Example:
      atocore interaction extract 3f2c9a1e-... --persist
    """
    return client.extract(interaction_id, persist=persist)


@interaction.client_command("reinforce")
@click.argument("interaction_id")
def reinforce_cmd(client: AtoCoreClient, interaction_id: str) -> Any:
    """Reinforce the active memories an interaction's response restates (safe to repeat).

    \b
    Example:
      atocore interaction reinforce 3f2c9a1e-...
    """
    return client.reinforce_interaction(interaction_id)
