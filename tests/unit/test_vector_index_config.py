"""The chunk vector index's configuration per server version (migration 0017's parameter)."""

from __future__ import annotations

import pytest

from atocore.errors import SchemaError
from atocore.graph.migrations import vector_index_config


def test_servers_that_name_the_quantization_get_its_name() -> None:
    config = vector_index_config((2026, 8), 384, "scalar")
    assert config == {
        "vector.dimensions": 384,
        "vector.similarity_function": "cosine",
        "vector.quantization.type": "SCALAR",
    }
    assert vector_index_config((2027, 1), 384, "none")["vector.quantization.type"] == "NONE"


def test_5_26_gets_the_switch() -> None:
    assert vector_index_config((5, 26), 384, "scalar")["vector.quantization.enabled"] is True
    assert vector_index_config((5, 26), 384, "none")["vector.quantization.enabled"] is False
    assert "vector.quantization.type" not in vector_index_config((5, 26), 384, "scalar")


def test_binary_is_refused_where_the_server_has_none() -> None:
    with pytest.raises(SchemaError, match="no binary vector quantization"):
        vector_index_config((5, 26), 384, "binary")
