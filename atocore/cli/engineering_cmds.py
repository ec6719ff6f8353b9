"""`atocore entity|relationship|conflict ...` and `atocore relate`: engineering review without curl.

Entities are named by id, or by key with ``--project``; relationships are
created by keys (`atocore relate SATISFIES component.x requirement.y
--project p05`). Output is JSON (piped or ``--json``) or one line per item.
"""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import client_command, resource_group
from atocore.client import AtoCoreClient

PROJECT_KEYS = "Project id or alias; with it, REF may be the entity's key."


def _entity_line(e: dict) -> str:
    return f"{e['id']}  {e['status']:<10} {e['type']:<16} {e['key']}  {e['name']}"


def _render_entities(body: dict) -> str:
    return "\n".join(_entity_line(e) for e in body["entities"]) or "No entities match."


def _render_entity(e: dict) -> str:
    lines = [_entity_line(e), *(f"  {k}: {v}" for k, v in (e.get("properties") or {}).items())]
    for view in e.get("relationships", []):
        rel, other = view["relationship"], view["other"]
        arrow = f"-{rel['type']}->" if view["direction"] == "out" else f"<-{rel['type']}-"
        lines.append(f"  {arrow} {other['key']} ({rel['status']}{'' if view['effective'] else ', not effective'})")
    return "\n".join(lines)


def _relationship_line(r: dict) -> str:
    ends = f"{r.get('from_key', r.get('from_id'))} -{r['type']}-> {r.get('to_key', r.get('to_id'))}"
    return f"{r['id']}  {r['status']:<10} {ends}"


def _render_relationships(body: dict) -> str:
    return "\n".join(_relationship_line(r) for r in body["relationships"]) or "No relationships match."


def _conflict_line(c: dict) -> str:
    return f"{c['id']}  {c['status']:<10} {c.get('project', '')}  {c.get('slot', c.get('reason', ''))}"


def _render_conflicts(body: dict) -> str:
    return "\n".join(_conflict_line(c) for c in body["conflicts"]) or "No conflicts match."


# -- entities ------------------------------------------------------------------------
@resource_group("entity", "entities")
def entity() -> None:
    """Engineering entities: list, show and review them (by id, or by key with --project).

    Without a subcommand: list.

    \b
    Examples:
      atocore entities --project p05 --status candidate
      atocore entity show component.lateral-support-pad --project p05
      atocore entity promote component.lateral-support-pad --project p05 --reason "matches drawing"
    """


@entity.client_command("list", _render_entities)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--type", "type_", default=None, help="Only this entity type (Component, Requirement, ...).")
@click.option("--status", default=None, help="candidate, active, ... or all (default: active).")
@click.option("--key", default=None, help="Only entities holding this key.")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def entity_list(client: AtoCoreClient, project, type_, status, key, limit) -> Any:
    """List entities.

    \b
    Example:
      atocore entity list --project p05 --type Requirement
    """
    return client.entities(project=project, type=type_, status=status, key=key, limit=limit)


@entity.client_command("show", _render_entity)
@click.argument("ref")
@click.option("--project", default=None, help=PROJECT_KEYS)
def entity_show(client: AtoCoreClient, ref: str, project: str | None) -> Any:
    """One entity with its relationships and provenance.

    \b
    Example:
      atocore entity show requirement.wfe --project p05
    """
    return client.entity(ref, project)


def _entity_action(action: str, what: str) -> None:
    @entity.client_command(action, _render_entity)
    @click.argument("ref")
    @click.option("--project", default=None, help=PROJECT_KEYS)
    @click.option("--reason", default=None, help="Why (kept in the review record).")
    def command(client: AtoCoreClient, ref: str, project: str | None, reason: str | None) -> Any:
        return client.entity_action(ref, action, project, reason)

    command.help = f"{what}\n\n\b\nExample:\n  atocore entity {action} component.pad --project p05 --reason '...'"


_entity_action("promote", "Promote a candidate entity (candidate -> active).")
_entity_action("reject", "Reject a candidate entity (candidate -> invalid).")
_entity_action("retire", "Retire an active entity (active -> retired).")


# -- relationships -------------------------------------------------------------------------
@resource_group("relationship", "relationships")
def relationship() -> None:
    """Relationships between entities: list, show, promote, reject; create them with `atocore relate`.

    Without a subcommand: list.

    \b
    Examples:
      atocore relationships --project p05 --status candidate
      atocore relationship promote 6c1e...
    """


