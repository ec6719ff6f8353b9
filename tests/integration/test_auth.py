"""The trust boundary against the real API and Neo4j: scopes, tokens, rotation, audit, /health, Host and address."""

from __future__ import annotations

import logging
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from atocore.api.app import create_app
from atocore.errors import ConfigurationError
from atocore.services import api_tokens
from atocore.services.runtime import Services
from tests.conftest import admin_token, app_client, bearer, registered, served
from tests.integration.test_imports import cad_export

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14): the projects the KB-CAD exports below name
_projects = registered(*(f"p-auth-export-{n}" for n in range(50)))

SECURITY_LOG = "atocore.security"


def new_token(api, name: str, *scopes: str) -> dict[str, str]:
    """Create a token as the admin; the headers that send it."""
    response = api.post("/tokens", json={"name": name, "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    return bearer(response.json()["secret"])


def as_(headers: dict[str, str] | None):
    """Request options sending ``headers`` instead of the fixture's admin token (None: no token at all)."""
    return {"headers": headers if headers is not None else {"Authorization": ""}}


def refused(response: httpx.Response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert all(word in body["message"] for word in words), body["message"]
    return body


# -- each scope on a real route ----------------------------------------------------------
# (scope, a call it may make, calls of other scopes it may not make: (call, the scope named))
MEMORY = ("post", "/memory", {"memory_type": "preference", "content": "Prefers SI units"})
REGISTER = ("post", "/projects/register", {"id": "p-auth-{n}"})
EXPORT = ("post", "/ingest/kb-cad/export", None)
PROJECTS = ("get", "/projects", None)
QUERY = ("post", "/queries/Q-006", {"params": {"project": "p-auth-q"}})  # registered by the test first


def call(api, method: str, path: str, body, n: int, headers):
    if path == "/ingest/kb-cad/export":
        body = cad_export(f"p-auth-export-{n}")
    elif body is not None:
        body = {k: v.format(n=n) if isinstance(v, str) else v for k, v in body.items()}
    return api.request(method, path, json=body, **as_(headers))


@pytest.mark.parametrize(
    ("scope", "allowed", "forbidden"),
    [
        ("read", [PROJECTS, QUERY], [(MEMORY, "write"), (EXPORT, "import"), (REGISTER, "admin")]),
        ("write", [MEMORY], [(PROJECTS, "read"), (EXPORT, "import"), (REGISTER, "admin")]),
        ("import", [EXPORT], [(PROJECTS, "read"), (MEMORY, "write"), (REGISTER, "admin")]),
        ("admin", [REGISTER, PROJECTS, MEMORY, EXPORT, QUERY], []),
    ],
)
def test_each_scope_on_real_routes(api, scope, allowed, forbidden) -> None:
    registered = api.post("/projects/register", json={"id": "p-auth-q"})  # for QUERY (an unknown one is a 404)
    assert registered.status_code in (201, 409), registered.text
    headers = new_token(api, f"scope-{scope}", scope)
    for n, (method, path, body) in enumerate(allowed):
        response = call(api, method, path, body, n, headers)
        assert response.status_code < 300, (scope, path, response.text)
        no_token = call(api, method, path, body, n + 100, None)
        body_401 = refused(no_token, 401, "needs a token", f"'{no_token.json()['detail']['scope']}' scope")
        assert no_token.headers["www-authenticate"].startswith("Bearer")
        assert body_401["error"] == "unauthenticated"
    for n, ((method, path, body), needed) in enumerate(forbidden):
        response = call(api, method, path, body, n + 200, headers)
        body_403 = refused(response, 403, f"lacks the {needed!r} scope", f"scope-{scope}")
        assert body_403["detail"]["required_scope"] == needed and body_403["detail"]["scopes"] == [scope]
        assert "www-authenticate" not in response.headers


def test_a_token_may_hold_several_scopes(api) -> None:
    both = new_token(api, "reader-writer", "read", "write")
    assert api.post("/memory", json=MEMORY[2], **as_(both)).status_code == 201
    assert api.get("/memory", **as_(both)).status_code == 200
    refused(api.get("/tokens", **as_(both)), 403, "'admin' scope")


# -- bad input -----------------------------------------------------------------------------
def test_bad_tokens_are_401s_logged_without_the_secret(api, caplog) -> None:
    secret = api_tokens.new_secret()
    revoked = new_token(api, "soon-revoked", "read")
    api.post("/tokens/soon-revoked/revoke").raise_for_status()
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOG):
        refused(api.get("/projects", **as_({"Authorization": "Basic dXNlcjpwYXNz"})), 401, "malformed Authorization")
        refused(api.get("/projects", **as_({"Authorization": "Bearer "})), 401, "malformed Authorization")
        refused(api.get("/projects", **as_({"Authorization": "Bearer tiny"})), 401, "malformed token")
        refused(api.get("/projects", **as_(bearer(secret))), 401, "not one this AtoCore knows")
        refused(api.get("/projects", **as_(revoked)), 401, "'soon-revoked' was revoked")
        refused(api.get("/tokens", **as_(new_token(api, "no-admin", "read"))), 403, "'admin' scope")
    logged = caplog.text
    assert api_tokens.digest(secret)[:8] in logged  # a fingerprint to correlate, never the secret
    assert secret not in logged and revoked["Authorization"].split()[1] not in logged
    assert "lacks scope 'admin'" in logged


def test_token_names_and_scopes_are_checked(api) -> None:
    refused(api.post("/tokens", json={"name": "../x", "scopes": ["read"]}), 422, "token name")
    assert api.post("/tokens", json={"name": "ok-name", "scopes": ["root"]}).status_code == 422
    assert api.post("/tokens", json={"name": "ok-name", "scopes": []}).status_code == 422
    new_token(api, "taken", "read")
    api.post("/tokens/taken/revoke").raise_for_status()
    refused(api.post("/tokens", json={"name": "taken", "scopes": ["read"]}), 409, "revoked tokens keep their names")
    refused(api.post("/tokens/never-made/revoke"), 404, "never-made")


# -- managing tokens and rotating ---------------------------------------------------------------
def test_list_shows_names_scopes_and_use_never_a_secret_or_hash(api, graph) -> None:
    headers = new_token(api, "listed", "read", "import")
    secret = headers["Authorization"].split()[1]
    api.get("/projects", **as_(headers)).raise_for_status()
    listing = api.get("/tokens").json()
    [listed] = [t for t in listing["tokens"] if t["name"] == "listed"]
    assert listed["scopes"] == ["read", "import"] and listed["created_by"] == "admin"
    assert listed["created_at"] and listed["last_used_at"] and listed["revoked_at"] is None
    assert secret not in str(listing) and api_tokens.digest(secret) not in str(listing)
    assert "hash" not in listed and "secret" not in listed
    stored = graph.run("tokens.by_hash", hash=api_tokens.digest(secret))[0]["token"]
    assert stored["name"] == "listed" and secret not in str(stored)  # only the hash is in Neo4j
    api.post("/tokens/listed/revoke").raise_for_status()
    assert "listed" not in [t["name"] for t in api.get("/tokens").json()["tokens"]]
    [gone] = [t for t in api.get("/tokens", params={"include_revoked": True}).json()["tokens"] if t["name"] == "listed"]
    assert gone["revoked_at"] and gone["revoked_by"] == "admin"


def test_last_used_is_written_at_most_once_a_minute(api, graph) -> None:
    headers = new_token(api, "busy", "read")

    def last_used():
        return next(t for t in api.get("/tokens").json()["tokens"] if t["name"] == "busy")["last_used_at"]

    assert last_used() is None
    api.get("/projects", **as_(headers)).raise_for_status()
    first = last_used()
    for _ in range(5):
        api.get("/projects", **as_(headers)).raise_for_status()
    assert first is not None and last_used() == first


def test_rotation_end_to_end(api) -> None:
    old = new_token(api, "exporter-2025", "import")
    assert call(api, *EXPORT, 1, old).status_code == 201
    new = new_token(api, "exporter-2026", "import")  # both valid while the client moves
    assert call(api, *EXPORT, 1, old).status_code == 200 and call(api, *EXPORT, 2, new).status_code == 201
    api.post("/tokens/exporter-2025/revoke").raise_for_status()
    refused(call(api, *EXPORT, 13, old), 401, "'exporter-2025' was revoked")  # at once, cache or not
    assert call(api, *EXPORT, 13, new).status_code == 201


def test_a_revocation_made_elsewhere_takes_effect_within_the_cache_time(services, api) -> None:
    headers = new_token(api, "cached-elsewhere", "read")
    other_settings = services.settings.model_copy(update={"token_cache_seconds": 1.0})
    with app_client(other_settings, services) as other:  # another API process on the same graph
        assert other.get("/projects", **as_(headers)).status_code == 200
        api.post("/tokens/cached-elsewhere/revoke").raise_for_status()
        assert other.get("/projects", **as_(headers)).status_code == 200  # trusted from its cache
        time.sleep(1.1)
        refused(other.get("/projects", **as_(headers)), 401, "was revoked")


# -- the audit trail ------------------------------------------------------------------------------
def test_every_write_names_its_token(api) -> None:
    writer = new_token(api, "audit-writer", "read", "write")
    api.post("/projects/register", json={"id": "p-audit"}).raise_for_status()  # as the admin
    assert api.get("/projects/p-audit").json()["created_by"] == "admin"

    memory = api.post("/memory", json={**MEMORY[2], "status": "candidate"}, **as_(writer)).json()
    assert memory["created_by"] == "audit-writer"
    api.post(f"/memory/{memory['id']}/promote", json={"reason": "agreed"}).raise_for_status()  # reviewed by admin
    [review] = api.get("/reviews", params={"target_id": memory["id"]}, **as_(writer)).json()["reviews"]
    assert (review["action"], review["created_by"]) == ("promote", "admin")

    made = {
        "type": "Requirement",
        "key": "requirement.audit",
        "name": "Audit",
        "project": "p-audit",
        "properties": {"text": "Every write names its token."},
    }
    sources = [{"artifact": "note://audit"}]
    entity = api.post("/entities", json={**made, "status": "candidate", "source_refs": sources}, **as_(writer)).json()
    assert entity.get("created_by") == "audit-writer", entity
    api.post(f"/entities/{entity['id']}/promote", **as_(writer)).raise_for_status()
    revised = api.put(f"/entities/{entity['id']}", json={"name": "Audit v2", "reason": "renamed"})  # the admin
    assert revised.status_code == 200, revised.text
    history = api.get(f"/entities/{revised.json()['id']}/history", **as_(writer)).json()
    assert [(v["name"], v["created_by"]) for v in history] == [("Audit v2", "admin"), ("Audit", "audit-writer")]
    reviews = {(r["action"], r["created_by"]) for r in api.get(f"/entities/{entity['id']}/reviews").json()}
    assert ("promote", "audit-writer") in reviews and any(by == "admin" for _, by in reviews), reviews

    state = {"project": "p-audit", "category": "decision", "key": "k", "value": "v"}
    assert api.post("/project/state", json=state, **as_(writer)).json()["created_by"] == "audit-writer"
    captured = api.post("/interactions", json={"prompt": "What pads?", "response": "Felt."}, **as_(writer)).json()
    assert captured["interaction"]["created_by"] == "audit-writer"
    importer = new_token(api, "audit-importer", "import")
    report = call(api, *EXPORT, 9, importer).json()
    assert report["created_by"] == "audit-importer"
    imported = api.get("/entities", params={"project": "p-auth-export-9", "status": "all"}).json()["entities"]
    assert imported and {e["created_by"] for e in imported} == {"audit-importer"}


# -- /health ---------------------------------------------------------------------------------------
def test_health_tells_anyone_its_status_and_a_reader_everything(api) -> None:
    anyone = api.get("/health", **as_(None))
    assert anyone.status_code == 200 and anyone.json() == {"status": "ok"}
    exporter = api.get("/health", **as_(new_token(api, "health-exporter", "import")))
    assert exporter.json() == {"status": "ok"}
    reader = api.get("/health", **as_(new_token(api, "health-reader", "read"))).json()
    assert reader["status"] == "ok" and reader["neo4j"]["reachable"] and reader["indexes"]
    refused(api.get("/health", **as_(bearer(api_tokens.new_secret()))), 401, "not one this AtoCore knows")


def test_health_without_neo4j_says_unavailable_and_nothing_more(embedder, tmp_path) -> None:
    from atocore.config import Settings
    from atocore.runtime.server import free_port

    settings = Settings(
        _env_file=None,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="irrelevant",
        data_dir=tmp_path,
        allowed_hosts=["testserver"],
    )
    with TestClient(create_app(settings, Services(settings, embedder=embedder))) as client:
        for headers in (None, bearer(admin_token(settings))):  # a token cannot be checked without Neo4j
            response = client.get("/health", **as_(headers))
            assert response.status_code == 503 and response.json() == {"status": "unavailable"}
        refused(client.get("/projects", **as_(bearer(admin_token(settings)))), 503, "not reachable")


# -- Host and address, over real HTTP -------------------------------------------------------------------
def test_a_rebinding_host_is_refused_before_any_route(live_api) -> None:
    admin = bearer(admin_token_of(live_api))
    for path in ("/projects", "/health", "/memory"):
        response = httpx.get(f"{live_api}{path}", headers={**admin, "Host": "attacker.example:8100"})
        refused(response, 421, "'attacker.example:8100'", "ATOCORE_ALLOWED_HOSTS")
    assert httpx.get(f"{live_api}/projects", headers=admin).status_code == 200
    port = live_api.rsplit(":", 1)[1]
    assert httpx.get(f"http://localhost:{port}/projects", headers=admin).status_code == 200


def admin_token_of(_: str) -> str:
    import os

    return os.environ["ATOCORE_TOKEN"]


def test_the_address_allowlist_answers_before_the_token(services, clean_graph) -> None:
    outside = services.settings.model_copy(update={"allowed_ips": [__import__("ipaddress").ip_network("10.0.0.0/8")]})
    with served(outside, services) as url:
        for headers in ({}, bearer(admin_token(services.settings))):
            refused(httpx.get(f"{url}/projects", headers=headers), 403, "127.0.0.1", "ATOCORE_ALLOWED_IPS")
    inside = services.settings.model_copy(update={"allowed_ips": [__import__("ipaddress").ip_network("127.0.0.0/8")]})
    with served(inside, services) as url:
        refused(httpx.get(f"{url}/projects"), 401, "needs a token")
        assert httpx.get(f"{url}/projects", headers=bearer(admin_token(services.settings))).status_code == 200


# -- auth off, on loopback only --------------------------------------------------------------------------
def test_with_auth_disabled_everything_answers_and_writes_name_no_token(services, clean_graph) -> None:
    settings = services.settings.model_copy(update={"auth_disabled": True})
    with TestClient(create_app(settings, services)) as client:
        assert client.get("/projects").status_code == 200
        assert client.post("/memory", json=MEMORY[2]).json()["created_by"] is None
        assert "neo4j" in client.get("/health").json()


# -- the admin token file -----------------------------------------------------------------------------------
def test_first_start_creates_the_admin_token_file_once(services, clean_graph, tmp_path) -> None:
    import os
    import stat

    settings = services.settings.model_copy(update={"data_dir": tmp_path / "fresh"})
    with app_client(settings, services) as client:
        path = settings.api_token_file
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        names = {t["name"]: t["scopes"] for t in client.get("/tokens").json()["tokens"]}
    secret = path.read_text()
    with app_client(settings, services) as client:  # a second start changes nothing
        assert path.read_text() == secret
        assert {t["name"]: t["scopes"] for t in client.get("/tokens").json()["tokens"]} == names
        assert [s for n, s in names.items() if n.startswith("admin")] and all(
            s == ["admin"] for n, s in names.items() if n.startswith("admin")
        )


def test_a_replaced_file_gets_a_new_name_and_a_revoked_one_is_not_registered_again(
    services, clean_graph, tmp_path
) -> None:
    settings = services.settings.model_copy(update={"data_dir": tmp_path / "replaced"})
    with app_client(settings, services):
        pass
    first = settings.api_token_file.read_text().strip()
    settings.api_token_file.unlink()
    with app_client(settings, services) as client:
        second = settings.api_token_file.read_text().strip()
        mine = [t for t in client.get("/tokens").json()["tokens"] if t["name"].startswith("admin")]
        assert second != first and len(mine) >= 2  # the old one stays until someone revokes it
        newest = next(t["name"] for t in mine if api_tokens.find_token(services.graph, second).name == t["name"])
        client.post(f"/tokens/{newest}/revoke").raise_for_status()
    with TestClient(create_app(settings, services)) as client:  # restarted: the revoked secret stays revoked
        refused(client.get("/projects", headers=bearer(second)), 401, "was revoked")


def test_a_named_token_file_must_exist_and_be_long_enough(services, clean_graph, tmp_path) -> None:
    missing = services.settings.model_copy(update={"token_file": tmp_path / "secret-from-docker"})
    with pytest.raises(ConfigurationError, match="does not exist"), TestClient(create_app(missing, services)):
        pass
    (tmp_path / "short").write_text("hunter2\n")
    short = services.settings.model_copy(update={"token_file": tmp_path / "short"})
    with pytest.raises(ConfigurationError, match="not usable"), TestClient(create_app(short, services)):
        pass
    (tmp_path / "operator").write_text(api_tokens.new_secret() + "\n")
    given = services.settings.model_copy(update={"token_file": tmp_path / "operator"})
    with app_client(given, services) as client:
        assert client.get("/projects").status_code == 200
