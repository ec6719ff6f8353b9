"""The API guarantees the schema before any route touches the graph (one dependency, not five services)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from atocore.api.app import create_app
from atocore.services.runtime import Services
from tests.conftest import admin_token, bearer

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/memory", {"memory_type": "preference", "content": "Prefers SI units"}),
        ("get", "/entities", None),
        ("get", "/stats", None),
    ],
)
def test_a_request_first_brings_the_schema_up(services, embedder, clean_graph, method, path, body) -> None:
    """An API whose startup missed Neo4j (no lifespan run here) migrates on the first request, before the route."""
    assert clean_graph.run("testing.forget_migrations")[0]["forgotten"] > 0
    fresh = Services(services.settings, embedder=embedder)
    client = TestClient(create_app(services.settings, fresh))  # not entered: the startup hook never ran
    client.headers.update(bearer(admin_token(services.settings)))
    response = client.request(method, path, json=body)
    assert response.status_code < 300, response.text
    recorded = {row["id"] for row in clean_graph.run("migrations.applied")}
    assert recorded == set(clean_graph.catalog.names("schema."))
    fresh.close()


def test_routes_that_never_reach_neo4j_do_not_wait_for_it(embedder, tmp_path) -> None:
    """Catalog listing and templates answer while Neo4j is down; graph routes answer 503."""
    from atocore.config import Settings
    from atocore.runtime.server import free_port

    settings = Settings(
        _env_file=None,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="irrelevant",
        data_dir=tmp_path,
        auth_disabled=True,  # with tokens on, every route but /health asks Neo4j about the token
        allowed_hosts=["testserver"],
    )
    client = TestClient(create_app(settings, Services(settings, embedder=embedder)))
    assert client.get("/queries").status_code == 200
    assert client.get("/projects/template").status_code == 200
    down = client.get("/entities")
    assert down.status_code == 503 and down.json()["error"] == "neo4j_unavailable"
