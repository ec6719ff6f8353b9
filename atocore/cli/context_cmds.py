"""`atocore query` (search) and `atocore context ...`: what retrieval finds and what an LLM client receives."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import client_command, resource_group
from atocore.client import AtoCoreClient


def _where(item: dict) -> str:
    return f"{item['source_file']} › {item['heading_path']}" if item["heading_path"] else item["source_file"]


def _render_hits(result: dict) -> str:
    lines = []
    for i, hit in enumerate(result["hits"], 1):
        lines.append(f"{i:2}. {hit['score']:.4f}  {_where(hit)}\n    {hit['text'][:160].strip()}")
    return "\n".join(lines) or "No results."


def _render_pack(pack: dict) -> str:
    banner = (
        f"chunks={pack['chunks_used']}, entities={pack.get('entities_used', 0)}, memories={pack['memories_used']}, "
        f"state={pack['state_used']}, chars={pack['total_chars']}/{pack['budget']}, duration={pack['duration_ms']}ms"
    )
    chunks = "\n".join(f"- {c['source_file']} › {c['heading_path']} ({c['score']:.4f})" for c in pack["chunks"])
    return f"{banner}\n\n{pack['formatted_context'] or '(empty)'}\n\n{chunks}".rstrip()


@client_command("query", _render_hits, fail_open=True)
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


@resource_group("context", default=None)
def context() -> None:
    """The trust-ordered context pack an LLM client receives, and how it was made.

    \b
    Examples:
      atocore context build "what constrains the mirror cell?" --project p05
      atocore context auto "what did we decide about p05 pads?"
      atocore context last
    """


@context.client_command("build", _render_pack, fail_open=True)
@click.argument("prompt")
@click.option("--project", default=None, help="Project id or alias (an unknown one: an error naming the closest).")
@click.option("--budget", default=None, type=int, help="Character budget (default from the server).")
def build_cmd(client: AtoCoreClient, prompt: str, project: str | None, budget: int | None) -> Any:
    """The trust-ordered context pack an LLM client would receive.

    \b
    Example:
      atocore context build "what constrains the mirror cell?" --project p05
    """
    return client.context_build(prompt, project=project, budget=budget)


@context.client_command("auto", _render_pack, fail_open=True)
@click.argument("prompt")
@click.option("--budget", default=None, type=int, help="Character budget.")
def auto_cmd(client: AtoCoreClient, prompt: str, budget: int | None) -> Any:
    """`project detect`, then `context build` with what it found.

    \b
    Example:
      atocore context auto "what did we decide about p05 pads?"
    """
    return client.auto_context(prompt, budget=budget)


@context.client_command("last", _render_pack)
def last_cmd(client: AtoCoreClient) -> Any:
    """The last context pack the API built.

    \b
    Example:
      atocore context last
    """
    return client.debug_context()


@context.client_command("audit")
@click.argument("prompt")
@click.option("--project", required=True, help="The project the prompt is about.")
@click.option("--top-k", default=10, show_default=True, type=int)
def audit_cmd(client: AtoCoreClient, prompt: str, project: str, top_k: int) -> Any:
    """Search across all projects and label hits in-project / other-project / no-project.

    \b
    Example:
      atocore context audit "support pads" --project p05
    """
    return client.audit_query(prompt, project, top_k=top_k)
