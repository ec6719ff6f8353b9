"""`atocore mirror PROJECT [PAGE]`: read the Human Mirror's pages, or regenerate them."""

from __future__ import annotations

import json
import sys

import click

from atocore.client import AtoCoreClient
from atocore.config import get_settings


@click.command("mirror")
@click.argument("project")
@click.argument("page", required=False)
@click.option("--regenerate", is_flag=True, help="Regenerate the project's pages now; print what was written.")
@click.option("--list", "list_pages", is_flag=True, help="List the pages with their generation time and inputs.")
@click.option("--as-of", default=None, help="The overview as the project stood at this time (ISO 8601).")
@click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the page as {project, page, markdown}.")
def mirror_cmd(
    project: str,
    page: str | None,
    regenerate: bool,
    list_pages: bool,
    as_of: str | None,
    url: str | None,
    as_json: bool,
) -> None:
    """Print a Human Mirror page of PROJECT as markdown (the pages are derived: never edit them).

    PAGE is overview, decisions, index (the default) or a subsystem's key.
    A page is printed as text even when piped, so it can be saved as a file.

    \b
    Examples:
      atocore mirror p05                          # the index: pages and subsystems
      atocore mirror p05 overview
      atocore mirror p05 decisions
      atocore mirror p05 subsystem.mirror-cell
      atocore mirror p05 overview --as-of 2026-09-01T00:00:00Z
      atocore mirror p05 --regenerate             # regenerate now: when, and the files written
      atocore mirror p05 --list --json
    """
    settings = get_settings()
    client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
    try:
        if regenerate or list_pages:
            result = client.regenerate_mirror(project) if regenerate else client.mirror_listing(project)
            if as_json or not sys.stdout.isatty():
                click.echo(json.dumps(result, indent=2))
            else:
                click.echo(_summary(result))
            return
        text = client.mirror_page(project, page, as_of=as_of)
    finally:
        client.close()
    if as_json:
        click.echo(json.dumps({"project": project, "page": page or "index", "markdown": text}, indent=2))
    else:
        click.echo(text, nl=False)


def _summary(result: dict) -> str:
    if "written" in result:
        lines = [
            f"{result['project']}: {result['pages']} pages at {result['generated_at']} ({result['duration_ms']} ms)"
        ]
        lines += [f"  wrote {path}" for path in result["written"]] or ["  nothing changed: no file rewritten"]
        lines += [f"  removed {path}" for path in result["removed"]]
        return "\n".join(lines)
    lines = [f"{result['project']}: {result['directory']}"]
    lines += [f"  {p['name']:<40} {p['generated_at']}  {p['inputs']}" for p in result["pages"]]
    status = result.get("status") or {}
    if status and not status.get("ok"):
        lines.append(f"  last regeneration failed ({status.get('failures')} in a row): {status.get('error')}")
    return "\n".join(lines)
