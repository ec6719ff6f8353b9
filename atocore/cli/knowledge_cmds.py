"""Client commands for ingestion, retrieval, context, trusted state and memories."""

from __future__ import annotations

import sys
from typing import Any

import click

from atocore.cli.client_cmds import client_command, read_json_arg
from atocore.client import AtoCoreClient


# -- renderers ------------------------------------------------------------------------
def _render_sources(report: dict) -> str:
    lines = [f"source {s['name']}: {s['path']} ({'ok' if s['exists'] else 'MISSING'})" for s in report["sources"]]
    for project in report["projects"]:
        for root in project["roots"]:
            lines.append(
                f"  {project['project']}: {root['source']}:{root['subpath'] or '.'} ({'ok' if root['exists'] else 'MISSING'})"
            )
    return "\n".join(lines)


def _render_stats(stats: dict) -> str:
    rows = [f"{'project':24} {'documents':>9} {'chunks':>8} {'vectors':>8}"]
    for p in stats.get("projects", []):
        rows.append(f"{p['project']:24} {p['documents']:>9} {p['chunks']:>8} {p['chunks_with_vectors']:>8}")
    totals = stats.get("totals", {})
    rows.append(
        f"{'total':24} {totals.get('documents', 0):>9} {totals.get('chunks', 0):>8} {totals.get('chunks_with_vectors', 0):>8}"
    )
    return "\n".join(rows)


def _render_ingest(report: dict) -> str:
    reports = report.get("reports", [report])
    lines = []
    for r in reports:
        lines.append(
            f"{r['project']}: {r['documents_seen']} seen, {r['documents_added']} added, {r['documents_updated']} updated, "
            f"{r['documents_unchanged']} unchanged, {r['documents_removed']} removed; {r['chunks_written']} chunks written "
            f"in {r['duration_ms']} ms"
        )
        lines += [f"  skipped {s['path']}: {s['reason']}" for s in r.get("skipped", [])]
    lines += [f"FAILED {f['project']}: {f['message']}" for f in report.get("failures", [])]
    return "\n".join(lines) or "No project has ingest roots."


def _render_state(state: dict) -> str:
    if not state["entries"]:
        return f"No trusted state for {state['project']}."
    return "\n".join(
        f"[{e['category']}] {e['key']}: {e['value']}" + ("" if e["status"] == "active" else f"  ({e['status']})")
        for e in state["entries"]
    )


def _render_hits(result: dict) -> str:
    lines = []
    for i, hit in enumerate(result["hits"], 1):
        where = f"{hit['source_file']} › {hit['heading_path']}" if hit["heading_path"] else hit["source_file"]
        lines.append(f"{i:2}. {hit['score']:.4f}  {where}\n    {hit['text'][:160].strip()}")
    return "\n".join(lines) or "No results."


def _render_pack(pack: dict) -> str:
    banner = f"chunks={pack['chunks_used']}, entities={pack.get('entities_used', 0)}, memories={pack['memories_used']}, state={pack['state_used']}, chars={pack['total_chars']}/{pack['budget']}, duration={pack['duration_ms']}ms"
    chunks = "\n".join(f"- {c['source_file']} › {c['heading_path']} ({c['score']:.4f})" for c in pack["chunks"])
    return f"{banner}\n\n{pack['formatted_context'] or '(empty)'}\n\n{chunks}".rstrip()


def _render_memories(listing: dict) -> str:
    rows = [f"{m['id']}  [{m['status']}] ({m['memory_type']}) {m['content'][:100]}" for m in listing["memories"]]
    return "\n".join(rows) or "No memories."


