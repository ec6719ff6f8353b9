"""Client commands for the engineering query catalog: `atocore q` and `atocore queries`."""

from __future__ import annotations

import json
from typing import Any

import click

from atocore.cli.base import client_command
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError

CELL_WIDTH = 48
HIDDEN = ("id",)  # the human table leaves uuids out (keys identify rows); --json has everything


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        if "key" in value:
            return str(value["key"])
        return json.dumps({k: v for k, v in value.items() if v is not None}, default=str)
    return str(value)


def _clip(text: str) -> str:
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"


def render_table(result: dict) -> str:
    if "queries" in result:
        return render_catalog(result)
    columns = [c for c in result["columns"] if c not in HIDDEN and not c.endswith("_id")]
    count = len(result["rows"])
    summary = f"{result['query']}: {count} row{'s' if count != 1 else ''} in {result['duration_ms']} ms"
    if result.get("pages", 1) > 1:
        summary += f" ({result['pages']} pages)"
    if result.get("next"):
        summary += "\n" + _more(result)
    if not result["rows"]:
        return summary
    cells = [[_clip(_cell(row.get(c))) for c in columns] for row in result["rows"]]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines + [summary])


def _more(result: dict) -> str:
    more = " ".join(f"-p {name}={value}" for name, value in result["next"].items())
    return f"More rows follow: add {more} for the next page, or --all for every page."


def rows_view(result: dict) -> Any:
    """What --json prints: the rows (the catalog listing as is); a page that is not the last says so on stderr."""
    if "rows" not in result:
        return result
    if result.get("next"):
        click.echo(f"{result['query']}: {_more(result)}", err=True)
    return result["rows"]


def _signature(query: dict) -> str:
    parts = []
    for p in query["parameters"]:
        parts.append(
            f"{p['name']}: {p['type']}" if p["required"] else f"[{p['name']}: {p['type']} = {json.dumps(p['default'])}]"
        )
    return ", ".join(parts)


def render_catalog(listing: dict) -> str:
    lines = []
    for q in listing["queries"]:
        paged = "  [read in pages]" if q.get("pages") else ""
        lines.append(f"{q['id']}  {q['title']}  ({_signature(q)}){paged}\n        {q['question']}")
    return "\n".join(lines) or "The catalog is empty."


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"-p takes name=value, got {pair!r}", field="params")
        params[name.strip()] = value
    return params


@client_command("q", render_table, json_view=rows_view, fail_open=True)
@click.argument("query_id", required=False)
@click.option("--project", default=None, help="The project (id or alias): the `project` parameter.")
@click.option(
    "-p",
    "--param",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter; repeat for several. Values are converted to the declared type.",
)
@click.option(
    "--all",
    "all_pages",
    is_flag=True,
    help="Read every page of a listing read in pages (--list marks them; 100 rows a page by default).",
)
@click.option("--list", "list_only", is_flag=True, help="List the catalog instead of running a query.")
def q_cmd(
    client: AtoCoreClient,
    query_id: str | None,
    project: str | None,
    pairs: tuple[str, ...],
    all_pages: bool,
    list_only: bool,
) -> Any:
    """Run an engineering catalog query and print its rows as a table.

    --json prints the rows. Without QUERY_ID (or with --list) it lists the catalog.
    The whole-project listings answer a page at a time (-p limit=N, at most
    10000); the footer says how to read the next one, and --all reads them all.

    \b
    Examples:
      atocore q Q-006 --project p05                      # orphan requirements
      atocore q Q-001 --project p05 -p subsystem=subsystem.mirror-cell
      atocore q Q-013 --project p05 -p days=7 --json
      atocore q Q-005 --project p05 --all                # every requirement, page by page
      atocore q Q-018 --project p05 -p after=requirement.load
      atocore q --list
    """
    if list_only or not query_id:
        return client.catalog()
    return client.run_catalog_query(query_id, _params(pairs), project=project, all_pages=all_pages)


@client_command("queries", render_catalog)
def queries_cmd(client: AtoCoreClient) -> Any:
    """List the engineering query catalog: id, title, parameters and the question each answers.

    \b
    Example:
      atocore queries
    """
    return client.catalog()
