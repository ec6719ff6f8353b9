"""`atocore migrate ...`: data migrations an operator runs on purpose (schema migrations run by themselves)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from atocore.cli.base import resource_group
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError


def render_text(plan: dict[str, Any]) -> str:
    """The plan (as JSON data) as a text report."""
    head = "applied" if plan["applied"] else "dry run (nothing changed; --apply to apply)"
    lines = [f"alias migration: {head}", f"  shadow rows: {plan['rows']}, collisions: {plan['collisions']}"]
    if not plan["projects"]:
        lines.append("  nothing filed under an alias or another spelling of a project id")
    for project in plan["projects"]:
        lines.append(f"project {project['canonical']} (rows under {', '.join(project['names'])})")
        for label, count in sorted(project["rekey"].items()):
            lines.append(f"  re-key {count} {label}")
        if project["supersede"]:
            lines.append(f"  superseded as duplicates: {', '.join(project['supersede'])}")
        if project["drop_locks"]:
            lines.append(f"  lock nodes dropped: {project['drop_locks']}")
        for c in project["collisions"]:
            shadow = c["shadow"].get("value", c["shadow"].get("id"))
            existing = c["existing"].get("value", c["existing"].get("id"))
            lines.append(f"  COLLISION {c['what']}: {shadow!r} under {c['name']} vs {existing!r}")
    return "\n".join(lines)


@resource_group("migrate", default=None)
def migrate() -> None:
    """Data migrations an operator runs on purpose.

    \b
    Example:
      atocore migrate aliases --dry-run
    """


@migrate.client_command("aliases", render_text)
@click.option("--dry-run", "dry_run", is_flag=True, help="Only plan and report (the default).")
@click.option("--apply", "apply", is_flag=True, help="Re-key the shadow rows (refused while collisions stand).")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the report to REPORT.json and REPORT.txt.",
)
def aliases_cmd(client: AtoCoreClient, dry_run: bool, apply: bool, report: Path | None) -> Any:
    """Rows filed under a project name before it became an alias (or another spelling of an id): re-key them.

    The dry run lists, per project, the rows to re-key, the duplicates that
    become superseded and the collisions; --apply refuses while collisions
    stand (exit code 4) and is idempotent.

    \b
    Examples:
      atocore migrate aliases --dry-run --report aliases-plan
      atocore migrate aliases --apply
    """
    if dry_run and apply:
        raise ValidationError("Give --dry-run or --apply, not both.")
    plan = client.migrate_aliases(apply=apply)
    if report is not None:
        report.with_suffix(".json").write_text(json.dumps(plan, indent=2) + "\n", encoding="utf-8")
        report.with_suffix(".txt").write_text(render_text(plan) + "\n", encoding="utf-8")
    return plan
