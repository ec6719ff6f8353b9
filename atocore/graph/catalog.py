"""The Cypher catalog: every query AtoCore runs, loaded from ``cypher/`` by name.

Each file is read and checked by ``atocore/graph/cypher_file.py`` (the header
every file carries: name, mode, params, returns, description) and then put
under the engineering catalog's rules by ``atocore/graph/catalog_rules.py``
(``cypher/catalog/Q-NNN-<slug>.cypher``: id, title, question, statuses,
columns, pages). A malformed file stops the whole catalog from loading, with
``file:line: problem``.

``cypher/`` is installed with the package (``atocore/cypher/``; see
``Settings.cypher_dir``). Two of its sections hold Cypher that production never
runs: ``cypher/testing/`` (test fixtures, including a wipe of every node) and
``cypher/bench/`` (benchmark data). ``Catalog(root)`` leaves them out, so the
catalog the API, the CLI and the MCP server run cannot reach them; tests load
``Catalog(root, extra=[TESTING])`` and benchmarks ``Catalog(root, extra=[BENCH])``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from atocore.errors import CypherFileError
from atocore.graph import catalog_rules
from atocore.graph.cypher_file import Column, CypherQuery, Param, read_cypher_file

__all__ = ["BENCH", "DEV_SECTIONS", "TESTING", "Catalog", "Column", "CypherQuery", "Param", "load_cypher_file"]

TESTING = "testing"  # cypher/testing/: what tests set up and inspect the graph with
BENCH = "bench"  # cypher/bench/: what benchmarks fill and clear their data with
DEV_SECTIONS = (TESTING, BENCH)


def load_cypher_file(path: Path, root: Path) -> CypherQuery:
    """One file read and checked, under the engineering catalog's rules when it is a catalog file."""
    file = read_cypher_file(path, root, extra_keys=catalog_rules.KEYS, continued_keys=catalog_rules.CONTINUED_KEYS)
    return catalog_rules.apply(file)


class Catalog:
    """The queries under a ``cypher/`` directory, by name: production's, plus the ``extra`` sections asked for."""

    def __init__(self, root: Path, *, extra: Iterable[str] = ()) -> None:
        self.root = root
        self.sections = tuple(extra)
        unknown = sorted(set(self.sections) - set(DEV_SECTIONS))
        if unknown:
            raise ValueError(f"extra sections are {list(DEV_SECTIONS)}, not {unknown}")
        if not root.is_dir():
            raise CypherFileError(str(root), 0, "the Cypher directory does not exist (setting ATOCORE_CYPHER_DIR)")
        self._queries: dict[str, CypherQuery] = {}
        for path in sorted(root.rglob("*.cypher")):
            section = path.relative_to(root).parts[0]
            if section in DEV_SECTIONS and section not in self.sections:
                continue
            query = load_cypher_file(path, root)
            self._queries[query.name] = query
        self._by_query_id: dict[str, CypherQuery] = {}
        for query in sorted((q for q in self._queries.values() if q.is_catalog), key=lambda q: q.query_id):
            if query.query_id in self._by_query_id:
                other = self._by_query_id[query.query_id].path.name
                raise CypherFileError(query.source, 2, f"id {query.query_id} is also {other}'s")
            self._by_query_id[query.query_id] = query

    def __getitem__(self, name: str) -> CypherQuery:
        try:
            return self._queries[name]
        except KeyError:
            section = name.partition(".")[0]
            if section in DEV_SECTIONS and section not in self.sections:
                raise KeyError(
                    f"{name!r} is in cypher/{section}/, which only tests and benchmarks load "
                    f"(Catalog(root, extra=[{section!r}])); this catalog holds production Cypher only"
                ) from None
            raise KeyError(f"no Cypher query named {name!r} under {self.root}") from None

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def __iter__(self) -> Iterator[CypherQuery]:
        return iter(self._queries.values())

    def names(self, prefix: str = "") -> list[str]:
        return sorted(n for n in self._queries if n.startswith(prefix))

    def catalog_queries(self) -> list[CypherQuery]:
        """The engineering query catalog (``cypher/catalog/Q-NNN-*.cypher``), by id."""
        return list(self._by_query_id.values())

    def catalog_query(self, query_id: str) -> CypherQuery | None:
        """The engineering catalog query with exactly this id (``Q-006``), or None."""
        return self._by_query_id.get(query_id)

    def paged_queries(self) -> list[CypherQuery]:
        """The catalog's whole-project listings, read in pages (``pages:`` in their header), by id."""
        return [q for q in self._by_query_id.values() if q.pages]

    def id_range(self) -> str:
        """The catalog's ids as a range: ``Q-001..Q-022``."""
        ids = list(self._by_query_id)
        return f"{ids[0]}..{ids[-1]}" if ids else ""

    def migrations(self) -> list[CypherQuery]:
        """Schema migrations, ``cypher/schema/NNNN-*.cypher``, in order."""
        found = [q for q in self._queries.values() if q.name.startswith("schema.")]
        return sorted(found, key=lambda q: q.name)
