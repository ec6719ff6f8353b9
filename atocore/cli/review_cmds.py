"""`atocore review ...`: the one review queue (memories, entities, relationships, imports) and its decisions."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import page_options, resource_group
from atocore.cli.output import Column, Table
from atocore.client import AtoCoreClient

KINDS = ("memory", "entity", "relationship", "import")


QUEUE = Table(
    rows="items",
    columns=("created_at", "kind", "id", "project", "type", Column("title", clip=80), "import_id"),
    hidden=("import_id",),
    empty="Nothing waits for review.",
    notes=lambda body: ["more items follow: --all reads every page"] if body.get("next") else [],
)


def _render_decision(body: dict) -> str:
    status = body.get("status")
    if status:
        return f"{body.get('id')}: {status}"
    return "\n".join(f"{k}: {v}" for k, v in body.items() if not isinstance(v, list | dict))


@resource_group("review")
def review() -> None:
    """The review queue: candidate memories, entities, relationships and imports, oldest first.

    Without a subcommand: list. Promote or reject any item from here by its
    kind and id (an import: every candidate it holds that is in no conflict).

    \b
    Examples:
      atocore review --project p05
      atocore review list --kind entity --kind relationship
      atocore review promote entity 1f0c... --reason "matches the drawing"
      atocore review reject memory 9a2b...
    """


@review.client_command("list", table=QUEUE)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeat).")
@page_options
def list_cmd(client: AtoCoreClient, project: str | None, kinds: tuple[str, ...], limit: int | None, all_pages: bool):
    """What waits for review, oldest first.

    \b
    Example:
      atocore review list --project p05 --kind entity
    """
    return client.review_queue(project=project, kinds=list(kinds), limit=limit, all_pages=all_pages)


def _decision_command(decision: str) -> None:
    @review.client_command(decision, _render_decision)
    @click.argument("kind", type=click.Choice(KINDS))
    @click.argument("item_id")
    @click.option("--reason", default=None, help="Why (kept in the review record).")
    def command(client: AtoCoreClient, kind: str, item_id: str, reason: str | None) -> Any:
        return client.decide(kind, item_id, decision, reason)

    command.help = (
        f"{decision.capitalize()} one queued item (KIND: {', '.join(KINDS)}; ITEM_ID as `review list` shows).\n\n"
        f"\b\nExample:\n  atocore review {decision} entity 1f0c... --reason 'checked'"
    )


_decision_command("promote")
_decision_command("reject")
