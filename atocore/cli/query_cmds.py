"""Client commands for the engineering query catalog: `atocore q` and `atocore queries`."""

from __future__ import annotations

import json
from typing import Any

import click

from atocore.cli.base import client_command, complete_queries
from atocore.cli.output import Column, Table
from atocore.client import AtoCoreClient
from atocore.errors import ValidationError

HIDDEN = ("id", "*_id")  # the human formats leave uuids out (keys identify rows); json and csv have everything


def _signature(query: dict) -> str:
    parts = []
    for p in query["parameters"]:
        parts.append(
            f"{p['name']}: {p['type']}" if p["required"] else f"[{p['name']}: {p['type']} = {json.dumps(p['default'])}]"
        )
    return ", ".join(parts)


CATALOG = Table(
    rows="queries",
    columns=[
        "id",
        "title",
        Column("parameters", _signature),
        Column("pages", lambda q: "yes" if q.get("pages") else ""),
        "question",
    ],
    empty="The catalog is empty.",
)


def _more(result: dict) -> str:
    more = " ".join(f"-p {name}={value}" for name, value in result["next"].items())
    return f"More rows follow: add {more} for the next page, or --all for every page."


def _summary(result: dict) -> str:
    count = len(result["rows"])
    summary = f"{result['query']}: {count} row{'s' if count != 1 else ''} in {result['duration_ms']} ms"
    return summary + (f" ({result['pages']} pages)" if result.get("pages", 1) > 1 else "")


def _notes(result: dict) -> list[str]:
    """A page that is not the last says how to read on (under the table, else on stderr)."""
    return [f"{result['query']}: {_more(result)}"] if result.get("next") else []


ROWS = Table(rows="rows", columns=lambda result: result["columns"], hidden=HIDDEN, summary=_summary, notes=_notes)


def _q_table(result: dict) -> Table:
    """`q` prints a query's rows, or the catalog when given no query id."""
    return CATALOG if "queries" in result else ROWS


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"-p takes name=value, got {pair!r}", field="params")
        params[name.strip()] = value
    return params


@client_command("q", table=_q_table, fail_open=True)
@click.argument("query_id", required=False, shell_complete=complete_queries)
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

    --format csv or md prints the rows as CSV (every column) or a Markdown
    table; --json the whole answer: query, columns, rows, next, duration_ms.
    Without QUERY_ID (or with --list) it lists the catalog.
    The whole-project listings answer a page at a time (-p limit=N, at most
    10000); the footer says how to read the next one, and --all reads them all.

    \b
    Examples:
      atocore q Q-006 --project p05                      # orphan requirements
      atocore q Q-001 --project p05 -p subsystem=subsystem.mirror-cell
      atocore q Q-013 --project p05 -p days=7 --json
      atocore q Q-006 --project p05 --format csv > orphans.csv
      atocore q Q-005 --project p05 --all                # every requirement, page by page
      atocore q Q-018 --project p05 -p after=requirement.load
      atocore q --list
    """
    if list_only or not query_id:
        return client.catalog()
    return client.run_catalog_query(query_id, _params(pairs), project=project, all_pages=all_pages)


@client_command("queries", table=CATALOG)
def queries_cmd(client: AtoCoreClient) -> Any:
    """List the engineering query catalog: id, title, parameters and the question each answers.

    \b
    Example:
      atocore queries
    """
    return client.catalog()
