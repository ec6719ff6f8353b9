"""`atocore project ...`: the project registry, ingestion of a project's roots, and per-project counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from atocore.cli.base import complete_projects, read_json_arg, resource_group
from atocore.cli.output import Column, Table, progress_bars
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError


# -- renderers ----------------------------------------------------------------------
def _roots(project: dict) -> str:
    return ", ".join(f"{r['source']}:{r['subpath'] or '.'}" for r in project.get("ingest_roots", []))


PROJECTS = Table(
    columns=("id", "aliases", "description", Column("roots", _roots)),
    empty="No projects registered. Start from `atocore project template`.",
)
STATS = Table(
    rows=lambda stats: [*stats.get("projects", []), {"project": "total", **stats.get("totals", {})}],
    columns=("project", "documents", "chunks", "chunks_with_vectors"),
)


def _render_project(p: dict) -> str:
    aliases = f" (aliases: {', '.join(p['aliases'])})" if p.get("aliases") else ""
    return f"{p['id']}{aliases}\n  {p.get('description') or '-'}\n  roots: {_roots(p) or '-'}"


def _render_proposal(proposal: dict) -> str:
    head = "valid: can be registered" if proposal["valid"] else "NOT valid:"
    problems = "".join(f"\n  - {p}" for p in proposal["problems"])
    roots = "".join(
        f"\n  root {r['source']}:{r['subpath'] or '.'} -> {r['path']} ({'exists' if r['exists'] else 'missing'})"
        for r in proposal["roots"]
    )
    return f"{head}{problems}{roots}"


def _render_ingest(report: dict) -> str:
    lines = []
    for r in report.get("reports", [report]):
        lines.append(
            f"{r['project']}: {r['documents_seen']} seen, {r['documents_added']} added, "
            f"{r['documents_updated']} updated, {r['documents_unchanged']} unchanged, "
            f"{r['documents_removed']} removed; {r['chunks_written']} chunks written in {r['duration_ms']} ms"
        )
        lines += [f"  skipped {s['path']}: {s['reason']}" for s in r.get("skipped", [])]
    lines += [f"FAILED {f['project']}: {f['message']}" for f in report.get("failures", [])]
    return "\n".join(lines) or "No project has ingest roots."


# -- commands ---------------------------------------------------------------------------
@resource_group("project", "projects")
def project() -> None:
    """Register, list, update and refresh projects.

    Without a subcommand: list.

    \b
    Examples:
      atocore project list
      atocore project register @p05.json
      atocore project refresh p05
      atocore projects --json          # the same as `project list --json`
    """


@project.client_command("list", table=PROJECTS)
def list_cmd(client: AtoCoreClient) -> Any:
    """List registered projects with aliases and ingest roots.

    \b
    Example:
      atocore project list --json
    """
    return client.projects()


@project.client_command("show", _render_project)
@click.argument("name", shell_complete=complete_projects)
def show_cmd(client: AtoCoreClient, name: str) -> Any:
    """One project, named by id or alias.

    \b
    Example:
      atocore project show p05
    """
    return client.project(name)


@project.client_command("template")
def template_cmd(client: AtoCoreClient) -> Any:
    """A starter registration naming this server's sources.

    \b
    Example:
      atocore project template > p01.json
    """
    return client.project_template()


@project.client_command("propose", _render_proposal)
@click.argument("spec")
def propose_cmd(client: AtoCoreClient, spec: str) -> Any:
    """Preview a registration (collisions, roots); changes nothing.

    SPEC is JSON inline, @file or - for stdin.

    \b
    Example:
      atocore project propose '{"id": "p05-interferometer", "aliases": ["p05"],
        "ingest_roots": [{"source": "vault", "subpath": "projects/p05"}]}'
    """
    return client.propose_project(read_json_arg(spec))


@project.client_command("register", _render_project)
@click.argument("spec")
def register_cmd(client: AtoCoreClient, spec: str) -> Any:
    """Register a project (SPEC as for `project propose`).

    \b
    Example:
      atocore project register @p05.json
    """
    return client.register_project(read_json_arg(spec))


@project.client_command("update", _render_project)
@click.argument("name", shell_complete=complete_projects)
@click.option("--description", default=None, help="New one-line description.")
@click.option("--alias", "aliases", multiple=True, help="Replace the aliases (repeat the option).")
@click.option("--roots", default=None, help='Replace ingest roots: JSON list of {"source", "subpath"}.')
def update_cmd(
    client: AtoCoreClient, name: str, description: str | None, aliases: tuple[str, ...], roots: str | None
) -> Any:
    """Update a project named by id or alias; its id never changes.

    \b
    Example:
      atocore project update p05 --description "Phase 2" --alias p05 --alias ifm
    """
    change: dict[str, Any] = {}
    if description is not None:
        change["description"] = description
    if aliases:
        change["aliases"] = list(aliases)
    if roots is not None:
        change["ingest_roots"] = read_json_arg(roots)
    if not change:
        raise ValidationError("Nothing to update: give --description, --alias or --roots.")
    return client.update_project(name, change)


def _is_export(path: Path) -> bool:
    """A project export is a gzip file; a registry document is JSON."""
    try:
        with path.open("rb") as raw:
            return raw.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def _render_export(report: dict) -> str:
    counts = ", ".join(f"{n} {label}" for label, n in report["node_counts"].items())
    return (
        f"exported {report['project']} to {report['path']}: {report['nodes']} nodes, "
        f"{report['relationships']} relationships, {report['bytes']} bytes\n  {counts}"
    )


def _render_import(report: dict) -> str:
    if "nodes_created" not in report:  # a registry import
        return json.dumps(report, indent=2)
    source = f" (exported as {report['source_project']})" if report["source_project"] != report["project"] else ""
    return (
        f"imported {report['project']}{source}: {report['nodes_created']} nodes created, "
        f"{report['nodes_already_there']} already there; {report['relationships_created']} relationships created, "
        f"{report['relationships_already_there']} already there"
    )


@project.client_command("export", _render_export)
@click.argument("name", required=False)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_cmd(client: AtoCoreClient, name: str | None, file: Path | None) -> Any:
    """Export one project's whole knowledge to FILE (ids preserved); without arguments, print the registry as JSON.

    The file carries the project's state with history, memories, interactions,
    documents and chunks (with vectors), entities with their versions,
    relationships, conflicts, imports and review records; `project import
    FILE` reads it on another instance.

    \b
    Examples:
      atocore project export p05 p05.atocore.gz
      atocore project export > registry.json
    """
    if name is None:
        return client.export_projects()
    if file is None:
        raise ValidationError("Give the FILE to write: atocore project export NAME FILE")
    with progress_bars("exporting") as progress:
        return client.export_project(name, file, progress)


@project.client_command("import", _render_import)
@click.argument("source")
@click.option("--as", "as_id", default=None, help="Import the exported project under this project id.")
def import_cmd(client: AtoCoreClient, source: str, as_id: str | None) -> Any:
    """Import a project export FILE (from `project export NAME FILE`), or a registry document (@file, - or JSON).

    Importing an export twice changes nothing; ids that already hold other
    content refuse the import (exit code 4, the ids listed). At a terminal,
    progress bars count the bytes sent and the nodes and relationships written.

    \b
    Examples:
      atocore project import p05.atocore.gz
      atocore project import p05.atocore.gz --as p05-copy
      atocore project import @registry.json
    """
    path = Path(source)
    if _is_export(path):
        with progress_bars("importing") as progress:
            return client.import_project(path, as_id, progress)
    if as_id is not None:
        raise ValidationError(f"{source} is not a project export: --as only applies to one.")
    return client.import_projects(read_json_arg(source))


@project.client_command("refresh", _render_ingest)
@click.argument("name", required=False, shell_complete=complete_projects)
@click.option("--all", "every", is_flag=True, help="Every registered project that has ingest roots.")
def refresh_cmd(client: AtoCoreClient, name: str | None, every: bool) -> Any:
    """Re-ingest a project's roots (incremental), or every project's with --all.

    At a terminal, progress bars count the files read and the chunks embedded,
    with their rate and the time left.

    \b
    Examples:
      atocore project refresh p05
      atocore project refresh --all
    """
    if every and name is not None:
        raise ValidationError("Give a project NAME or --all, not both.")
    if not every and name is None:
        raise ValidationError("Give a project NAME, or --all for every project.")
    with progress_bars("ingesting") as progress:
        return client.ingest_sources(progress) if every else client.refresh_project(str(name), progress)


@project.client_command("detect")
@click.argument("prompt")
def detect_cmd(client: AtoCoreClient, prompt: str) -> Any:
    """Find a registered project id or alias in a prompt (whole words, any case).

    \b
    Example:
      atocore project detect "status of p05 alignment?"
    """
    return {"prompt": prompt, "project": client.detect_project(prompt)}


@project.client_command("stats", table=STATS)
def stats_cmd(client: AtoCoreClient) -> Any:
    """Documents, chunks and vectors per project.

    \b
    Example:
      atocore project stats --json
    """
    return client.stats()
