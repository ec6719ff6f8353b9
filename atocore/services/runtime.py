"""What a running AtoCore process holds: settings, the graph, the embedder.

The graph schema is brought up to date lazily and remembered once it
succeeded, so an API started while Neo4j is down still answers (/health
says 503) and recovers by itself when Neo4j comes back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from atocore.config import Settings
from atocore.embedding import Embedder, get_embedder
from atocore.embedding.cache import PromptVectorCache
from atocore.graph import Graph
from atocore.graph.migrations import MigrationReport, apply_migrations
from atocore.services import inputs
from atocore.services.sources import seed as seed_sources

if TYPE_CHECKING:
    from atocore.services.context import ContextPack

CHUNK_COUNTS_TTL_S = 60.0


class Services:
    def __init__(self, settings: Settings, graph: Graph | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings
        inputs.configure(settings)  # the text and list limits this process holds inputs to
        self._graph = graph
        self._embedder = embedder
        self._schema_lock = threading.Lock()
        self._schema_report: MigrationReport | None = None
        self.last_context: ContextPack | None = None  # the last ContextPack built, for GET /debug/context
        self._counts_lock = threading.Lock()
        self._chunk_counts: dict[str, tuple[float, int, int]] = {}
        self.prompt_vectors = PromptVectorCache(settings.prompt_vector_cache)  # vectors of prompts, not of the graph
        self._reset_hooks: list[Callable[[], None]] = [self.forget_chunk_counts, self._forget_graph_state]

    def on_reset(self, hook: Callable[[], None]) -> None:
        """Register something to forget when the graph's content is replaced (a cache added elsewhere)."""
        self._reset_hooks.append(hook)

    def reset(self) -> None:
        """Forget everything this process remembers of the graph's content, after a restore replaced it.

        The one hook: the driver's bookmarks, the schema report (so migrations
        are checked again), chunk counts, the last context pack, and whatever
        else registered with ``on_reset``. The API keeps serving throughout.
        """
        for hook in self._reset_hooks:
            hook()

    def _forget_graph_state(self) -> None:
        self.last_context = None
        with self._schema_lock:
            self._schema_report = None
        if self._graph is not None:
            self._graph.reset_state()

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph(self.settings)
        return self._graph

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or get_embedder(self.settings)

    def ensure_schema(self) -> MigrationReport:
        """Apply migrations once per process; retried on the next call after a failure.

        Called for every request by the API's ``ServicesDep`` and by
        ``open_services`` for the commands that use the graph directly; once it
        succeeded it costs one attribute read. The first success also seeds the
        sources of ATOCORE_SOURCES (``atocore.services.sources.seed``).
        """
        report = self._schema_report
        if report is not None:
            return report
        with self._schema_lock:
            if self._schema_report is None:
                report = apply_migrations(self.graph, dimensions=self.embedder.dimensions)
                seed_sources(self.graph, self.settings)  # ATOCORE_SOURCES, present again at every start
                self._schema_report = report
            return self._schema_report

    def chunk_counts(self, project: str) -> tuple[int, int]:
        """(chunks of the project, chunks in all), cached for CHUNK_COUNTS_TTL_S.

        They only size a project-scoped search's first over-fetch, so a stale
        count costs at most a retry, never a hit; ingestion forgets them.
        """
        now = time.monotonic()
        with self._counts_lock:
            cached = self._chunk_counts.get(project)
        if cached and now - cached[0] < CHUNK_COUNTS_TTL_S:
            return cached[1], cached[2]
        row = self.graph.run("retrieval.chunk_counts", project=project)[0]
        with self._counts_lock:
            self._chunk_counts[project] = (now, row["project_chunks"], row["total_chunks"])
        return row["project_chunks"], row["total_chunks"]

    def forget_chunk_counts(self) -> None:
        with self._counts_lock:
            self._chunk_counts.clear()

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()
            self._graph = None


@contextmanager
def open_services(settings: Settings, graph: Graph | None = None) -> Iterator[Services]:
    """Services with the schema migrated, closed afterwards: the one entry for commands that use the graph directly.

    ``graph`` replaces the production one (the benchmarks pass theirs, whose catalog holds cypher/bench/ too).
    """
    services = Services(settings, graph=graph)
    try:
        services.ensure_schema()
        yield services
    finally:
        services.close()