@relationship.client_command("list", _render_relationships)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--type", "type_", default=None, help="Only this relationship type (SATISFIES, ...).")
@click.option("--status", default=None, help="candidate, active, invalid or all (default: effective ones).")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def relationship_list(client: AtoCoreClient, project, type_, status, limit) -> Any:
    """List relationships.

    \b
    Example:
      atocore relationship list --project p05 --type SATISFIES
    """
    return client.relationships(project=project, type=type_, status=status, limit=limit)


@relationship.client_command("show")
@click.argument("relationship_id")
def relationship_show(client: AtoCoreClient, relationship_id: str) -> Any:
    """One relationship with its review records.

    \b
    Example:
      atocore relationship show 6c1e...
    """
    return client.relationship(relationship_id)


def _relationship_action(action: str, what: str) -> None:
    @relationship.client_command(action)
    @click.argument("relationship_id")
    @click.option("--reason", default=None, help="Why (kept in the review record).")
    def command(client: AtoCoreClient, relationship_id: str, reason: str | None) -> Any:
        return client.relationship_action(relationship_id, action, reason)

    command.help = f"{what}\n\n\b\nExample:\n  atocore relationship {action} 6c1e... --reason '...'"


_relationship_action("promote", "Promote a candidate relationship (candidate -> active).")
_relationship_action("reject", "Reject a relationship (candidate or active -> invalid).")


def _create(client: AtoCoreClient, kind: str, from_key: str, to_key: str, project: str, candidate: bool) -> Any:
    return client.relate(kind, from_key, to_key, project, "candidate" if candidate else None)


def _relate_command(command: Any) -> Any:
    for option in reversed(
        [
            click.argument("kind", metavar="TYPE"),
            click.argument("from_key"),
            click.argument("to_key"),
            click.option("--project", required=True, help="Project id or alias the two keys belong to."),
            click.option("--candidate", is_flag=True, help="Propose it as a candidate instead of creating it active."),
        ]
    ):
        command = option(command)
    return command


@client_command("relate")
@_relate_command
def relate_cmd(client: AtoCoreClient, kind: str, from_key: str, to_key: str, project: str, candidate: bool) -> Any:
    """Link two entities by key: FROM_KEY -TYPE-> TO_KEY (active, or --candidate).

    \b
    Example:
      atocore relate SATISFIES component.lateral-support-pad requirement.wfe --project p05
    """
    return _create(client, kind, from_key, to_key, project, candidate)


@relationship.client_command("create")
@_relate_command
def relationship_create(
    client: AtoCoreClient, kind: str, from_key: str, to_key: str, project: str, candidate: bool
) -> Any:
    """Link two entities by key (the same as `atocore relate`).

    \b
    Example:
      atocore relationship create SATISFIES component.pad requirement.wfe --project p05
    """
    return _create(client, kind, from_key, to_key, project, candidate)


# -- conflicts ---------------------------------------------------------------------------
@resource_group("conflict", "conflicts")
def conflict() -> None:
    """Conflicts between entities (an import's changed value against the active one): list, show, resolve.

    Without a subcommand: list.

    \b
    Examples:
      atocore conflicts --project p05 --status open
      atocore conflict resolve 3d9a... --action supersede_others --winner 1f0c...
    """


@conflict.client_command("list", _render_conflicts)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--status", default=None, help="open, resolved or dismissed (default: all).")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def conflict_list(client: AtoCoreClient, project: str | None, status: str | None, limit: int | None) -> Any:
    """List conflicts.

    \b
    Example:
      atocore conflict list --project p05 --status open
    """
    return client.conflicts(project=project, status=status, limit=limit)


@conflict.client_command("show")
@click.argument("conflict_id")
def conflict_show(client: AtoCoreClient, conflict_id: str) -> Any:
    """One conflict with its members.

    \b
    Example:
      atocore conflict show 3d9a...
    """
    return client.conflict(conflict_id)


@conflict.client_command("resolve")
@click.argument("conflict_id")
@click.option("--action", required=True, type=click.Choice(["supersede_others", "dismiss", "no_action"]), help="How.")
@click.option("--winner", default=None, help="The member that wins (supersede_others only).")
@click.option("--note", default=None, help="Why (kept on the conflict).")
def conflict_resolve(client: AtoCoreClient, conflict_id: str, action: str, winner: str | None, note: str | None):
    """Resolve a conflict.

    \b
    Example:
      atocore conflict resolve 3d9a... --action supersede_others --winner 1f0c...
    """
    return client.resolve_conflict(conflict_id, {"action": action, "winner_id": winner, "note": note})
