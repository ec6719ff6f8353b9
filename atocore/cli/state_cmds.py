"""`atocore state ...`: a project's trusted state, the top of the trust hierarchy."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import resource_group
from atocore.cli.output import Table
from atocore.client import AtoCoreClient

STATE = Table(
    rows="entries",
    columns=("category", "key", "value", "status", "source", "confidence", "updated_at", "id"),
    hidden=("id",),
    summary=lambda state: "" if state["entries"] else f"No trusted state for {state['project']}.",
)


@resource_group("state", default=None)
def state() -> None:
    """Read and curate a project's trusted state (the top of the trust hierarchy).

    \b
    Examples:
      atocore state get p05
      atocore state set p05 status phase integration
      atocore state invalidate p05 status phase --reason "phase closed"
    """


@state.client_command("get", table=STATE)
@click.argument("project")
@click.option("--history", is_flag=True, help="Include superseded and invalidated entries.")
@click.option("--category", default=None, help="Only this category.")
def get_cmd(client: AtoCoreClient, project: str, history: bool, category: str | None) -> Any:
    """A project's trusted state entries.

    \b
    Example:
      atocore state get p05 --history
    """
    return client.project_state(project, include_history=history, category=category)


@state.client_command("set")
@click.argument("project")
@click.argument("category")
@click.argument("key")
@click.argument("value")
@click.option("--source", default=None, help="Where this fact comes from.")
@click.option("--confidence", default=None, type=float, help="0..1 (default 1.0).")
def set_cmd(
    client: AtoCoreClient,
    project: str,
    category: str,
    key: str,
    value: str,
    source: str | None,
    confidence: float | None,
) -> Any:
    """Curate one trusted state entry; a new value supersedes the old one.

    \b
    Example:
      atocore state set p05 status phase "integration" --source "weekly review"
    """
    return client.set_project_state(
        project=project, category=category, key=key, value=value, source=source, confidence=confidence
    )


@state.client_command("invalidate")
@click.argument("project")
@click.argument("category")
@click.argument("key")
@click.option("--reason", default=None, help="Why the entry no longer holds.")
def invalidate_cmd(client: AtoCoreClient, project: str, category: str, key: str, reason: str | None) -> Any:
    """Invalidate a trusted state entry.

    \b
    Example:
      atocore state invalidate p05 status phase --reason "phase closed"
    """
    return client.invalidate_project_state(project=project, category=category, key=key, reason=reason)
