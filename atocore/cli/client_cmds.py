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


def client_command(name: str, render: Render | None = None, json_view: Callable[[Any], Any] | None = None):
    """A click command with --url/--json that gets an AtoCoreClient as first argument.

    ``json_view`` picks what JSON output shows of the result (default: all of it).
    """

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
                click.echo(json.dumps(json_view(result) if json_view else result, indent=2, default=str))
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
    roots = "".join(
        f"\n  root {r['source']}:{r['subpath'] or '.'} -> {r['path']} ({'exists' if r['exists'] else 'missing'})"
        for r in proposal["roots"]
    )
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
def update_project_cmd(
    client: AtoCoreClient, name: str, description: str | None, aliases: tuple[str, ...], roots: str | None
) -> Any:
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


# -- interactions and the reflection loop ---------------------------------------------------
def _render_interactions(body: dict) -> str:
    if not body["interactions"]:
        return "No interactions match."
    lines = []
    for i in body["interactions"]:
        where = " ".join(f"{k}={i[k]}" for k in ("project", "client", "session_id") if i.get(k))
        lines.append(f"{i['id']}  {i['created_at']}  {where}\n  {i['prompt'][:100]}")
    return "\n".join(lines)


def _render_queue(body: dict) -> str:
    if not body["memories"]:
        return "The review queue is empty."
    return "\n".join(
        f"{m['id']}  [{m['memory_type']}] {m.get('project') or 'global'} ({m['confidence']:.2f})\n  {m['content']}"
        for m in body["memories"]
    )


def _text_arg(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


@client_command("capture")
@click.argument("prompt")
@click.argument("response")
@click.option("--project", default=None, help="Project id or alias the exchange belongs to.")
@click.option("--client", "client_name", default=None, help="Which client captured it, e.g. claude-code.")
@click.option("--session-id", default=None, help="The client's session id.")
@click.option("--no-reinforce", is_flag=True, help="Store only; do not reinforce matching memories.")
def capture_cmd(
    client: AtoCoreClient,
    prompt: str,
    response: str,
    project: str | None,
    client_name: str | None,
    session_id: str | None,
    no_reinforce: bool,
) -> Any:
    """Store a prompt/response pair as an interaction.

    PROMPT and RESPONSE are text; give - for either to read it from stdin.

    \b
    Example:
      atocore capture "Which DB?" "We decided to use Neo4j." --project p05 --client cli --no-reinforce
    """
    if prompt == "-" and response == "-":
        raise ValidationError("Only one of PROMPT and RESPONSE can be read from stdin (-).")
    return client.capture(
        _text_arg(prompt),
        _text_arg(response),
        project=project,
        client=client_name,
        session_id=session_id,
        reinforce=not no_reinforce,
    )


@client_command("extract")
@click.argument("interaction_id")
@click.option("--persist", is_flag=True, help="Store the candidates for review (default: preview, writes nothing).")
def extract_cmd(client: AtoCoreClient, interaction_id: str, persist: bool) -> Any:
    """Propose candidate memories from an interaction's response by rule.

    \b
    Example:
      atocore extract 3f2c9a1e-... --persist
    """
    return client.extract(interaction_id, persist=persist)


@client_command("reinforce-interaction")
@click.argument("interaction_id")
def reinforce_interaction_cmd(client: AtoCoreClient, interaction_id: str) -> Any:
    """Reinforce the active memories an interaction's response restates (safe to repeat).

    \b
    Example:
      atocore reinforce-interaction 3f2c9a1e-...
    """
    return client.reinforce_interaction(interaction_id)


@client_command("list-interactions", _render_interactions)
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--session-id", default=None, help="Only this session.")
@click.option("--client", "client_name", default=None, help="Only this client.")
@click.option("--since", default=None, help="Only at or after this ISO 8601 instant (no offset means UTC).")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def list_interactions_cmd(
    client: AtoCoreClient,
    project: str | None,
    session_id: str | None,
    client_name: str | None,
    since: str | None,
    limit: int | None,
) -> Any:
    """List interactions, newest first.

    \b
    Example:
      atocore list-interactions --project p05 --since 2026-04-07T00:00:00Z --limit 10
    """
    return client.list_interactions(
        project=project, session_id=session_id, client=client_name, since=since, limit=limit
    )


@client_command("get-interaction")
@click.argument("interaction_id")
def get_interaction_cmd(client: AtoCoreClient, interaction_id: str) -> Any:
    """Show one interaction with the memories and chunks it used.

    \b
    Example:
      atocore get-interaction 3f2c9a1e-...
    """
    return client.get_interaction(interaction_id)


# -- the review queue ----------------------------------------------------------------------
@client_command("queue", _render_queue)
@click.option("--project", default=None, help="Only this project's candidates (id or alias).")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def queue_cmd(client: AtoCoreClient, project: str | None, limit: int | None) -> Any:
    """Candidate memories waiting for review.

    \b
    Example:
      atocore queue --project p05 --limit 20
    """
    return client.queue(project=project, limit=limit)


@client_command("promote")
@click.argument("memory_id")
@click.option("--reason", default=None, help="Why; kept on the memory and in the review record.")
def promote_cmd(client: AtoCoreClient, memory_id: str, reason: str | None) -> Any:
    """Promote a candidate memory to active (exit 4 if it is not a candidate).

    \b
    Example:
      atocore promote 9b1d... --reason "confirmed in the design review"
    """
    return client.promote(memory_id, reason)


@client_command("reject")
@click.argument("memory_id")
@click.option("--reason", default=None, help="Why; kept on the memory and in the review record.")
def reject_cmd(client: AtoCoreClient, memory_id: str, reason: str | None) -> Any:
    """Reject a candidate memory (it becomes invalid; exit 4 if it is not a candidate).

    \b
    Example:
      atocore reject 9b1d... --reason "one-off remark, not a decision"
    """
    return client.reject(memory_id, reason)


@client_command("reviews")
@click.option("--target-id", default=None, help="Only reviews of this memory.")
@click.option("--action", default=None, help="Only promote or reject.")
@click.option("--limit", type=int, default=None, help="At most this many (default 50, at most 500).")
def reviews_cmd(client: AtoCoreClient, target_id: str | None, action: str | None, limit: int | None) -> Any:
    """List applied reviews, newest first.

    \b
    Example:
      atocore reviews --action reject --limit 10
    """
    return client.reviews(target_id=target_id, action=action, limit=limit)


COMMANDS = [
    health_cmd,
    projects_cmd,
    project_template_cmd,
    propose_project_cmd,
    register_project_cmd,
    update_project_cmd,
    export_projects_cmd,
    import_projects_cmd,
    capture_cmd,
    extract_cmd,
    reinforce_interaction_cmd,
    list_interactions_cmd,
    get_interaction_cmd,
    queue_cmd,
    promote_cmd,
    reject_cmd,
    reviews_cmd,
]
