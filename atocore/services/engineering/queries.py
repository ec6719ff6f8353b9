"""The engineering query catalog: list the queries, run one.

Each query is a file ``cypher/catalog/Q-NNN-<slug>.cypher`` whose header
(``atocore.graph.catalog_rules``) names its id, title, question, parameters (with
types and defaults), columns and which statuses count. This module turns the
headers into descriptions for the API, the CLI and the MCP tool, checks and
converts the parameters a caller gives (a 422 naming every expected one),
canonicalizes ``project`` (an alias becomes the project id) and runs the
query in a read transaction. Rows come back as plain JSON values.
"""

from __future__ import annotations

import math
import re
import time
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, Field

from atocore.errors import NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.catalog import CypherQuery
from atocore.services import inputs
from atocore.services.common import native
from atocore.services.engineering.entities.read import require_key
from atocore.services.names import closest
from atocore.services.projects import canonical_project

QUERY_ID = re.compile(r"^q-?0*(\d{1,3})$", re.I)
MAX_PAGE = 10_000  # the largest `limit` a paged listing takes in one call


class QueryParameter(BaseModel):
    name: str
    type: str = Field(description="STRING, INTEGER, FLOAT, BOOLEAN, DATETIME (ISO 8601) or LIST<STRING>")
    required: bool
    default: Any = None
    description: str = ""


class QueryColumn(BaseModel):
    name: str
    type: str


class QueryInfo(BaseModel):
    id: str
    title: str
    question: str
    statuses: str = Field(description="Which statuses count in the answer.")
    description: str
    parameters: list[QueryParameter]
    columns: list[QueryColumn]
    pages: str | None = Field(
        None,
        description="Read in pages: the column `after` continues from (with `limit`); "
        "null when the query answers in one piece.",
    )
    file: str = Field(description="The .cypher file, relative to the repository.")


class QueryResult(BaseModel):
    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    next: dict[str, Any] | None = Field(
        None,
        description="For a paged listing with more to read: the parameters to add "
        'for the next page ({"after": ...}); null on the last page.',
    )
    duration_ms: float


def describe(query: CypherQuery) -> QueryInfo:
    root = query.path.parents[2] if len(query.path.parents) > 2 else query.path.parent
    return QueryInfo(
        id=query.query_id or query.name,
        title=query.title,
        question=query.question,
        statuses=query.statuses,
        description=query.description,
        parameters=[
            QueryParameter(name=p.name, type=p.type, required=p.required, default=p.default, description=p.doc)
            for p in query.params
        ],
        columns=[QueryColumn(name=c.name, type=c.type) for c in query.columns],
        pages=query.pages,
        file=str(query.path.relative_to(root)) if query.path.is_relative_to(root) else str(query.path),
    )


def list_queries(graph: Graph) -> list[QueryInfo]:
    return [describe(q) for q in graph.catalog.catalog_queries()]


def find_query(graph: Graph, query_id: str) -> CypherQuery:
    """The catalog query with this id (``Q-006``; ``q6`` and ``q-006`` work too), or a 404 listing the ids."""
    match = QUERY_ID.match((query_id or "").strip())
    wanted = f"Q-{int(match.group(1)):03d}" if match else None
    query = graph.catalog.catalog_query(wanted) if wanted else None
    if query is not None:
        return query
    known = [q.query_id for q in graph.catalog.catalog_queries()]
    raise NotFoundError(
        f"no catalog query {query_id!r}; the catalog has {', '.join(known)} (GET /queries)",
        id=query_id,
        valid=known,
        suggestions=closest(query_id or "", known),
    )


def get_query(graph: Graph, query_id: str) -> QueryInfo:
    return describe(find_query(graph, query_id))


# -- parameters ----------------------------------------------------------------------
def _expected(query: CypherQuery) -> list[dict[str, Any]]:
    return [{"name": p.name, "type": p.type, "required": p.required, "default": p.default} for p in query.params]


def _signature(query: CypherQuery) -> str:
    return ", ".join(f"{p.name}: {p.type}" + ("" if p.required else f" = {p.default!r}") for p in query.params)


def _convert(value: Any, type_: str) -> Any:
    """``value`` as the declared type; ValueError when it is not one. Strings are parsed (the CLI sends strings)."""
    if value is None:
        return None
    if type_ == "STRING":
        if isinstance(value, str):
            return inputs.text(value)
    elif type_ == "INTEGER":
        if isinstance(value, int) and not isinstance(value, bool):
            return inputs.integer(value)
        if isinstance(value, float) and value.is_integer():
            return inputs.integer(int(value))
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,20}\s*", value):
            return inputs.integer(int(value))
    elif type_ == "FLOAT":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
        if isinstance(value, str):
            number = float(value)
            if math.isfinite(number):
                return number
    elif type_ == "BOOLEAN":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    elif type_ == "DATETIME":
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day)
        elif isinstance(value, str):
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        else:
            raise ValueError
        moment = inputs.instant(moment)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    elif type_ == "LIST<STRING>":
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [inputs.text(v) for v in value]
    raise ValueError


