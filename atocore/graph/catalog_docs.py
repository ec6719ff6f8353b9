"""Pages generated from the catalog files' headers, so the docs cannot drift from the queries.

``docs/queries.md`` (the reference) and ``docs/browser-guide.md`` (each query
with the ``:param`` lines to paste into Neo4j Browser); ``python -m
atocore.docs`` rewrites them with the other generated files, and its
``--check`` (run by CI and the unit tests) fails when either is stale.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from atocore.config import REPO_ROOT, packaged_cypher_dir
from atocore.graph.catalog import Catalog, CypherQuery, Param

QUERIES_PAGE = REPO_ROOT / "docs" / "queries.md"
BROWSER_PAGE = REPO_ROOT / "docs" / "browser-guide.md"
GENERATED = (
    "<!-- Generated from the headers of cypher/catalog/*.cypher by `python -m atocore.docs`; do not edit by hand. -->"
)

# Example values for required parameters, shown in the Browser guide and the CLI examples.
EXAMPLES: dict[str, Any] = {
    "project": "p05-interferometer",
    "subsystem": "subsystem.mirror-cell",
    "entity": "component.lateral-pad",
    "component": "component.lateral-pad",
    "key": "component.lateral-pad",
    "as_of": "2026-11-01T00:00:00Z",
}

INTRO = """\
# Engineering queries

{generated}

The catalog answers the engineering questions AtoCore exists for. Each query
is one file `cypher/catalog/Q-NNN-<slug>.cypher`; this page is rendered from
their headers. Run one with `atocore q Q-006 --project p05` (parameters as
`-p name=value`; `--format csv` or `md` for the rows as CSV or a Markdown
table, `--json` for the whole answer), `POST /queries/Q-006 {{"params":
{{"project": "p05"}}}}`, the MCP tool `run_query`, or in Neo4j Browser
([browser-guide.md](browser-guide.md)). `GET /queries` lists them with
their parameters and columns.

Rules every query follows:

