"""The trust boundary's pure parts: Host and address checks, bind refusal, header parsing, token names, settings."""

from __future__ import annotations

import os
import stat

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from atocore.api.boundary import allowed_host_names, host_name, install_boundary
from atocore.api.errors import exception_response
from atocore.api.security import bearer_secret, check_bind
from atocore.config import Settings, is_loopback
from atocore.errors import (
    AuthenticationError,
    ConfigurationError,
    MisdirectedRequestError,
    PermissionDeniedError,
    ValidationError,
    error_for_status,
)
from atocore.runtime.private import make_private, open_private_append, readable_by_others, write_private_text
from atocore.services import api_tokens

GOOD = "atc_" + "x" * 43


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def guarded_app(**values) -> FastAPI:
    """A one-route app behind the boundary middleware (no Neo4j, no tokens)."""
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict:
        return {"pong": True}

    install_boundary(app, settings(**values))
    return app


# -- Host -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8100", "127.0.0.1"),
        ("[::1]:8100", "::1"),
        ("LocalHost.", "localhost"),
        ("atocore.example.com", "atocore.example.com"),
        ("attacker.example:80", "attacker.example"),
        ("", ""),
    ],
)
def test_host_name_drops_port_brackets_case_and_final_dot(header: str, name: str) -> None:
    assert host_name(header) == name


def test_allowed_hosts_are_loopback_the_bound_address_and_the_configured_names() -> None:
    assert allowed_host_names(settings()) == {"localhost", "127.0.0.1", "::1"}
    assert "10.0.0.5" in allowed_host_names(settings(api_host="10.0.0.5"))
    assert "0.0.0.0" not in allowed_host_names(settings(api_host="0.0.0.0"))  # browsers reach localhost through it
    assert "atocore.example.com" in allowed_host_names(settings(allowed_hosts="AtoCore.example.com:443"))


@pytest.mark.parametrize("host", ["attacker.example", "0.0.0.0:8100", "127.0.0.1.nip.io", "localhost.attacker.example"])
def test_a_foreign_host_is_refused_before_any_route(host: str) -> None:
    response = TestClient(guarded_app()).get("/ping", headers={"Host": host})
    assert response.status_code == 421
    assert response.json()["error"] == "host_not_allowed"
    assert "ATOCORE_ALLOWED_HOSTS" in response.json()["message"]


@pytest.mark.parametrize("host", ["127.0.0.1:8100", "localhost", "[::1]:8100", "atocore.example.com"])
def test_loopback_and_configured_hosts_pass(host: str) -> None:
    app = guarded_app(allowed_hosts="atocore.example.com")
    assert TestClient(app).get("/ping", headers={"Host": host}).json() == {"pong": True}


# -- client address -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("client", "allowed"),
    [
        ("10.1.2.3", True),
        ("::ffff:10.1.2.3", True),
        ("192.168.0.9", False),
        ("2001:db8::1", True),
        ("testclient", False),
    ],
)
def test_the_address_allowlist_comes_before_the_host(client: str, allowed: bool) -> None:
    app = guarded_app(allowed_ips="10.0.0.0/8, 2001:db8::/32")
    response = TestClient(app, client=(client, 5000)).get("/ping", headers={"Host": "attacker.example"})
    if allowed:
        assert response.status_code == 421  # through the address check, stopped by the Host check
    else:
        assert response.status_code == 403 and "ATOCORE_ALLOWED_IPS" in response.json()["message"]


def test_without_an_allowlist_any_address_passes() -> None:
    app = guarded_app()
    assert TestClient(app, client=("203.0.113.7", 5000)).get("/ping", headers={"Host": "localhost"}).status_code == 200


# -- CORS ---------------------------------------------------------------------------------
def test_cors_is_off_unless_configured() -> None:
    preflight = {
        "Host": "localhost",
        "Origin": "https://tool.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    closed = TestClient(guarded_app()).options("/ping", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    opened = TestClient(guarded_app(cors_origins="https://tool.example")).options("/ping", headers=preflight)
    assert opened.headers["access-control-allow-origin"] == "https://tool.example"
    other = TestClient(guarded_app(cors_origins="https://tool.example")).options(
        "/ping", headers={**preflight, "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers


# -- binding ------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_auth_may_be_off_on_loopback(host: str) -> None:
    check_bind(settings(auth_disabled=True), host)
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "atocore.example.com"])
def test_auth_off_beyond_loopback_refuses_to_start_saying_what_to_set(host: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        check_bind(settings(auth_disabled=True), host)
    assert "ATOCORE_AUTH_DISABLED" in refused.value.message and "ATOCORE_API_HOST=127.0.0.1" in refused.value.message
    check_bind(settings(), host)  # with tokens, any interface


def test_clients_reach_an_all_interfaces_bind_on_loopback() -> None:
    assert settings(api_host="0.0.0.0").api_url == "http://127.0.0.1:8100"
    assert settings(api_host="::1", api_port=9).api_url == "http://[::1]:9"


# -- the Authorization header --------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (None, "needs a token with the 'write' scope"),
        ("", "needs a token with the 'write' scope"),
        ("Basic dXNlcjpwYXNz", "malformed Authorization header"),
        ("Bearer", "malformed Authorization header"),
        ("Bearer    ", "malformed Authorization header"),
        ("Token " + GOOD, "malformed Authorization header"),
        ("Bearer short", "malformed token"),
        ("Bearer " + "é" * 40, "malformed token"),
        ("Bearer " + GOOD + " extra", "malformed token"),
    ],
)
def test_a_bad_header_is_a_401_saying_what_is_wrong(header: str | None, problem: str) -> None:
    with pytest.raises(AuthenticationError) as refused:
        bearer_secret(header, "write")
    assert problem in refused.value.message
    assert GOOD not in refused.value.message


