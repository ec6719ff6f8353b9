"""Schema migrations against the real Neo4j: ordered, recorded, idempotent, guarded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atocore.config import REPO_ROOT
from atocore.errors import SchemaError
from atocore.graph import Catalog, Graph
from atocore.graph.migrations import (
    QUANTIZATION_TYPE_SINCE,
    VECTOR_QUANTIZATION,
    apply_migrations,
    server_version,
    vector_index_dimensions,
)

pytestmark = pytest.mark.integration


def test_first_run_applied_every_migration_in_order(services, clean_graph) -> None:
    names = [m.name for m in clean_graph.catalog.migrations()]
    report = services.first_migration_report
    assert report.applied + report.already_applied  # the session applied or found them all
    assert sorted(report.applied + report.already_applied) == names
    recorded = clean_graph.run("migrations.applied")
    assert [r["id"] for r in recorded] == names
    assert all(len(r["checksum"]) == 64 and r["applied_at"] is not None for r in recorded)


def test_running_twice_changes_nothing(clean_graph, embedder) -> None:
    before = clean_graph.run("graph.indexes")
    stamps = {r["id"]: r["applied_at"] for r in clean_graph.run("migrations.applied")}
    report = apply_migrations(clean_graph, dimensions=embedder.dimensions)
    assert report.applied == []
    assert len(report.already_applied) == len(stamps)
    assert clean_graph.run("graph.indexes") == before
    assert {r["id"]: r["applied_at"] for r in clean_graph.run("migrations.applied")} == stamps


def test_indexes_online_with_embedder_dimensions(clean_graph, embedder) -> None:
    indexes = {i["name"]: i for i in clean_graph.run("graph.indexes")}
    assert indexes["chunk_embedding"]["type"] == "VECTOR"
    assert indexes["chunk_text"]["type"] == "FULLTEXT"
    assert indexes["chunk_id"]["state"] == "ONLINE"
    assert all(i["state"] == "ONLINE" for i in indexes.values())
    assert vector_index_dimensions(clean_graph) == embedder.dimensions == 384


def chunk_vector_config(graph) -> dict:
    index = next(i for i in graph.run("graph.indexes") if i["name"] == "chunk_embedding")
    return index["options"]["indexConfig"]


def pinned_quantization(graph) -> object:
    """The quantization the index definition shows, as this server names it."""
    config = chunk_vector_config(graph)
    if server_version(graph) >= QUANTIZATION_TYPE_SINCE:
        return config["vector.quantization.type"]
    return config["vector.quantization.enabled"]


def expected_quantization(graph) -> object:
    if server_version(graph) >= QUANTIZATION_TYPE_SINCE:
        return VECTOR_QUANTIZATION.upper()
    return VECTOR_QUANTIZATION == "scalar"


def test_the_vector_index_pins_its_quantization(clean_graph) -> None:
    """Migration 0017 writes the quantization into the definition; 2026.08's default (binary) never applies."""
    assert pinned_quantization(clean_graph) == expected_quantization(clean_graph)
    assert chunk_vector_config(clean_graph)["vector.similarity_function"].lower() == "cosine"


def test_a_rebuilt_vector_index_is_pinned_again(clean_graph, embedder) -> None:
    clean_graph.run_schema("graph.rebuild_vector_index")
    report = apply_migrations(clean_graph, dimensions=embedder.dimensions)
    assert report.applied == ["schema.0002-chunk-vector-index", "schema.0017-chunk-vector-quantization"]
    assert pinned_quantization(clean_graph) == expected_quantization(clean_graph)


def test_dimension_mismatch_stops_startup_with_rebuild_hint(clean_graph) -> None:
    with pytest.raises(SchemaError) as err:
        apply_migrations(clean_graph, dimensions=768)
    message = str(err.value)
    assert "384-dimensional" in message and "produces 768" in message
    assert "atocore schema rebuild-vector-index" in message
    assert err.value.detail == {"index": "chunk_embedding", "index_dimensions": 384, "embedder_dimensions": 768}


def test_changed_applied_migration_is_refused(settings, clean_graph, tmp_path: Path, embedder) -> None:
    copy = tmp_path / "cypher"
    shutil.copytree(REPO_ROOT / "cypher", copy)
    migration = copy / "schema" / "0003-chunk-fulltext-index.cypher"
    migration.write_text(migration.read_text().replace("keyword half", "keyword side"))
    graph = Graph(settings, Catalog(copy))
    try:
        with pytest.raises(SchemaError, match=r"schema.0003-chunk-fulltext-index .* was changed after it was applied"):
            apply_migrations(graph, dimensions=embedder.dimensions)
    finally:
        graph.close()


def test_catalog_params_are_checked_when_run(clean_graph) -> None:
    with pytest.raises(TypeError, match=r"missing params \['checksum'\]"):
        clean_graph.run("migrations.record", id="x")