def _progress_bar():
    """A progress callback drawing a bar on stderr (only at a terminal)."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=max(total, 1), label="ingesting", file=sys.stderr)
            bar.__enter__()
        bar.length = max(total, 1)
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


# -- commands --------------------------------------------------------------------------
@client_command("sources", _render_sources)
def sources_cmd(client: AtoCoreClient) -> Any:
    """Configured source directories and project roots, and whether they exist.

    \b
    Example:
      atocore sources
    """
    return client.sources()


@client_command("stats", _render_stats)
def stats_cmd(client: AtoCoreClient) -> Any:
    """Documents, chunks and vectors per project.

    \b
    Example:
      atocore stats --json
    """
    return client.stats()


@client_command("refresh-project", _render_ingest)
@click.argument("name")
def refresh_project_cmd(client: AtoCoreClient, name: str) -> Any:
    """Re-ingest a project's roots (incremental), with a progress bar.

    \b
    Example:
      atocore refresh-project p05
    """
    return client.refresh_project(name, _progress_bar())


@client_command("ingest-sources", _render_ingest)
def ingest_sources_cmd(client: AtoCoreClient) -> Any:
    """Re-ingest every registered project that has ingest roots.

    \b
    Example:
      atocore ingest-sources
    """
    return client.ingest_sources(_progress_bar())


@client_command("project-state", _render_state)
@click.argument("project")
@click.option("--history", is_flag=True, help="Include superseded and invalidated entries.")
@click.option("--category", default=None, help="Only this category.")
def project_state_cmd(client: AtoCoreClient, project: str, history: bool, category: str | None) -> Any:
    """A project's trusted state (the top of the trust hierarchy).

    \b
    Example:
      atocore project-state p05 --history
    """
    return client.project_state(project, include_history=history, category=category)


@client_command("project-state-set")
@click.argument("project")
@click.argument("category")
@click.argument("key")
@click.argument("value")
@click.option("--source", default=None, help="Where this fact comes from.")
@click.option("--confidence", default=None, type=float, help="0..1 (default 1.0).")
def project_state_set_cmd(
    client: AtoCoreClient,
    project: str,
    category: str,
    key: str,
    value: str,
    source: str | None,
    confidence: float | None,
) -> Any:
    """Curate one trusted state entry; a new value supersedes the old one.

    \b
    Example:
      atocore project-state-set p05 status phase "integration" --source "weekly review"
    """
    return client.set_project_state(
        project=project, category=category, key=key, value=value, source=source, confidence=confidence
    )


@client_command("project-state-invalidate")
@click.argument("project")
@click.argument("category")
@click.argument("key")
@click.option("--reason", default=None, help="Why the entry no longer holds.")
def project_state_invalidate_cmd(
    client: AtoCoreClient, project: str, category: str, key: str, reason: str | None
) -> Any:
    """Invalidate a trusted state entry.

    \b
    Example:
      atocore project-state-invalidate p05 status phase --reason "phase closed"
    """
    return client.invalidate_project_state(project=project, category=category, key=key, reason=reason)


@client_command("query", _render_hits)
@click.argument("prompt")
@click.option("--project", default=None, help="Restrict to a project (id or alias).")
@click.option("--top-k", default=10, show_default=True, type=int, help="How many chunks.")
def query_cmd(client: AtoCoreClient, prompt: str, project: str | None, top_k: int) -> Any:
    """Hybrid retrieval over ingested chunks.

    \b
    Example:
      atocore query "lateral support pad material" --project p05 --top-k 5
    """
    return client.query(prompt, top_k=top_k, project=project)


@client_command("context-build", _render_pack)
@click.argument("prompt")
@click.option("--project", default=None, help="Project id or alias (unknown names still work).")
@click.option("--budget", default=None, type=int, help="Character budget (default from the server).")
def context_build_cmd(client: AtoCoreClient, prompt: str, project: str | None, budget: int | None) -> Any:
    """The trust-ordered context pack an LLM client would receive.

    \b
    Example:
      atocore context-build "what constrains the mirror cell?" --project p05
    """
    return client.context_build(prompt, project=project, budget=budget)


@client_command("debug-context", _render_pack)
def debug_context_cmd(client: AtoCoreClient) -> Any:
    """The last context pack the API built.

    \b
    Example:
      atocore debug-context
    """
    return client.debug_context()


@client_command("detect-project")
@click.argument("prompt")
def detect_project_cmd(client: AtoCoreClient, prompt: str) -> Any:
    """Find a registered project id or alias in a prompt (whole words, any case).

    \b
    Example:
      atocore detect-project "status of p05 alignment?"
    """
    return {"prompt": prompt, "project": client.detect_project(prompt)}


@client_command("auto-context", _render_pack)
@click.argument("prompt")
@click.option("--budget", default=None, type=int, help="Character budget.")
def auto_context_cmd(client: AtoCoreClient, prompt: str, budget: int | None) -> Any:
    """detect-project, then context-build with what it found.

    \b
    Example:
      atocore auto-context "what did we decide about p05 pads?"
    """
    return client.auto_context(prompt, budget=budget)


@client_command("audit-query")
@click.argument("prompt")
@click.option("--project", required=True, help="The project the prompt is about.")
@click.option("--top-k", default=10, show_default=True, type=int)
def audit_query_cmd(client: AtoCoreClient, prompt: str, project: str, top_k: int) -> Any:
    """Search across all projects and label hits in-project / other-project / no-project.

    \b
    Example:
      atocore audit-query "support pads" --project p05
    """
    return client.audit_query(prompt, project, top_k=top_k)


@client_command("memory-add")
@click.argument("memory_type")
@click.argument("content")
@click.option("--project", default=None, help="Project id or alias (omit for a global memory).")
@click.option("--confidence", default=None, type=float, help="0..1.")
@click.option("--candidate", is_flag=True, help="Create it as a candidate for review instead of active.")
def memory_add_cmd(
    client: AtoCoreClient,
    memory_type: str,
    content: str,
    project: str | None,
    confidence: float | None,
    candidate: bool,
) -> Any:
    """Create a memory (types: identity, preference, project, episodic, knowledge, adaptation).

    \b
    Example:
      atocore memory-add preference "Prefers SI units" --project p05
    """
    return client.create_memory(
        memory_type=memory_type,
        content=content,
        project=project,
        confidence=confidence,
        status="candidate" if candidate else None,
    )


@client_command("memories", _render_memories)
@click.option("--type", "memory_type", default=None, help="Only this memory type.")
@click.option("--project", default=None, help="Only this project (id or alias).")
@click.option("--status", default=None, help="candidate | active | superseded | invalid | graduated.")
@click.option("--limit", default=None, type=int, help="At most this many (server caps at 500).")
def memories_cmd(
    client: AtoCoreClient, memory_type: str | None, project: str | None, status: str | None, limit: int | None
) -> Any:
    """List memories, newest first.

    \b
    Example:
      atocore memories --project p05 --status active
    """
    return client.memories(memory_type=memory_type, project=project, status=status, limit=limit)


@client_command("memory-update")
@click.argument("memory_id")
@click.option("--content", default=None)
@click.option("--confidence", default=None, type=float)
@click.option("--status", default=None, help="A review: candidate -> active|invalid, active -> superseded|invalid.")
@click.option("--reason", default=None, help="Why the status changes (kept in the review record).")
def memory_update_cmd(
    client: AtoCoreClient,
    memory_id: str,
    content: str | None,
    confidence: float | None,
    status: str | None,
    reason: str | None,
) -> Any:
    """Change a memory's content, confidence or status (a status change is recorded as a review).

    \b
    Example:
      atocore memory-update 3f2a... --confidence 0.9
      atocore memory-update 3f2a... --status superseded --reason "replaced by the March decision"
    """
    return client.update_memory(memory_id, content=content, confidence=confidence, status=status, reason=reason)


def _render_graduation(result: dict) -> str:
    memory, entity = result["memory"], result["entity"]
    orphan = "  (orphan provenance: no chunk or interaction behind it)" if entity.get("orphan_provenance") else ""
    return (
        f"memory {memory['id']} graduated -> {entity['type']} {entity['id']} [{entity['status']}] "
        f"{entity['key']} in {entity['project']}{orphan}"
    )


@client_command("memory-graduate", _render_graduation)
@click.argument("memory_id")
@click.option(
    "--type",
    "target_type",
    default=None,
    help="Entity type (default: adaptation -> Decision, project -> Requirement, knowledge -> Fact).",
)
@click.option("--project", default=None, help="Project id or alias, only for a global memory.")
@click.option("--name", default=None, help="Entity name (default: the content's first line).")
@click.option("--key", default=None, help="Entity key (default: <type>.<slug of name>).")
@click.option(
    "--properties", default=None, help="Typed facts as JSON (inline, @file or -), over those filled from the content."
)
@click.option("--reason", default=None, help="Why; kept in the review record.")
def memory_graduate_cmd(
    client: AtoCoreClient,
    memory_id: str,
    target_type: str | None,
    project: str | None,
    name: str | None,
    key: str | None,
    properties: str | None,
    reason: str | None,
) -> Any:
    """Graduate an active memory into a candidate engineering entity (exit 4 if it is not active).

    \b
    Example:
      atocore memory-graduate 3f2a...
      atocore memory-graduate 3f2a... --type Constraint --properties '{"value": 2, "unit": "Nm"}'
    """
    return client.graduate_memory(
        memory_id,
        target_type=target_type,
        project=project,
        name=name,
        key=key,
        properties=read_json_arg(properties) if properties else None,
        reason=reason,
    )


COMMANDS = [
    sources_cmd,
    stats_cmd,
    refresh_project_cmd,
    ingest_sources_cmd,
    project_state_cmd,
    project_state_set_cmd,
    project_state_invalidate_cmd,
    query_cmd,
    context_build_cmd,
    debug_context_cmd,
    detect_project_cmd,
    auto_context_cmd,
    audit_query_cmd,
    memory_add_cmd,
    memories_cmd,
    memory_update_cmd,
    memory_graduate_cmd,
]
