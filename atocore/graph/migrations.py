"""Schema migrations: ``cypher/schema/NNNN-*.cypher`` applied in order at startup.

Each migration is idempotent DDL (``IF NOT EXISTS``) and is recorded as a
``(:Migration {id, checksum, applied_at})`` node. Editing a migration that a
database has already applied is refused: write a new migration instead.
After the migrations run, every index must come ONLINE and the chunk vector
index must have the embedder's dimensions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from atocore.errors import SchemaError
from atocore.graph.driver import Graph

VECTOR_INDEX = "chunk_embedding"
Quantization = Literal["none", "scalar", "binary"]
# Pinned in the index definition (migration 0017), chosen on the retrieval dev set:
# docs/architecture/ingestion-and-retrieval.md, "Vector quantization".
VECTOR_QUANTIZATION: Quantization = "scalar"
QUANTIZATION_TYPE_SINCE = (2026, 8)  # servers that name the quantization (`vector.quantization.type`)


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    already_applied: list[str]


def apply_migrations(graph: Graph, *, dimensions: int, await_timeout_s: int = 300) -> MigrationReport:
    """Apply pending migrations, wait for indexes, check vector dimensions."""
    check_vector_dimensions(graph, dimensions)
    recorded = {row["id"]: row["checksum"] for row in graph.run("migrations.applied")}
    applied, skipped = [], []
    for migration in graph.catalog.migrations():
        known = recorded.get(migration.name)
        if known is not None:
            if known != migration.checksum:
                raise SchemaError(
                    f"Migration {migration.name} ({migration.source}) was changed after it was applied to database "
                    f"{graph.database!r} (recorded checksum {known[:12]}…, file now {migration.checksum[:12]}…). "
                    "Applied migrations are immutable: restore the file and add a new migration for the change.",
                    migration=migration.name,
                )
            skipped.append(migration.name)
            continue
        params = {p.name: _migration_param(graph, p.name, dimensions) for p in migration.params}
        graph.run_schema(migration.name, **params)
        graph.run("migrations.record", id=migration.name, checksum=migration.checksum)
        applied.append(migration.name)
    graph.run_schema("graph.await_indexes", timeout_s=await_timeout_s)
    failed = [i["name"] for i in graph.run("graph.indexes") if i["state"] not in ("ONLINE",)]
    if failed:
        raise SchemaError(f"Indexes not ONLINE after migrations: {failed}. See the Neo4j debug.log.", indexes=failed)
    check_vector_dimensions(graph, dimensions)
    return MigrationReport(applied=applied, already_applied=skipped)


def _migration_param(graph: Graph, name: str, dimensions: int) -> Any:
    if name == "dimensions":
        return dimensions
    if name == "vector_config":
        return vector_index_config(server_version(graph), dimensions)
    raise SchemaError(f"A migration asks for the unknown parameter ${name}.", parameter=name)


def server_version(graph: Graph) -> tuple[int, int]:
    """The kernel's (major, minor): (5, 26), (2026, 8); (0, 0) when the server does not say."""
    components = graph.run("graph.components")
    kernel = next((c for c in components if c["name"] == "Neo4j Kernel"), components[0] if components else None)
    found = re.match(r"(\d+)\.(\d+)", kernel["versions"][0]) if kernel else None
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def vector_index_config(
    version: tuple[int, int], dimensions: int, quantization: Quantization = VECTOR_QUANTIZATION
) -> dict[str, Any]:
    """The chunk vector index's indexConfig on a server of ``version``, its quantization written out.

    Servers since 2026.08 name it (``vector.quantization.type``: NONE, SCALAR
    or BINARY, BINARY being their default); older ones (5.26) only switch it
    (``vector.quantization.enabled``: true is their int8 scalar quantization).
    """
    config: dict[str, Any] = {"vector.dimensions": dimensions, "vector.similarity_function": "cosine"}
    if version >= QUANTIZATION_TYPE_SINCE:
        config["vector.quantization.type"] = quantization.upper()
    elif quantization == "binary":
        raise SchemaError(
            f"Neo4j {version[0]}.{version[1]} has no binary vector quantization (2026.08 and later do).",
            quantization=quantization,
        )
    else:
        config["vector.quantization.enabled"] = quantization == "scalar"
    return config


def vector_index_dimensions(graph: Graph, name: str = VECTOR_INDEX) -> int | None:
    for index in graph.run("graph.indexes"):
        if index["name"] == name and index["type"] == "VECTOR":
            config = (index.get("options") or {}).get("indexConfig") or {}
            value = config.get("vector.dimensions")
            return int(value) if value is not None else None
    return None


def check_vector_dimensions(graph: Graph, dimensions: int) -> None:
    """Refuse an existing vector index built for another embedder."""
    existing = vector_index_dimensions(graph)
    if existing is not None and existing != dimensions:
        raise SchemaError(
            f"The vector index {VECTOR_INDEX!r} in database {graph.database!r} holds {existing}-dimensional "
            f"vectors but the configured embedder produces {dimensions}. Neo4j would answer with meaningless "
            "scores, so AtoCore stops here. Either set ATOCORE_EMBEDDING_MODEL back to the model that built the "
            f"index, or rebuild: `atocore schema rebuild-vector-index` (drops {VECTOR_INDEX!r} and the stored "
            "chunk embeddings so the next ingestion re-embeds every chunk).",
            index=VECTOR_INDEX,
            index_dimensions=existing,
            embedder_dimensions=dimensions,
        )
