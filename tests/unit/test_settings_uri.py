"""Without ATOCORE_NEO4J_URI, AtoCore looks for Neo4j where ATOCORE_NEO4J_BOLT_PORT put the local server."""

from __future__ import annotations

import pytest

from atocore.config import Settings


@pytest.fixture(autouse=True)
def no_environment(monkeypatch) -> None:
    for name in ("ATOCORE_NEO4J_URI", "NEO4J_URI", "ATOCORE_NEO4J_BOLT_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_the_default_is_the_local_server_on_the_default_port() -> None:
    assert Settings(_env_file=None).neo4j_uri == "bolt://127.0.0.1:7687"


def test_the_uri_follows_the_bolt_port(monkeypatch) -> None:
    monkeypatch.setenv("ATOCORE_NEO4J_BOLT_PORT", "7792")
    assert Settings(_env_file=None).neo4j_uri == "bolt://127.0.0.1:7792"


@pytest.mark.parametrize("variable", ["ATOCORE_NEO4J_URI", "NEO4J_URI"])
def test_a_uri_given_wins_over_the_port(monkeypatch, variable) -> None:
    monkeypatch.setenv("ATOCORE_NEO4J_BOLT_PORT", "7792")
    monkeypatch.setenv(variable, "neo4j+s://example.databases.neo4j.io")
    assert Settings(_env_file=None).neo4j_uri == "neo4j+s://example.databases.neo4j.io"
