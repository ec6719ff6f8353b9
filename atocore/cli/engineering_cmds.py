"""`atocore entity|relationship|conflict ...` and `atocore relate`: engineering review without curl.

Entities are named by id, or by key with ``--project``; relationships are
created by keys (`atocore relate SATISFIES component.x requirement.y
--project p05`). The list commands take ``--format table|json|csv|md`` and
``--limit``/``--all``; the others print JSON (piped or ``--json``) or a few lines.
"""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import client_command, page_options, read_json_arg, resource_group
from atocore.cli.output import Column, Table
from atocore.client import AtoCoreClient

PROJECT_KEYS = "Project id or alias; with it, REF may be the entity's key."


def _entity_line(e: dict) -> str:
    return f"{e['id']}  {e['status']:<10} {e['type']:<16} {e['key']}  {e['name']}"


ENTITIES = Table(
    rows="entities",
    columns=("key", "type", "status", "name", "project", "version", "id", "created_at", "updated_at"),
    hidden=("id", "*_at"),
    empty="No entities match.",
)


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


RELATIONSHIPS = Table(
    rows="relationships",
    columns=(
        Column("from", lambda r: r["source"]),
        "type",
        Column("to", lambda r: r["target"]),
        "status",
        "effective",
        "id",
        "created_at",
    ),
    hidden=("*_at",),
    empty="No relationships match.",
)


CONFLICTS = Table(
    rows="conflicts",
    columns=(
        "id",
        "status",
        "project",
        "slot",
        Column("members", lambda c: [m["id"] for m in c.get("members", [])]),
        "detected_at",
        "resolution",
    ),
    empty="No conflicts match.",
)


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


@entity.client_command("list", table=ENTITIES)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--type", "type_", default=None, help="Only this entity type (Component, Requirement, ...).")
@click.option("--status", default=None, help="candidate, active, ... or all (default: active).")
@click.option("--key", default=None, help="Only entities holding this key.")
@click.option("--text", default=None, help="Words of the name, key or text (one page, best match first).")
@page_options
def entity_list(client: AtoCoreClient, project, type_, status, key, text, limit, all_pages) -> Any:
    """List entities.

    \b
    Example:
      atocore entity list --project p05 --type Requirement
    """
    filters = {"project": project, "type": type_, "status": status, "key": key, "text": text, "limit": limit}
    return client.entities(**filters, all_pages=all_pages)


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


SOURCE_HELP = "Provenance, e.g. note://design-review-2026-03 (repeat); default note://cli."


def _refs(sources: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"artifact": s} for s in sources] or [{"artifact": "note://cli"}]


@entity.client_command("create", _render_entity)
@click.argument("type_", metavar="TYPE")
@click.argument("name")
@click.option("--project", required=True, help="Project id or alias.")
@click.option("--key", default=None, help="Stable key (default '<type>.<slug of name>').")
@click.option("--properties", default=None, help="The type's facts as JSON, inline, @file or - (stdin).")
@click.option("--source", "sources", multiple=True, help=SOURCE_HELP)
@click.option("--active", is_flag=True, help="Create it active instead of as a candidate for review.")
def entity_create(client: AtoCoreClient, type_, name, project, key, properties, sources, active) -> Any:
    """Create an entity (a candidate unless --active).

    \b
    Example:
      atocore entity create Requirement "WFE budget" --project p05 --properties '{"text": "WFE < 20 nm"}'
    """
    body = {
        "type": type_,
        "name": name,
        "project": project,
        "key": key,
        "properties": read_json_arg(properties) if properties else None,
        "status": "active" if active else None,
        "source_refs": _refs(sources),
    }
    return client.create_entity(body)


@entity.client_command("edit", _render_entity)
@click.argument("ref")
@click.option("--project", default=None, help=PROJECT_KEYS)
@click.option("--name", default=None, help="A new name.")
@click.option("--properties", default=None, help="Facts to merge in, as JSON (null removes one); inline, @file or -.")
@click.option("--source", "sources", multiple=True, help="More provenance for the edit (repeat).")
@click.option("--reason", default=None, help="Why (recorded when an active entity is revised).")
@click.option("--as-candidate", is_flag=True, help="Propose the revision of an active entity as a candidate.")
def entity_edit(client: AtoCoreClient, ref, project, name, properties, sources, reason, as_candidate) -> Any:
    """Edit an entity's name or facts.

    \b
    Example:
      atocore entity edit requirement.wfe-budget --project p05 --properties '{"text": "WFE < 18 nm"}' --reason "..."
    """
    changes = {
        "name": name,
        "properties": read_json_arg(properties) if properties else None,
        "source_refs": [{"artifact": s} for s in sources] or None,
        "reason": reason,
        "as_candidate": as_candidate or None,
    }
    return client.update_entity(ref, changes, project)


@entity.client_command("supersede", _render_entity)
@click.argument("ref")
@click.option("--project", default=None, help="Project id or alias; with it, REF and --by may be keys.")
@click.option("--by", default=None, help="The active entity that replaces it (id, or key with --project).")
@click.option("--reason", default=None, help="Why (kept in the review record).")
def entity_supersede(client: AtoCoreClient, ref: str, project: str | None, by: str | None, reason: str | None):
    """Supersede an active entity (active -> superseded), optionally by the one that replaces it.

    \b
    Example:
      atocore entity supersede component.old-pad --by component.pad --project p05 --reason "redesign"
    """
    return client.supersede_entity(ref, by, project, reason)


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


@relationship.client_command("list", table=RELATIONSHIPS)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--type", "type_", default=None, help="Only this relationship type (SATISFIES, ...).")
@click.option("--status", default=None, help="candidate, active, invalid or all (default: effective ones).")
@click.option("--from", "from_ref", default=None, help="Only from this entity (id, or key with --project).")
@click.option("--to", "to_ref", default=None, help="Only to this entity (id, or key with --project).")
@page_options
def relationship_list(client: AtoCoreClient, project, type_, status, from_ref, to_ref, limit, all_pages) -> Any:
    """List relationships.

    \b
    Example:
      atocore relationship list --project p05 --type SATISFIES
    """
    filters = {"project": project, "type": type_, "status": status, "from_id": from_ref, "to_id": to_ref}
    return client.relationships(**filters, limit=limit, all_pages=all_pages)


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


@conflict.client_command("list", table=CONFLICTS)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--status", default=None, help="open, resolved or dismissed (default: all).")
@page_options
def conflict_list(client: AtoCoreClient, project: str | None, status: str | None, limit: int | None, all_pages: bool):
    """List conflicts.

    \b
    Example:
      atocore conflict list --project p05 --status open
    """
    return client.conflicts(project=project, status=status, limit=limit, all_pages=all_pages)


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
