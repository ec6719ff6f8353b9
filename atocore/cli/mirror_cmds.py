"""`atocore mirror PROJECT [PAGE]`: read the Human Mirror's pages, or regenerate them."""

from __future__ import annotations

import json
import sys
import tempfile
import webbrowser
from html import escape
from pathlib import Path
from urllib.parse import quote

import click

from atocore.client import AtoCoreClient
from atocore.config import get_settings
from atocore.runtime.private import write_private_text


@click.command("mirror")
@click.argument("project")
@click.argument("page", required=False)
@click.option("--regenerate", is_flag=True, help="Regenerate the project's pages now; print what was written.")
@click.option("--list", "list_pages", is_flag=True, help="List the pages with their generation time and inputs.")
@click.option("--as-of", default=None, help="The overview as the project stood at this time (ISO 8601).")
@click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the page as {project, page, markdown}.")
@click.option(
    "--open",
    "open_browser",
    is_flag=True,
    help="Open the page in your browser, signed in for the Mirror's pages (no token in any URL).",
)
@click.option("--no-launch", is_flag=True, help="With --open: print the sign-in file's URL instead of launching.")
def mirror_cmd(
    project: str,
    page: str | None,
    regenerate: bool,
    list_pages: bool,
    as_of: str | None,
    url: str | None,
    as_json: bool,
    open_browser: bool,
    no_launch: bool,
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
      atocore mirror p05 overview --open          # the HTML view, with diagrams, in your browser

    --open asks the API for a one-time sign-in ticket (valid a minute) and
    writes a private local file that posts it to the API from your browser;
    the browser gets a session cookie good for the Mirror's pages only
    (ATOCORE_MIRROR_SESSION_MINUTES). Without the CLI, sign in at
    <API URL>/mirror/_login with a token.
    """
    settings = get_settings()
    client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
    try:
        if open_browser:
            _open(client, project, page, as_of, launch=not no_launch)
            return
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


def html_path(project: str, page: str | None, as_of: str | None) -> str:
    """The path of a page's HTML view on the API."""
    name = page or "index"
    if name not in ("index", "overview", "decisions"):
        name = f"subsystems/{quote(name.removeprefix('subsystems/'), safe='')}"
    query = f"?as_of={quote(as_of, safe='')}" if as_of else ""
    return f"/mirror/{quote(project, safe='')}/{name}.html{query}"


def _open(client: AtoCoreClient, project: str, page: str | None, as_of: str | None, *, launch: bool) -> None:
    """Sign the browser in with a one-time ticket posted from a private file (never a URL), landing on the page."""
    client.mirror_page(project, page, as_of=as_of)  # a 404 naming an unknown project or page, here and not there
    session = client.mirror_session()
    target = html_path(project, page, as_of)
    login = f"{client.base_url}{session['login_path']}"
    document = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
        "<title>Opening the AtoCore Mirror</title></head><body>\n"
        f'<form method="post" action="{escape(login)}">'
        f'<input type="hidden" name="ticket" value="{escape(session["ticket"])}">'
        f'<input type="hidden" name="next" value="{escape(target)}">'
        '<noscript><button type="submit">Open the Mirror</button></noscript></form>\n'
        "<script>document.forms[0].submit()</script>\n</body></html>\n"
    )
    path = Path(tempfile.mkdtemp(prefix="atocore-mirror-")) / "open.html"  # 0700 directory, 0600 file
    write_private_text(path, document)
    file_url = path.as_uri()
    if launch and webbrowser.open(file_url):
        click.echo(f"Opened {client.base_url}{target} in your browser (signed in until {session['expires_at']}).")
    else:
        click.echo(file_url)
        click.echo(
            f"Open this file in a browser on this machine before {session['ticket_expires_at']}: it signs the "
            f"browser in (once) and shows {client.base_url}{target}.",
            err=True,
        )


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
