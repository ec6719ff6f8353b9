"""P4: p50/p95 of every engineering catalog query on a synthetic project (target p95 <= 25 ms each).

The project (``bench-catalog``) is written fast with UNWIND batches
(``cypher/bench/catalog_*.cypher``) in the shape the API gives real data: a
subsystem tree with components, interfaces, materials and parameters;
requirements satisfied by components (some by none), constraints, decisions
resting on assumptions and on each other (some assumptions flagged),
analysis models, results and validation claims; statuses mixed as review
leaves them (most active, some candidates, superseded versions linked by
SUPERSEDES, rejected ones; relationships active, candidate or rejected),
every entity with provenance, review records, a few trusted-state overrides
and open conflicts. Each query then runs through the catalog runner (the
same code the API calls) with parameters drawn from the data.

What is timed: the service path of one call (parameter checks and the
project lookup, the read transaction with the driver turning records into
dicts, the row conversion), not HTTP nor JSON encoding. The 1-minute load
average before and after the measurements is part of the figures: on a
shared 2-core machine the p95 of the long listings follows it.

The listings read in pages (``pages`` in their header) are timed as the API
serves them: one page of the default size, half the calls the first page and
half a page after a random key. Each is also timed whole in one call (``limit`` at its maximum) and printed as
``<id>_whole_*``, for comparison; those figures are not P4 targets.
"""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from atocore.bench.catalog_data import PROJECT, Synthetic, fill
from atocore.bench.latency import percentiles
from atocore.graph.catalog import CypherQuery
from atocore.services.engineering import queries
from atocore.services.runtime import Services


def plan_operators(plan: Any) -> list[str]:
    """Every operator of a plan tree (the driver's summary plan), depth first."""
    if plan is None:
        return []
    found = [plan["operatorType"] if isinstance(plan, dict) else plan.operator_type]
    children = plan.get("children", []) if isinstance(plan, dict) else plan.children
    for child in children:
        found += plan_operators(child)
    return found


def index_use(services: Services, query_id: str, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(index operators, full-scan operators) of the query's plan."""
    operators = [op.split("@")[0] for op in plan_operators(queries.explain(services.graph, query_id, params))]
    return sorted({op for op in operators if "Index" in op}), sorted(
        {op for op in operators if op in ("AllNodesScan", "NodeByLabelScan")}
    )


def _measure_query(
    services: Services, query: CypherQuery, params: list[dict[str, Any]], warm: int = 0
) -> tuple[dict, dict, float]:
    """(p50/p95 of the service path, p95 of Neo4j's own time, rows per call) over these calls.

    ``warm`` untimed calls go first.
    """
    for each in params[:warm]:
        queries.run_query(services.graph, query.query_id, each)
    timings, server, total_rows = [], [], 0
    for each in params:
        started = time.perf_counter()
        bound = queries.bind_params(services.graph, query, each)  # as run_query: checks, project lookup
        rows, _, summary = queries.fetch(services.graph, query, bound)
        timings.append((time.perf_counter() - started) * 1000)
        server.append((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
        total_rows += len(rows)
    # catalog queries take a few ms: hundredths matter
    return percentiles(timings, digits=2), percentiles(server, digits=2), round(total_rows / len(params), 1)


def p4_catalog(
    services: Services,
    entities: int,
    relationships: int,
    runs: int = 100,
    seed: int = 7,
    explain: bool = False,
    keep: bool = False,
    progress=print,
) -> dict[str, Any]:
    filled = fill(services, entities, relationships, seed, progress)
    data: Synthetic = filled["data"]
    samples = data.samples(runs)
    # Drop the fill rows (60k dicts): kept alive they make every full garbage
    # collection of the measuring process slow, which showed as a p95 tail of
    # several hundred ms that an API process does not have.
    data.entity_rows.clear()
    data.rel_rows.clear()
    gc.collect()
    gc.freeze()  # as the API does after startup (the embedding model's objects out of every collection)
    figures: dict[str, Any] = {
        "entities": filled["entities"],
        "relationships": filled["relationships"],
        "fill_s": filled["fill_s"],
        "runs_each": runs,
        "load_avg_1m_before": round(os.getloadavg()[0], 2),
    }
    # One warm-up pass over every query before any is timed: right after the fill Neo4j is still
    # flushing and sampling, which otherwise lands on whichever queries are timed first.
    for query_id, params in samples.items():
        for warm in params[:10]:
            queries.run_query(services.graph, query_id, warm)
    for query_id, params in samples.items():
        query = queries.find_query(services.graph, query_id)
        timed, server, rows = _measure_query(services, query, params)
        figures[f"{query_id}_p50_ms"], figures[f"{query_id}_p95_ms"] = timed["p50_ms"], timed["p95_ms"]
        figures[f"{query_id}_neo4j_p95_ms"] = server["p95_ms"]
        figures[f"{query_id}_rows_avg"] = rows
        if query.pages:  # the whole listing in one call, for comparison (not a P4 figure: the API answers in pages)
            whole = [{"project": PROJECT, "limit": queries.MAX_PAGE}] * max(10, runs // 5)
            timed, server, rows = _measure_query(services, query, whole, warm=5)  # a new shape of call: warm it
            figures[f"{query_id}_whole_p50_ms"], figures[f"{query_id}_whole_p95_ms"] = timed["p50_ms"], timed["p95_ms"]
            figures[f"{query_id}_whole_rows"] = rows
        if explain:
            indexes, scans = index_use(services, query_id, params[0])
            figures[f"{query_id}_plan"] = f"indexes={','.join(indexes) or '-'} scans={','.join(scans) or '-'}"
    p95s = {k[:5]: v for k, v in figures.items() if k.endswith("_p95_ms") and "neo4j" not in k and "whole" not in k}
    figures["slowest"] = ", ".join(f"{k} {v} ms" for k, v in sorted(p95s.items(), key=lambda kv: -kv[1])[:3])
    figures["over_target"] = ", ".join(k for k, v in p95s.items() if v > 25) or "none"
    figures["target_p95_ms"] = 25
    figures["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    gc.unfreeze()
    if not keep:
        services.graph.run_schema("bench.catalog_wipe", project=PROJECT)
    return figures
