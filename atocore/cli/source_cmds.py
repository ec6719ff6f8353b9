"""`atocore source ...`: the source directories projects ingest from, changed while the server runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from atocore.cli.base import resource_group
from atocore.cli.output import Table
from atocore.client import AtoCoreClient


def _mark(entry: dict) -> str:
    return "ok" if entry["exists"] else "MISSING"


def _origin(entry: dict) -> str:
    return ", ATOCORE_SOURCES" if entry.get("configured") else ""


def _roots(report: dict) -> str:
    lines = [
        f"  {project['project']}: {root['source']}:{root['subpath'] or '.'} ({_mark(root)})"
        for project in report["projects"]
        for root in project["roots"]
    ]
    return "\n".join(["project roots:", *lines]) if lines else ""


SOURCES = Table(
    rows="sources",
    columns=("name", "path", "exists", "configured"),
    summary=_roots,
    empty="no sources yet: atocore sources add NAME PATH",
)


def _render_source(entry: dict) -> str:
    line = f"source {entry['name']}: {entry['path']} ({_mark(entry)}{_origin(entry)})"
    if entry.get("project"):
        line += f"\nproject {entry['project']['id']} reads it: atocore project refresh {entry['project']['id']}"
    return line


@resource_group("source", "sources")
def source() -> None:
    """Source directories and the project roots inside them.

    Without a subcommand: list. A source added here is usable at once (no
    restart); it must lie under ATOCORE_SOURCE_ROOTS (default: your home).

    \b
    Examples:
      atocore sources add notes ~/notes
      atocore source list
      atocore sources remove notes
    """


@source.client_command("list", table=SOURCES)
def list_cmd(client: AtoCoreClient) -> Any:
    """Source directories and project roots, and whether they exist.

    \b
    Example:
      atocore source list
    """
    return client.sources()


@source.client_command("add", _render_source)
@click.argument("name")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--project", "project_id", default=None, help="Also register project PROJECT_ID that reads the whole source."
)
def add_cmd(client: AtoCoreClient, name: str, path: Path, project_id: str | None) -> Any:
    """Add directory PATH as source NAME, effective at once.

    PATH is sent as an absolute path (relative to where you run the command);
    the server refuses system directories and paths outside
    ATOCORE_SOURCE_ROOTS, symlinks included, saying which root and why.
    With --project, a new project reading the whole source is registered too.

    \b
    Examples:
      atocore sources add notes ~/notes --project my-notes
      atocore project refresh my-notes
    """
    added = client.add_source(name, str(path.expanduser().absolute()))
    if project_id:
        added["project"] = client.register_project({"id": project_id, "ingest_roots": [{"source": name}]})
    return added


@source.client_command("remove", _render_source)
@click.argument("name")
def remove_cmd(client: AtoCoreClient, name: str) -> Any:
    """Remove source NAME; refused while a project's ingest roots use it.

    Sources from ATOCORE_SOURCES come back at the next server start.

    \b
    Example:
      atocore sources remove notes
    """
    return client.remove_source(name)
