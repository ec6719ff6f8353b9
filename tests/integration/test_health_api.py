"""GET /health against the real Neo4j, and the 503 when Neo4j is not there."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from atocore import __version__
from atocore.api.app import create_app
from atocore.config import Settings
from atocore.runtime.server import free_port
from atocore.services.runtime import Services
from tests.conftest import app_client

pytestmark = pytest.mark.integration


def test_health_reports_neo4j_indexes_and_counts(api) -> None:
    response = api.get("/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["build_sha"] == "unknown"
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["edition"] == "community"
    assert body["neo4j"]["server_version"][0].isdigit()
    assert body["embedding"] == {"model": "all-MiniLM-L6-v2", "dimensions": 384}
    vector = next(i for i in body["indexes"] if i["name"] == "chunk_embedding")
    assert vector["state"] == "ONLINE" and vector["dimensions"] == 384
    assert body["node_counts"]["Chunk"] == 0
    assert body["node_counts"]["Migration"] == len(body["migrations_applied"]) >= 3


def test_health_build_identity_from_settings(services, embedder, clean_graph) -> None:
    settings = services.settings.model_copy(
        update={"build_sha": "abc123", "build_branch": "main", "build_time": "2026-11-22T00:00:00Z"}
    )
    with app_client(settings, Services(settings, embedder=embedder)) as client:
        body = client.get("/health").json()
    assert (body["build_sha"], body["build_branch"], body["build_time"]) == ("abc123", "main", "2026-11-22T00:00:00Z")


def test_health_is_503_with_a_hint_when_neo4j_is_unreachable(embedder, tmp_path) -> None:
    settings = Settings(
        _env_file=None,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="irrelevant",
        data_dir=tmp_path,
        auth_disabled=True,  # no token can be checked without Neo4j: the full report is the operator's then
        allowed_hosts=["testserver"],
    )
    with TestClient(create_app(settings, Services(settings, embedder=embedder))) as client:
        response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["neo4j"]["reachable"] is False
    assert "is not reachable" in body["neo4j"]["error"] and "atocore neo4j status" in body["neo4j"]["error"]


def test_unknown_route_is_a_clean_404(api) -> None:
    response = api.get("/no/such/route")
    assert response.status_code == 404
