"""`atocore source ...`: the source directories projects ingest from."""

from __future__ import annotations

from typing import Any

from atocore.cli.base import resource_group
from atocore.client import AtoCoreClient


def _mark(entry: dict) -> str:
    return "ok" if entry["exists"] else "MISSING"


def _render_sources(report: dict) -> str:
    lines = [f"source {s['name']}: {s['path']} ({_mark(s)})" for s in report["sources"]]
    for project in report["projects"]:
        lines += [
            f"  {project['project']}: {root['source']}:{root['subpath'] or '.'} ({_mark(root)})"
            for root in project["roots"]
        ]
    return "\n".join(lines)


@resource_group("source", "sources")
def source() -> None:
    """Source directories and the project roots inside them.

    Without a subcommand: list.

    \b
    Examples:
      atocore source list
      atocore sources --json
    """


@source.client_command("list", _render_sources)
def list_cmd(client: AtoCoreClient) -> Any:
    """Configured source directories and project roots, and whether they exist.

    \b
    Example:
      atocore source list
    """
    return client.sources()
