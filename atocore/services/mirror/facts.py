"""What the Mirror's pages say, read only through the engineering query catalog and the state service.

Every fact a page shows is a row of a catalog query run by the catalog's own
runner (``queries.bind_params`` and ``queries.fetch``, paged listings read to
the end), the project's registry entry, or its trusted state
(``state.list_state``). Nothing here reads the graph another way. The rows
stay plain JSON values, so they are also the input the pages' checksums are
computed from.

``ProjectFacts`` holds the project-wide reads every page shares;
``subsystem_facts`` the reads of the Subsystem Detail pages. Independent
reads run ``READERS`` at a time (each in its own session): a regeneration is
a few hundred short queries, and their round trips overlap.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from atocore.graph import Graph
from atocore.graph.catalog import CypherQuery
from atocore.services import state
from atocore.services.engineering import queries
from atocore.services.projects import Project

Row = dict[str, Any]
RECENT_DAYS = 14  # the overview's "recent changes" window
RECENT_LIMIT = 200  # at most this many recent changes per page
READERS = 4  # catalog reads in flight at once


class Reader:
    """Runs catalog queries for one project, binding each query's parameters once.

    The first call of a query checks and converts its parameters (and
    resolves the project) through ``queries.bind_params``; later calls reuse
    that binding with their own values, already of the declared types (keys),
    which saves a project lookup per subsystem page.
    """

    def __init__(self, graph: Graph, project: str) -> None:
        self.graph, self.project = graph, project
        self._bound: dict[str, tuple[CypherQuery, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def _binding(self, query_id: str, params: dict[str, Any]) -> tuple[CypherQuery, dict[str, Any]]:
        with self._lock:
            if query_id not in self._bound:
                query = queries.find_query(self.graph, query_id)
                first = {"project": self.project, **params}
                if query.pages:
                    first["limit"] = queries.MAX_PAGE
                self._bound[query_id] = (query, queries.bind_params(self.graph, query, first))
            return self._bound[query_id]

    def rows(self, query_id: str, **params: Any) -> list[Row]:
        """Every row of the query, following the pages of a paged listing."""
        query, base = self._binding(query_id, params)
        bound = {**base, **params}
        found: list[Row] = []
        while True:
            page, following, _ = queries.fetch(self.graph, query, bound)
            found += page
            if following is None:
                return found
            bound = {**bound, **following}

    def many(self, calls: list[tuple[str, dict[str, Any]]]) -> list[list[Row]]:
        """The rows of each (query id, parameters) call, in order, ``READERS`` at once; the first error is raised."""

        def read(call: tuple[str, dict[str, Any]]) -> list[Row]:
            return self.rows(call[0], **call[1])

        if len(calls) <= 1:
            return [read(call) for call in calls]
        with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="atocore-mirror-read") as pool:
            return list(pool.map(read, calls))


@dataclass
class ProjectFacts:
    """The project-wide reads: the header, trusted state and one answer of each project listing."""

    project: dict[str, Any]
    state: list[Row]
    tree: list[Row]
    decisions: list[Row]  # current decisions, each followed by its history
    dependencies: list[Row]
    flagged: list[Row]
    coverage: list[Row]
    orphans: list[Row]
    claims: list[Row]
    unsupported: list[Row]
    conflicts: list[Row]
    recent: list[Row]  # Q-013, the last RECENT_DAYS days
    traceability: list[Row]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def subsystem_keys(self) -> list[str]:
        return sorted({row["key"] for row in self.tree})

    def disputed(self) -> dict[str, str]:
        """``'Type|key'`` -> the id of the oldest open conflict on that slot (Q-019 orders by age)."""
        found: dict[str, str] = {}
        for row in self.conflicts:
            _, _, slot = row["slot"].partition("|")
            found.setdefault(slot, row["conflict_id"])
        return found


_PROJECT_READS: dict[str, tuple[str, dict[str, Any]]] = {  # ProjectFacts field -> the read
    "tree": ("Q-004", {}),
    "decisions": ("Q-014", {}),
    "dependencies": ("Q-021", {}),
    "flagged": ("Q-009", {}),
    "coverage": ("Q-005", {}),
    "orphans": ("Q-006", {}),
    "claims": ("Q-010", {}),
    "unsupported": ("Q-011", {}),
    "conflicts": ("Q-019", {}),
    "recent": ("Q-013", {"days": RECENT_DAYS, "limit": RECENT_LIMIT}),
    "traceability": ("Q-018", {}),
}


def project_facts(graph: Graph, reader: Reader, project: Project) -> ProjectFacts:
    _, entries = state.list_state(graph, project.id)
    found: dict[str, Any] = dict(zip(_PROJECT_READS, reader.many(list(_PROJECT_READS.values())), strict=True))
    return ProjectFacts(
        project={"id": project.id, "aliases": sorted(project.aliases), "description": project.description},
        state=[
            {"category": str(e.category), "key": e.key, "value": e.value, "source": e.source}
            for e in sorted(entries, key=lambda e: (str(e.category), e.key))
        ],
        **found,
    )


def _subsystem_reads(key: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The reads of one Subsystem Detail page, by the name the template uses."""
    return {
        "contents": ("Q-001", {"subsystem": key}),
        "interfaces": ("Q-003", {"entity": key}),
        "constraints": ("Q-007", {"entity": key}),
        "decisions": ("Q-008", {"entity": key}),
        "requirements": ("Q-005", {"subsystem": key}),
        "recent": ("Q-013", {"subsystem": key, "days": RECENT_DAYS, "limit": RECENT_LIMIT}),
    }


def subsystem_facts(reader: Reader, keys: list[str]) -> dict[str, dict[str, list[Row]]]:
    """The reads of each subsystem's page (all of them in flight together), by subsystem key."""
    plans = {key: _subsystem_reads(key) for key in keys}
    calls = [call for reads in plans.values() for call in reads.values()]
    answers = iter(reader.many(calls))
    return {key: {name: next(answers) for name in reads} for key, reads in plans.items()}
