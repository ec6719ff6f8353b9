"""Every route declares the scope it needs (atocore.api.security); only /health and the docs are open."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from atocore.api.app import create_app
from atocore.config import Settings
from atocore.services.api_tokens import Scope

# The operations whose scope is not what their method says (GET -> read, others -> write; /admin/... -> admin).
NOT_BY_METHOD = {
    ("POST", "/query"): "read",
    ("POST", "/context/build"): "read",
    ("POST", "/queries/{query_id}"): "read",
    ("POST", "/ingest/kb-cad/export"): "import",
    ("POST", "/ingest/kb-fem/export"): "import",
    ("POST", "/projects/proposal"): "admin",
    ("POST", "/projects/register"): "admin",
    ("PUT", "/projects/{name}"): "admin",
    ("POST", "/projects/import"): "admin",
    ("GET", "/sources"): "admin",
    ("POST", "/sources"): "admin",
    ("DELETE", "/sources/{name}"): "admin",
    ("GET", "/tokens"): "admin",
    ("POST", "/tokens"): "admin",
    ("POST", "/tokens/{name}/revoke"): "admin",
}

# Static files a browser page loads with <script src> (no Authorization header there): package
# files that hold no user data, open like /docs.
OPEN_ASSETS = (
    "/docs",  # Swagger UI and Redoc, with their bundles served from the machine (atocore.api.docs)
    "/docs/oauth2-redirect",
    "/docs/assets/redoc.standalone.js",
    "/redoc",
    "/mirror-assets/{name}",
)


@pytest.fixture(scope="module")
def app():
    return create_app(Settings(_env_file=None, neo4j_password="not-used"))  # never started: no Neo4j needed


def operations(app) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_declares_exactly_one_scope(app) -> None:
    missing = []
    for method, path, operation in operations(app):
        if path == "/health":
            continue
        requirements = operation.get("security") or []
        if len(requirements) != 1 or len(requirements[0].get("bearer", [])) != 1:
            missing.append(f"{method} {path}")
            continue
        assert requirements[0]["bearer"][0] in {s.value for s in Scope}, (method, path)
    assert not missing, (
        f"routes without exactly one scope: {missing}; add dependencies=[READ|WRITE|IMPORT|ADMIN] "
        "(atocore.api.security) to their decorators"
    )


def test_health_is_open_and_reports_more_with_read(app) -> None:
    [(_, _, health)] = [o for o in operations(app) if o[1] == "/health"]
    assert health["security"] == [{"bearer": ["read"]}, {}]


def test_each_operation_has_the_scope_of_the_rules(app) -> None:
    wrong = {}
    for method, path, operation in operations(app):
        if path == "/health":
            continue
        by_method = "admin" if path.startswith("/admin/") else "read" if method == "GET" else "write"
        expected = NOT_BY_METHOD.get((method, path), by_method)
        declared = operation["security"][0]["bearer"][0]
        if declared != expected:
            wrong[f"{method} {path}"] = (declared, expected)
    assert not wrong, f"(declared, expected by the rules in atocore.api.security): {wrong}"
    assert all(key in {(m, p) for m, p, _ in operations(app)} for key in NOT_BY_METHOD)  # the table is not stale


def flat_routes(routes) -> list:
    """Every route, those of included routers too (FastAPI keeps an included router as one entry)."""
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)
        found += flat_routes(included.routes) if included is not None else [route]
    return found


def test_no_route_hides_from_the_walk(app) -> None:
    """A route left out of the OpenAPI would escape the tests above; docs pages are not API routes."""
    routes = flat_routes(app.routes)
    hidden = [r.path for r in routes if isinstance(r, APIRoute) and not r.include_in_schema]
    assert sorted(hidden) == sorted(OPEN_ASSETS)
    assert {r.path for r in routes if not isinstance(r, APIRoute)} == {"/openapi.json", "/docs/assets"}


def test_the_bearer_scheme_is_documented(app) -> None:
    scheme = app.openapi()["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "atocore token create" in scheme["description"]
