"""`atocore import ...` (or `imports`): KB-CAD and KB-FEM exports, and the review of what each import brought."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from atocore.cli.base import page_options, resource_group
from atocore.cli.output import Column, Table, progress_bars
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError


# -- renderers ---------------------------------------------------------------------------
def _render_report(report: dict) -> str:
    s = report["summary"]
    head = "already imported: nothing changed" if report.get("repeated") else "imported"
    lines = [
        f"{head}: {report['import_id']} ({report['tool']} {report['exporter_version']}, "
        f"exported {report['exported_at']}) into {report['project']}",
        f"  {s['records']} records: {s['created']} created, {s['unchanged']} unchanged, "
        f"{s['previously_decided']} previously decided, {s['failed']} failed; "
        f"{s['relationships_created']} relationships created",
    ]
    if report.get("entities_by_status"):
        lines.append(
            "  its entities now: "
            + ", ".join(f"{n} {status}" for status, n in sorted(report["entities_by_status"].items()))
        )
    lines += [
        f"  changed {c['type']} {c['key']} ({c['change']}: {', '.join(c['differs'])}) -> {c['id']}"
        for c in report.get("changed", [])
    ]
    lines += [f"  conflict {c['id']} [{c['status']}] {c['slot']}" for c in report.get("conflicts", [])]
    lines += [
        f"  {r['status']:<10} {r['type']} {r['key']} ({r['id']})"
        + (f" in conflict {', '.join(r['open_conflicts'])}" if r["open_conflicts"] else "")
        for r in report.get("records", [])
    ]
    lines += [f"  unresolved {u['path']}: {u['message']}" for u in report.get("unresolved", [])]
    lines += [f"  failed {f['path']}: {f['message']}" for f in report.get("failed", [])]
    lines += [
        f"  previously {d['status']}: {d['type']} {d['key']} ({d['id']})" for d in report.get("previously_decided", [])
    ]
    if report.get("ignored_fields"):
        lines.append(f"  ignored fields: {', '.join(report['ignored_fields'])}")
    if not report.get("repeated") and s["created"]:
        lines.append(f"  review: atocore imports promote {report['import_id']}  (or GET /entities?status=candidate)")
    return "\n".join(lines)


IMPORTS = Table(
    rows="imports",
    columns=(
        "import_id",
        "tool",
        "exporter_version",
        "project",
        "status",
        "exported_at",
        "last_seen_at",
        Column("records", lambda i: i["summary"]["records"]),
        Column("created", lambda i: i["summary"]["created"]),
        Column("conflicts", lambda i: i["summary"]["conflicts"]),
    ),
    empty="No imports.",
)


def _render_review(verb: str):
    def render(report: dict) -> str:
        by_type = report[f"{verb}_by_type"]
        lines = [
            f"{verb} {report[verb]} entities of import {report['import_id']}"
            + (f" ({', '.join(f'{n} {t}' for t, n in sorted(by_type.items()))})" if by_type else "")
        ]
        lines += [f"  skipped {s['type']} {s['key']} ({s['id']}): {s['reason']}" for s in report["skipped"]]
        lines.append(
            "  its relationships: "
            + (", ".join(f"{n} {status}" for status, n in sorted(report["relationships"].items())) or "none")
        )
        return "\n".join(lines)

    return render


def _read_export(file: IO[str], project: str | None) -> Any:
    try:
        export = json.load(file)
    except ValueError as exc:
        raise ValidationError(f"{file.name} is not JSON: {exc}") from exc
    if project is not None and isinstance(export, dict):
        export["project"] = project
    return export


# -- the commands ------------------------------------------------------------------------
@resource_group("import", "imports")
def import_group() -> None:
    """Import KB-CAD and KB-FEM exports and review what they brought.

    An export's records become candidates; `promote` and `reject` review an
    import as a whole. Without a subcommand: list.

    \b
    Examples:
      atocore import kb-cad export.json --project p05
      atocore import kb-fem fem-export.json
      atocore imports list --project p05
      atocore imports promote 2c3f... --reason "checked against the drawings"
    """


def _import_command(tool: str, what: str) -> None:
    @import_group.client_command(tool, _render_report)
    @click.argument("file", type=click.File("r"))
    @click.option("--project", default=None, help="Project id or alias; replaces the export's project field.")
    def command(client: AtoCoreClient, file: IO[str], project: str | None) -> Any:
        export = _read_export(file, project)
        with progress_bars("importing") as progress:
            return client.import_export(tool, export, progress)

    command.help = (
        f"Import a {tool.upper()} export ({what}) from FILE (- for stdin).\n\n"
        "Records become candidates (nothing is promoted); a changed value becomes a candidate in conflict with "
        "the active one; posting the same content again changes nothing.\n\n"
        f"\b\nExample:\n  atocore import {tool} {tool}-export.json --project p05"
    )


_import_command("kb-cad", "subsystems, components, materials, parameters")
_import_command("kb-fem", "analysis models and results")


@import_group.client_command("list", table=IMPORTS)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--tool", default=None, help="Only kb-cad or kb-fem.")
@page_options
def list_cmd(client: AtoCoreClient, project: str | None, tool: str | None, limit: int | None, all_pages: bool) -> Any:
    """List imports, most recently seen first.

    \b
    Example:
      atocore imports list --project p05 --tool kb-cad
    """
    return client.imports(project=project, tool=tool, limit=limit, all_pages=all_pages)


@import_group.client_command("show", _render_report)
@click.argument("import_id")
def show_cmd(client: AtoCoreClient, import_id: str) -> Any:
    """One import's report: counts, changed records, conflicts, unresolved references.

    \b
    Example:
      atocore imports show 2c3f9a1e-...
    """
    return client.get_import(import_id)


@import_group.client_command("promote", _render_review("promoted"))
@click.argument("import_id")
@click.option("--reason", default=None, help="Why; recorded on every review record.")
def promote_cmd(client: AtoCoreClient, import_id: str, reason: str | None) -> Any:
    """Promote an import's candidates that are in no open conflict; lists what it skipped and why.

    \b
    Example:
      atocore imports promote 2c3f9a1e-... --reason "matches the released drawings"
    """
    return client.promote_import(import_id, reason)


@import_group.client_command("reject", _render_review("rejected"))
@click.argument("import_id")
@click.option("--reason", default=None, help="Why; recorded on every review record.")
def reject_cmd(client: AtoCoreClient, import_id: str, reason: str | None) -> Any:
    """Reject every candidate an import still holds (a wrong or broken export); reviewed entities stay as they are.

    \b
    Example:
      atocore imports reject 2c3f9a1e-... --reason "exported from the wrong branch"
    """
    return client.reject_import(import_id, reason)


@import_group.client_command("schema")
@click.argument("tool", type=click.Choice(["kb-cad", "kb-fem"]))
def schema_cmd(client: AtoCoreClient, tool: str) -> Any:
    """Print the JSON Schema of a tool's export.

    \b
    Example:
      atocore imports schema kb-cad > kb-cad-export.schema.json
    """
    return client.export_schema(tool)
