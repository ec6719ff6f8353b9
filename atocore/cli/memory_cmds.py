"""`atocore memory ...`: memories, their review queue and their graduation into entities."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import page_options, read_json_arg, resource_group
from atocore.cli.output import Table
from atocore.client import AtoCoreClient

REASON = "Why; kept on the memory and in the review record."


MEMORIES = Table(
    rows="memories",
    columns=("id", "status", "memory_type", "project", "confidence", "content", "created_at", "updated_at"),
    hidden=("*_at",),
    empty="No memories.",
)
QUEUE = Table(
    rows="memories",
    columns=("id", "memory_type", "project", "confidence", "content", "created_at"),
    hidden=("*_at",),
    empty="The review queue is empty.",
)
REVIEWS = Table(
    rows="reviews",
    columns=("at", "action", "target_kind", "target_id", "from_status", "to_status", "reason", "project", "id"),
    hidden=("id",),
    empty="No reviews.",
)


def _render_memory(memory: dict) -> str:
    return f"{memory['id']}  [{memory['status']}] ({memory['memory_type']}) {memory['content'][:100]}"


def _render_graduation(result: dict) -> str:
    memory, entity = result["memory"], result["entity"]
    orphan = "  (orphan provenance: no chunk or interaction behind it)" if entity.get("orphan_provenance") else ""
    return (
        f"memory {memory['id']} graduated -> {entity['type']} {entity['id']} [{entity['status']}] "
        f"{entity['key']} in {entity['project']}{orphan}"
    )


@resource_group("memory", "memories")
def memory() -> None:
    """Add, list, review and graduate memories.

    Without a subcommand: list.

    \b
    Examples:
      atocore memory add preference "Prefers SI units"
      atocore memory list --project p05 --status active
      atocore memory list --status candidate --all     # every page
      atocore memory queue --project p05
      atocore memory promote 9b1d... --reason "confirmed in the design review"
    """


@memory.client_command("add")
@click.argument("memory_type")
@click.argument("content")
@click.option("--project", default=None, help="Project id or alias (omit for a global memory).")
@click.option("--confidence", default=None, type=float, help="0..1.")
@click.option("--candidate", is_flag=True, help="Create it as a candidate for review instead of active.")
def add_cmd(
    client: AtoCoreClient,
    memory_type: str,
    content: str,
    project: str | None,
    confidence: float | None,
    candidate: bool,
) -> Any:
    """Create a memory (types: identity, preference, project, episodic, knowledge, adaptation).

    \b
    Example:
      atocore memory add preference "Prefers SI units" --project p05
    """
    return client.create_memory(
        memory_type=memory_type,
        content=content,
        project=project,
        confidence=confidence,
        status="candidate" if candidate else None,
    )


@memory.client_command("list", table=MEMORIES)
@click.option("--type", "memory_type", default=None, help="Only this memory type.")
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--status", default=None, help="candidate | active | superseded | invalid | graduated.")
@page_options
def list_cmd(
    client: AtoCoreClient,
    memory_type: str | None,
    project: str | None,
    status: str | None,
    limit: int | None,
    all_pages: bool,
) -> Any:
    """List memories, newest first.

    \b
    Example:
      atocore memory list --project p05 --status active
      atocore memory list --status candidate --all     # every page
    """
    return client.memories(memory_type=memory_type, project=project, status=status, limit=limit, all_pages=all_pages)


@memory.client_command("show", _render_memory)
@click.argument("memory_id")
def show_cmd(client: AtoCoreClient, memory_id: str) -> Any:
    """One memory with its status, confidence and review fields.

    \b
    Example:
      atocore memory show 3f2a...
    """
    return client.memory(memory_id)


@memory.client_command("update")
@click.argument("memory_id")
@click.option("--content", default=None)
@click.option("--confidence", default=None, type=float)
@click.option("--status", default=None, help="A review: candidate -> active|invalid, active -> superseded|invalid.")
@click.option("--reason", default=None, help="Why the status changes (kept in the review record).")
def update_cmd(
    client: AtoCoreClient,
    memory_id: str,
    content: str | None,
    confidence: float | None,
    status: str | None,
    reason: str | None,
) -> Any:
    """Change a memory's content, confidence or status (a status change is recorded as a review).

    \b
    Example:
      atocore memory update 3f2a... --confidence 0.9
      atocore memory update 3f2a... --status superseded --reason "replaced by the March decision"
    """
    return client.update_memory(memory_id, content=content, confidence=confidence, status=status, reason=reason)


@memory.client_command("queue", table=QUEUE)
@click.option("--project", default=None, help="Only this project's candidates (id or alias).")
@page_options
def queue_cmd(client: AtoCoreClient, project: str | None, limit: int | None, all_pages: bool) -> Any:
    """Candidate memories waiting for review.

    \b
    Example:
      atocore memory queue --project p05 --limit 20
    """
    return client.queue(project=project, limit=limit, all_pages=all_pages)


@memory.client_command("promote")
@click.argument("memory_id")
@click.option("--reason", default=None, help=REASON)
def promote_cmd(client: AtoCoreClient, memory_id: str, reason: str | None) -> Any:
    """Promote a candidate memory to active (exit 4 if it is not a candidate).

    \b
    Example:
      atocore memory promote 9b1d... --reason "confirmed in the design review"
    """
    return client.promote(memory_id, reason)


@memory.client_command("reject")
@click.argument("memory_id")
@click.option("--reason", default=None, help=REASON)
def reject_cmd(client: AtoCoreClient, memory_id: str, reason: str | None) -> Any:
    """Reject a candidate memory (it becomes invalid; exit 4 if it is not a candidate).

    \b
    Example:
      atocore memory reject 9b1d... --reason "one-off remark, not a decision"
    """
    return client.reject(memory_id, reason)


@memory.client_command("reviews", table=REVIEWS)
@click.option("--target-id", default=None, help="Only reviews of this memory.")
@click.option("--action", default=None, help="Only promote or reject.")
@page_options
def reviews_cmd(
    client: AtoCoreClient, target_id: str | None, action: str | None, limit: int | None, all_pages: bool
) -> Any:
    """List applied reviews, newest first.

    \b
    Example:
      atocore memory reviews --action reject --limit 10
    """
    return client.reviews(target_id=target_id, action=action, limit=limit, all_pages=all_pages)


@memory.client_command("graduate", _render_graduation)
@click.argument("memory_id")
@click.option(
    "--type",
    "target_type",
    default=None,
    help="Entity type (default: adaptation -> Decision, project -> Requirement, knowledge -> Fact).",
)
@click.option("--project", default=None, help="Project id or alias, only for a global memory.")
@click.option("--name", default=None, help="Entity name (default: the content's first line).")
@click.option("--key", default=None, help="Entity key (default: <type>.<slug of name>).")
@click.option(
    "--properties", default=None, help="Typed facts as JSON (inline, @file or -), over those filled from the content."
)
@click.option("--reason", default=None, help="Why; kept in the review record.")
def graduate_cmd(
    client: AtoCoreClient,
    memory_id: str,
    target_type: str | None,
    project: str | None,
    name: str | None,
    key: str | None,
    properties: str | None,
    reason: str | None,
) -> Any:
    """Graduate an active memory into a candidate engineering entity (exit 4 if it is not active).

    \b
    Example:
      atocore memory graduate 3f2a...
      atocore memory graduate 3f2a... --type Constraint --properties '{"value": 2, "unit": "Nm"}'
    """
    return client.graduate_memory(
        memory_id,
        target_type=target_type,
        project=project,
        name=name,
        key=key,
        properties=read_json_arg(properties) if properties else None,
        reason=reason,
    )
