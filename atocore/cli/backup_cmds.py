"""`atocore backup ...`: create, list, validate, restore and prune backups of the whole graph (through the API).

The API process does the work on its own disk (ATOCORE_BACKUP_DIR), so a
restore resets the running API's state in place. Encrypted backups use the
server's ATOCORE_BACKUP_PASSPHRASE (or _PASSPHRASE_FILE).
"""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import resource_group
from atocore.cli.output import progress_bars
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _render_list(listing: dict) -> str:
    rows = [f"backup dir {listing['backup_dir']}"]
    if not listing["backups"]:
        return rows[0] + "\nNo backups yet: `atocore backup create`."
    rows.append(f"{'id':20} {'kind':8} {'reason':11} {'size':>9} {'nodes':>8} {'rels':>8}  valid")
    for b in listing["backups"]:
        valid = "yes" if b["valid"] else "NO: " + "; ".join(b["problems"])
        rows.append(
            f"{b['id']:20} {b.get('kind') or '-':8} {b.get('reason') or '-':11} {_size(b['bytes']):>9} "
            f"{b['node_count']:>8} {b['relationship_count']:>8}  {valid}{' (encrypted)' if b['encrypted'] else ''}"
        )
    return "\n".join(rows)


def _render_result(result: dict) -> str:
    head = f"backup {result['id']} ({result['kind']}): {'valid' if result['valid'] else 'NOT VALID'}"
    lines = [
        head,
        f"  {result['node_count']} nodes, {result['relationship_count']} relationships, "
        f"{_size(result['bytes'])} in {result['duration_ms'] / 1000:.1f} s",
        f"  {result['path']}",
    ]
    if result.get("note"):
        lines.append(f"  note: {result['note']}")
    lines += [f"  problem: {e}" for e in result["validation"]["errors"]]
    return "\n".join(lines)


def _render_validation(report: dict) -> str:
    lines = [f"backup {report['id']}: {'valid' if report['valid'] else 'NOT VALID'}"]
    lines.append(f"  restorable here: {'yes' if report['restorable'] else 'no'}")
    lines += [f"  error: {e}" for e in report["errors"]]
    lines += [f"  warning: {w}" for w in report["warnings"]]
    lines += [f"  cannot restore: {p}" for p in report["restore_problems"]]
    return "\n".join(lines)


def _render_restore(report: dict) -> str:
    ok = "yes" if report["restored_integrity_ok"] else "NO: " + "; ".join(report["integrity_problems"])
    return "\n".join(
        [
            f"restored {report['backup_id']}: {report['nodes_restored']} nodes, "
            f"{report['relationships_restored']} relationships in {report['duration_ms'] / 1000:.1f} s",
            f"  restored_integrity_ok: {ok}",
            f"  indexes online: {'yes' if report['indexes_online'] else 'NO'}",
            f"  pre-restore snapshot: {report['pre_restore_snapshot'] or 'none'}",
            f"  {report['rollback']}",
        ]
    )


def _render_prune(plan: dict) -> str:
    verb = "would delete" if plan["dry_run"] else "deleted"
    lines = [f"keep {i}: {', '.join(r)}" for i, r in plan["keep"].items()]
    lines += [f"{verb} {i}" for i in plan["delete"]]
    return "\n".join(lines) or "No backups."


@resource_group("backup", "backups")
def backup() -> None:
    """Back up, list, validate, restore and prune backups of the whole graph.

    Without a subcommand: list. docs/operations/backup-restore.md has the procedure.

    \b
    Examples:
      atocore backup create
      atocore backup list
      atocore backup validate 20260407T030000Z
      atocore backup restore 20260407T030000Z --yes
      atocore backup prune --dry-run
    """


@backup.client_command("create", _render_result)
@click.option(
    "--kind",
    type=click.Choice(["logical", "dump"]),
    default="logical",
    help="logical (online, portable; the default) or dump (local server only: stops Neo4j, neo4j-admin dump, starts).",
)
@click.option("--encrypt", is_flag=True, help="Encrypt with the server's ATOCORE_BACKUP_PASSPHRASE(_FILE).")
@click.option("--no-vectors", is_flag=True, help="Leave the chunk vectors out (restore re-embeds on refresh).")
def create_cmd(client: AtoCoreClient, kind: str, encrypt: bool, no_vectors: bool) -> Any:
    """Back up the whole graph while the API keeps serving, then validate it.

    At a terminal, progress bars count the nodes and relationships read.

    \b
    Examples:
      atocore backup create
      atocore backup create --encrypt
      atocore backup create --kind dump     # Neo4j is stopped for the dump
    """
    if kind == "dump" and (encrypt or no_vectors):
        raise ValidationError("--encrypt and --no-vectors apply to logical backups only.")
    with progress_bars("backing up") as progress:
        return client.create_backup(kind, encrypt, not no_vectors, progress)


@backup.client_command("list", _render_list)
def list_cmd(client: AtoCoreClient) -> Any:
    """The backups, newest first: id, kind, size, counts, valid?

    \b
    Example:
      atocore backup list --json
    """
    return client.backups()


@backup.client_command("validate", _render_validation)
@click.argument("backup_id")
def validate_cmd(client: AtoCoreClient, backup_id: str) -> Any:
    """Check a backup: manifest, checksums, content, and whether this AtoCore can restore it.

    \b
    Example:
      atocore backup validate 20260407T030000Z
    """
    return client.validate_backup(backup_id)


@backup.client_command("restore", _render_restore)
@click.argument("backup_id")
@click.option("--yes", is_flag=True, help="Confirm: the database's content is replaced.")
@click.option("--no-pre-snapshot", is_flag=True, help="Skip the safety backup taken first (when you have another).")
def restore_cmd(client: AtoCoreClient, backup_id: str, yes: bool, no_pre_snapshot: bool) -> Any:
    """Replace the database's content with a backup's; the API keeps running.

    Refused without --yes and for a backup that does not validate. A
    pre-restore snapshot is taken first; the output says how to roll back.
    At a terminal, progress bars count the snapshot's and the load's nodes
    and relationships.

    \b
    Example:
      atocore backup restore 20260407T030000Z --yes
    """
    with progress_bars("restoring") as progress:
        return client.restore_backup(backup_id, yes, not no_pre_snapshot, progress)


@backup.client_command("prune", _render_prune)
@click.option("--dry-run", is_flag=True, help="Say what would be deleted; delete nothing.")
@click.option("--yes", is_flag=True, help="Delete what retention does not keep.")
def prune_cmd(client: AtoCoreClient, dry_run: bool, yes: bool) -> Any:
    """Keep 7 daily, 4 weekly (Sunday) and 6 monthly (1st) backups; delete the rest.

    The counts come from ATOCORE_BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY. The
    newest valid backup is always kept; names that are not backup ids are
    never touched.

    \b
    Examples:
      atocore backup prune --dry-run
      atocore backup prune --yes
    """
    if dry_run == yes:
        raise ValidationError("Give --dry-run to see what would go, or --yes to delete it.")
    return client.prune_backups(dry_run)