def bind_params(graph: Graph, query: CypherQuery, given: dict[str, Any] | None) -> dict[str, Any]:
    """The query's parameters from ``given`` plus defaults; a 422 naming the expected ones on any mistake.

    An explicit null counts as not given: an optional parameter then takes
    its default (``{"limit": null}`` is the default page, not a query error).
    """
    given = dict(given or {})
    declared = {p.name: p for p in query.params}
    problems = []
    unknown = sorted(set(given) - set(declared))
    if unknown:
        problems.append(f"unknown parameters {unknown}")
    bound: dict[str, Any] = {}
    for name, param in declared.items():
        if name not in given or given[name] is None:
            if param.required:
                problems.append(f"{name} ({param.type}) is required")
            else:
                bound[name] = param.default
            continue
        try:
            bound[name] = _convert(given[name], param.type)
        except (ValueError, TypeError) as exc:
            why = f" ({exc})" if str(exc) else ""
            problems.append(f"{name} must be a {param.type}, got {given[name]!r}"[:300] + why)
    if query.pages and isinstance(bound.get("limit"), int) and not 1 <= bound["limit"] <= MAX_PAGE:
        problems.append(f"limit must be between 1 and {MAX_PAGE}, got {bound['limit']} (follow 'next' for more)")
    if problems:
        raise ValidationError(
            f"{query.query_id}: {'; '.join(problems)}. It takes {_signature(query)}",
            field="params",
            expected=_expected(query),
            problems=problems,
        )
    if "project" in bound and bound["project"] is not None:
        bound["project"] = canonical_project(graph, bound["project"])
        if not bound["project"]:
            raise ValidationError(
                f"{query.query_id}: project must not be empty. It takes {_signature(query)}",
                field="params",
                expected=_expected(query),
            )
    for key in query.keys:  # `// keys:` parameters: an unknown key is a 404, not an empty answer
        if bound.get(key.name) is not None:
            require_key(graph, bound["project"], bound[key.name], key.types, what=f"{query.query_id} {key.name} key")
    return bound


# -- running -------------------------------------------------------------------------
_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """A row value as plain Python: Neo4j temporal values become datetime (the API writes them as ISO 8601).

    Catalog queries return times as text already; this guards any that does not.
    The scalar test comes first: it is by far the common case in long listings.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    return native(value)


def plain_rows(query: CypherQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows ``Graph.run_read`` returned, as the API answers them: the declared columns, plain values."""
    return [{c.name: plain(row.get(c.name)) for c in query.columns} for row in rows]


def fetch(
    graph: Graph, query: CypherQuery, bound: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, Any]:
    """(plain rows, the next page's parameters or None, the result summary) of a bound catalog query.

    A paged listing is asked for one value more than ``limit``: when it
    comes, the page ends before it and ``next`` continues after the page's
    last value. Values, not rows, are counted, so the rows one value spans
    (a decision and its history) never straddle two pages.
    """
    if not query.pages:
        rows, summary = graph.run_read(query, bound)
        return plain_rows(query, rows), None, summary
    limit = bound["limit"]
    rows, summary = graph.run_read(query, {**bound, "limit": limit + 1})
    seen, end = 0, len(rows)
    for index, row in enumerate(rows):
        if index == 0 or row[query.pages] != rows[index - 1][query.pages]:
            seen += 1
            if seen > limit:
                end = index
                break
    page = plain_rows(query, rows[:end])
    following = {"after": page[-1][query.pages]} if end < len(rows) else None
    return page, following, summary


def run_query(graph: Graph, query_id: str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run one catalog query in a read transaction; no match is no rows, never an error."""
    query = find_query(graph, query_id)
    bound = bind_params(graph, query, params)
    start = time.perf_counter()
    rows, following, _ = fetch(graph, query, bound)
    duration = (time.perf_counter() - start) * 1000
    return QueryResult(
        query=query.query_id or query.name,
        columns=[c.name for c in query.columns],
        rows=rows,
        next=following,
        duration_ms=round(duration, 2),
    )


def explain(graph: Graph, query_id: str, params: dict[str, Any] | None = None, *, profile: bool = False) -> Any:
    """The query's plan (EXPLAIN, or PROFILE which runs it), as the driver's summary plan."""
    query = find_query(graph, query_id)
    bound = bind_params(graph, query, params)
    _, summary = graph.run_read(query, bound, profile="PROFILE" if profile else "EXPLAIN")
    return summary.profile if profile else summary.plan