- **Only reviewed knowledge counts.** Unless a query is about candidates or
  history (Q-013, Q-014 history rows, Q-015, Q-019, Q-020), only active
  entities joined by *effective* relationships count: a relationship counts
  when it is active and both its endpoints are active
  ([the effectiveness rule](architecture/engineering-model.md#the-effectiveness-rule)).
- **Rows describing an entity carry its `id`, `key`, `name` and `type`.**
  Entities are named in parameters by their `key`, which is stable across
  revisions (the `id` changes with each version).
- **No match is no rows**, never an error. A missing or mistyped parameter
  is a 422 naming the expected ones; an unknown query id a 404.
- **`project` accepts an alias** everywhere except in Neo4j Browser, where
  the canonical id must be given.
- **Trusted-state overrides** (Q-001, Q-012): an active trusted-state entry
  of the entity's project overrides an entity fact when its key is
  `<entity key>.<field>`, `field` being `name` or one of the entity type's
  fact fields (`parameter.pad-thickness.value`, `component.pad.part_number`),
  or when its key is the entity's key itself (an override of the entity as a
  whole; `field` is then null). The category does not matter. Each override
  is reported as `{{category, key, field, value, entity_value}}` next to the
  entity's own value, so a reviewer sees the disagreement at query time. The
  engineering layer has no other mapping from project state onto entities.
- **Times are ISO 8601 text.** `DATETIME` columns are converted with
  `toString()` in Cypher: the Python driver's temporal values cost about
  0.1 ms each to build, which dominated listings with hundreds of rows.
- **Whole-project listings come in pages.** {paged}
  answer at most `limit` (default 100, at most 10,000) requirements, claims
  or decisions per call, in key order (Q-014: newest first), and
  `next` (`{{"after": "<last key>"}}`) when more follow: add it to the
  parameters for the next page, or use `atocore q ... --all` /
  `AtoCoreClient.run_catalog_query(..., all_pages=True)`. A decision and its
  history never straddle two pages. A page costs the same wherever it
  starts; a 1,286-requirement listing read whole in one call costs six to
  seven times one page (P4 benchmark: Q-005 p95 127-137 ms whole, 18-21 ms
  a page).
- **Read-only.** Catalog files must declare `mode: read` (the loader refuses
  anything else) and run in read transactions with READ routing.

| id | title | parameters |
|---|---|---|
"""


def _slug(query: CypherQuery) -> str:
    return f"{query.query_id}-{query.title}".lower().replace(" ", "-").translate({ord(c): None for c in ",()'/:"})


def _md(text: str) -> str:
    """Free header text for Markdown: '<field>' must not read as an HTML tag."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _default(param: Param) -> str:
    return "required" if param.required else f"`{json.dumps(param.default)}`"


def _cli_example(query: CypherQuery) -> str:
    parts = [f"atocore q {query.query_id} --project p05"]
    for param in query.params[1:]:
        if param.required:
            parts.append(f"-p {param.name}={EXAMPLES.get(param.name, '...')}")
    return " ".join(parts)


def id_list(queries: list[CypherQuery]) -> str:
    """``Q-005, Q-010, Q-014 and Q-018``: ids as a sentence names them."""
    ids = [q.query_id for q in queries]
    return ", ".join(ids[:-1]) + f" and {ids[-1]}" if len(ids) > 1 else "".join(ids)


def render_queries_page(catalog: Catalog) -> str:
    queries = catalog.catalog_queries()
    lines = [INTRO.format(generated=GENERATED, paged=id_list(catalog.paged_queries())).rstrip("\n")]
    for query in queries:
        params = ", ".join(f"`{p.name}`" + ("" if p.required else "?") for p in query.params)
        lines.append(f"| [{query.query_id}](#{_slug(query)}) | {query.title} | {params} |")
    for query in queries:
        lines += [
            "",
            f"## {query.query_id} {query.title}",
            "",
            f"**Question.** {_md(query.question)}",
            "",
            f"**What counts.** {_md(query.statuses)}",
            "",
            "| parameter | type | default | meaning |",
            "|---|---|---|---|",
            *[f"| `{p.name}` | `{p.type}` | {_default(p)} | {_md(p.doc)} |" for p in query.params],
            "",
            "**Columns.** " + ", ".join(f"`{c.name} {c.type}`" for c in query.columns),
            "",
            *(
                [
                    f"**Pages.** Up to `limit` distinct `{query.pages}` values per call; "
                    "`next` gives the `after` of the following page (null on the last).",
                    "",
                ]
                if query.pages
                else []
            ),
            _md(query.description),
            "",
            f"Run it: `{_cli_example(query)}`. Source: [{query.source}](../{query.source}).",
        ]
    return "\n".join(lines) + "\n"


def _browser_value(param: Param) -> str:
    value = EXAMPLES.get(param.name) if param.required else param.default
    if value is None:
        return "null"
    if param.type == "DATETIME":
        return f"datetime('{value}')"
    return json.dumps(value).replace('"', "'") if isinstance(value, str) else json.dumps(value)


BROWSER_INTRO = """\
# Running the catalog in Neo4j Browser

{generated}

Every engineering query runs as it is in Neo4j Browser
(<http://127.0.0.1:7474/browser/>, user `neo4j`, password in
`~/.local/share/atocore/neo4j-password` for the local server). For each
query below, paste its `:param` block into the editor as a whole and run it
(each line ends with `;`, so Browser runs the lines one after the other in
one frame), edit the values if you like, then paste and run the query.

- `project` must be the **canonical project id** here (Browser does not
  resolve aliases; `atocore projects` lists ids and aliases). Entities are
  named by their `key` (`GET /entities?project=...` or Q-004 shows keys).
- Optional parameters are set to their defaults; leave them or change them.
  A parameter that is not set makes the query fail with "Expected parameter",
  so set every one listed.
- Times are `datetime('2026-11-01T00:00:00Z')`.
- `:params` shows what is set; `:params {{}}` clears everything.

**Style.** `deploy/neo4j/atocore.grass` gives each entity type a colour and
shows its name as the caption (generated from the ontology by
`python -m atocore.docs`; do not edit it by hand). Load it by dragging the
file onto the Browser window, or type `:style`, paste the whole file after
it and run; `:style reset` goes back to Browser's own colours. The sheet
holds rules only: Browser's style reader takes no comments.

The catalog queries answer in rows (Browser shows a table). To see the graph
itself, styled, run the two explore queries first.

Only active entities joined by effective relationships count in these
queries (see [queries.md](queries.md)); in your own exploratory queries,
filter with `WHERE n.status = 'active'` and `r.status = 'active'` to see the
same graph.
"""

EXPLORE = {  # section title -> the cypher/browser/ query it shows
    "Explore: the subsystem tree": "browser.explore_subsystem_tree",
    "Explore: requirement → component, claim → result": "browser.explore_requirement_paths",
}


def _browser_section(title: str, about: str, params: Sequence[Param], text: str) -> list[str]:
    return [
        "",
        f"## {title}",
        "",
        about,
        "",
        "```",
        *[f":param {p.name} => {_browser_value(p)};" for p in params],
        "```",
        "",
        "```cypher",
        text.strip(),
        "```",
    ]


def render_browser_page(catalog: Catalog) -> str:
    lines = [BROWSER_INTRO.format(generated=GENERATED).rstrip("\n")]
    for title, name in EXPLORE.items():
        query = catalog[name]
        lines += _browser_section(title, _md(query.description), query.params, query.text)
    for query in catalog.catalog_queries():
        lines += _browser_section(f"{query.query_id} {query.title}", _md(query.question), query.params, query.text)
    return "\n".join(lines) + "\n"


def expected_files(catalog: Catalog | None = None) -> dict[Path, str]:
    """The two pages, rendered from ``catalog`` (default: the production catalog)."""
    catalog = catalog or Catalog(packaged_cypher_dir())
    return {QUERIES_PAGE: render_queries_page(catalog), BROWSER_PAGE: render_browser_page(catalog)}
