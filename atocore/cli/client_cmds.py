"""Client commands: the operator client over the HTTP API.

Each command makes one client call (or a short composition) and prints the
answer: JSON when stdout is not a terminal or with ``--json``, a readable
rendering otherwise. ``--url`` (default ATOCORE_BASE_URL, else the local API)
lets the same commands drive a remote install.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from atocore.client import AtoCoreClient
from atocore.config import get_settings
from atocore.errors import ValidationError

Render = Callable[[Any], str]


def client_command(name: str, render: Render | None = None):
    """A click command with --url/--json that gets an AtoCoreClient as first argument."""

    def decorate(func):
        @click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
        @click.option("--json", "as_json", is_flag=True, help="Print JSON (the default when output is piped).")
        @functools.wraps(func)
        def wrapper(url: str | None, as_json: bool, **kwargs):
            settings = get_settings()
            client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
            try:
                result = func(client, **kwargs)
            finally:
                client.close()
            if result is None:
                return
            if as_json or not sys.stdout.isatty() or render is None:
                click.echo(json.dumps(result, indent=2, default=str))
            else:
                click.echo(render(result))

        return click.command(name)(wrapper)

    return decorate


def read_json_arg(value: str) -> Any:
    """A JSON argument given inline, as @file, or as - for stdin."""
    try:
        if value == "-":
            return json.load(sys.stdin)
        if value.startswith("@"):
            return json.loads(Path(value[1:]).read_text())
        return json.loads(value)
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Could not read JSON from {value[:60]!r}: {exc}") from exc


# -- renderers --------------------------------------------------------------------
def _render_projects(projects: list[dict]) -> str:
    if not projects:
        return "No projects registered. Start from `atocore project-template`."
    lines = []
    for p in projects:
        aliases = f" (aliases: {', '.join(p['aliases'])})" if p.get("aliases") else ""
        roots = ", ".join(f"{r['source']}:{r['subpath'] or '.'}" for r in p.get("ingest_roots", []))
        lines.append(f"{p['id']}{aliases}\n  {p.get('description') or '-'}\n  roots: {roots or '-'}")
    return "\n".join(lines)


def _render_project(project: dict) -> str:
    return _render_projects([project])


def _render_proposal(proposal: dict) -> str:
    head = "valid: can be registered" if proposal["valid"] else "NOT valid:"
    problems = "".join(f"\n  - {p}" for p in proposal["problems"])
    roots = "".join(f"\n  root {r['source']}:{r['subpath'] or '.'} -> {r['path']} ({'exists' if r['exists'] else 'missing'})" for r in proposal["roots"])
    return f"{head}{problems}{roots}"


# -- health, sources, stats ---------------------------------------------------------
@client_command("health")
def health_cmd(client: AtoCoreClient) -> Any:
    """The API's /health report; exit 5 when Neo4j is unavailable.

    \b
    Example:
      atocore health --url http://127.0.0.1:8100
    """
    status, report = client.health()
    if status != 200:
        click.echo(json.dumps(report, indent=2))
        raise SystemExit(5)
    return report


# -- projects -----------------------------------------------------------------------
@client_command("projects", _render_projects)
def projects_cmd(client: AtoCoreClient) -> Any:
    """List registered projects with aliases and ingest roots.

    \b
    Example:
      atocore projects --json
    """
    return client.projects()


@client_command("project-template")
def project_template_cmd(client: AtoCoreClient) -> Any:
    """A starter registration naming this server's sources.

    \b
    Example:
      atocore project-template > p01.json
    """
    return client.project_template()


@client_command("propose-project", _render_proposal)
@click.argument("spec")
def propose_project_cmd(client: AtoCoreClient, spec: str) -> Any:
    """Preview a registration (collisions, roots); changes nothing.

    SPEC is JSON inline, @file or - for stdin.

    \b
    Example:
      atocore propose-project '{"id": "p05-interferometer", "aliases": ["p05"],
        "ingest_roots": [{"source": "vault", "subpath": "projects/p05"}]}'
    """
    return client.propose_project(read_json_arg(spec))


@client_command("register-project", _render_project)
@click.argument("spec")
def register_project_cmd(client: AtoCoreClient, spec: str) -> Any:
    """Register a project (SPEC as for propose-project).

    \b
    Example:
      atocore register-project @p05.json
    """
    return client.register_project(read_json_arg(spec))


@client_command("update-project", _render_project)
@click.argument("name")
@click.option("--description", default=None, help="New one-line description.")
@click.option("--alias", "aliases", multiple=True, help="Replace the aliases (repeat the option).")
@click.option("--roots", default=None, help='Replace ingest roots: JSON list of {"source", "subpath"}.')
def update_project_cmd(client: AtoCoreClient, name: str, description: str | None, aliases: tuple[str, ...], roots: str | None) -> Any:
    """Update a project named by id or alias; its id never changes.

    \b
    Example:
      atocore update-project p05 --description "Phase 2" --alias p05 --alias ifm
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


@client_command("export-projects")
def export_projects_cmd(client: AtoCoreClient) -> Any:
    """Print the registry as JSON, for import-projects on another install.

    \b
    Example:
      atocore export-projects > registry.json
    """
    return client.export_projects()


@client_command("import-projects")
@click.argument("registry")
def import_projects_cmd(client: AtoCoreClient, registry: str) -> Any:
    """Create or update projects from a registry document (@file, - or inline JSON).

    \b
    Example:
      atocore import-projects @registry.json
    """
    return client.import_projects(read_json_arg(registry))


COMMANDS = [
    health_cmd,
    projects_cmd,
    project_template_cmd,
    propose_project_cmd,
    register_project_cmd,
    update_project_cmd,
    export_projects_cmd,
    import_projects_cmd,
]