@pytest.mark.parametrize("header", ["Bearer " + GOOD, "bearer " + GOOD, "  Bearer   " + GOOD + "  "])
def test_a_bearer_header_gives_its_secret(header: str) -> None:
    assert bearer_secret(header, "read") == GOOD


def test_401_carries_the_bearer_challenge_and_403_does_not() -> None:
    assert exception_response(AuthenticationError("no")).headers["www-authenticate"].startswith("Bearer")
    assert "www-authenticate" not in exception_response(PermissionDeniedError("no")).headers


def test_the_client_maps_401_403_421_to_their_errors() -> None:
    assert isinstance(error_for_status(401, "x"), AuthenticationError)
    assert isinstance(error_for_status(403, "x"), PermissionDeniedError)
    assert isinstance(error_for_status(421, "x"), MisdirectedRequestError)
    assert (AuthenticationError.exit_code, PermissionDeniedError.exit_code) == (9, 10)


# -- tokens -------------------------------------------------------------------------------
def test_new_secrets_are_long_random_and_prefixed() -> None:
    made = {api_tokens.new_secret() for _ in range(50)}
    assert len(made) == 50
    assert all(s.startswith("atc_") and len(s) == 47 and api_tokens.well_formed(s) for s in made)
    assert len(api_tokens.digest(GOOD)) == 64 and api_tokens.digest(GOOD) != api_tokens.digest(GOOD + "y")


@pytest.mark.parametrize("name", ["", " ", "../admin", "a b", "-lead", "x" * 65, "naïve", "a/b", "a\x00b"])
def test_token_names_are_checked_like_project_ids(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        api_tokens.check_name(name)
    assert refused.value.detail["field"] == "name"


def test_scopes_are_checked_and_deduplicated() -> None:
    assert api_tokens.check_scopes(["Read", "write", "read"]) == [api_tokens.Scope.READ, api_tokens.Scope.WRITE]
    for bad in ([], ["root"], ["read", "everything"]):
        with pytest.raises(ValidationError) as refused:
            api_tokens.check_scopes(bad)
        assert refused.value.detail["valid"] == ["read", "write", "import", "admin"]


def test_admin_includes_every_scope_and_others_only_their_own() -> None:
    from datetime import UTC, datetime

    def token(*scopes: str) -> api_tokens.ApiToken:
        return api_tokens.ApiToken(name="t", scopes=list(scopes), created_at=datetime.now(UTC))

    assert all(token("admin").allows(s) for s in api_tokens.Scope)
    exporter = token("import")
    assert exporter.allows(api_tokens.Scope.IMPORT)
    assert not any(exporter.allows(s) for s in (api_tokens.Scope.READ, api_tokens.Scope.WRITE, api_tokens.Scope.ADMIN))


# -- settings --------------------------------------------------------------------------------
def test_a_client_token_comes_from_atocore_token_else_the_file(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ATOCORE_TOKEN", raising=False)
    assert settings(data_dir=tmp_path).resolved_token() is None
    write_private_text(tmp_path / "api-token", GOOD + "\n")
    assert settings(data_dir=tmp_path).resolved_token() == GOOD
    assert settings(data_dir=tmp_path, token="atc_from_env").resolved_token() == "atc_from_env"
    assert settings(data_dir=tmp_path, token="  ").resolved_token() == GOOD  # ATOCORE_TOKEN= is unset
    other = tmp_path / "elsewhere"
    other.write_text("atc_from_file\n")
    assert settings(data_dir=tmp_path, token_file=other).resolved_token() == "atc_from_file"


def test_list_settings_read_commas_or_json(monkeypatch) -> None:
    monkeypatch.setenv("ATOCORE_ALLOWED_HOSTS", "a.example, b.example")
    monkeypatch.setenv("ATOCORE_CORS_ORIGINS", '["https://x.example"]')
    monkeypatch.setenv("ATOCORE_ALLOWED_IPS", "10.1.2.3/8,::1")
    loaded = settings()
    assert loaded.allowed_hosts == ["a.example", "b.example"]
    assert loaded.cors_origins == ["https://x.example"]
    assert [str(n) for n in loaded.allowed_ips] == ["10.0.0.0/8", "::1/128"]
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        settings(allowed_ips="10.0.0.0/8, nonsense")


# -- private files ---------------------------------------------------------------------------
def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_private_files_are_created_private(tmp_path) -> None:
    write_private_text(tmp_path / "new" / "secret", "s")
    with open_private_append(tmp_path / "logs" / "api.log") as log:
        log.write(b"line\n")
    assert (mode(tmp_path / "new" / "secret"), mode(tmp_path / "logs" / "api.log")) == (0o600, 0o600)
    assert (mode(tmp_path / "new"), mode(tmp_path / "logs")) == (0o700, 0o700)


def test_make_private_clears_group_and_other_bits_without_following_links(tmp_path) -> None:
    root, shared = tmp_path / "home", tmp_path / "shared"
    (root / "data" / "databases").mkdir(parents=True)
    shared.mkdir()
    (shared / "jar").write_text("j")
    (root / "data" / "databases" / "store").write_text("graph")
    (root / "lib").symlink_to(shared, target_is_directory=True)
    for path in (root, root / "data", root / "data" / "databases", shared):
        path.chmod(0o755)
    for path in (root / "data" / "databases" / "store", shared / "jar"):
        path.chmod(0o644)
    assert len(readable_by_others(root)) == 4
    assert make_private(root) == 4
    assert readable_by_others(root) == []
    assert mode(root / "data" / "databases" / "store") == 0o600 and mode(root / "data") == 0o700
    assert (mode(shared), mode(shared / "jar")) == (0o755, 0o644)  # the link's target is not ours to change
