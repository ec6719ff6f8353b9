"""The locally assembled Neo4j: install twice, start, status, stop, and /health
following it down (503) and back up (200) without restarting the API."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from fastapi.testclient import TestClient

from atocore.api.app import create_app
from atocore.config import Settings
from atocore.errors import RuntimeSetupError
from atocore.runtime.server import LocalNeo4j
from atocore.services.runtime import Services
from tests.conftest import local_server_config

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven to assemble the local server"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("local-neo4j")
    local = LocalNeo4j(local_server_config(root))
    yield local
    local.stop()


def test_install_is_idempotent_and_keeps_the_password_private(server) -> None:
    first = server.install()
    password = server.config.password_file.read_text()
    conf = server.conf_file.read_text()
    second = server.install()
    assert first == second
    assert server.config.password_file.read_text() == password
    assert stat.S_IMODE(os.stat(server.config.password_file).st_mode) == 0o600
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "dbms.usage_report.enabled=false" in conf and "client.allow_telemetry=false" in conf
    assert f"server.bolt.listen_address=:{server.config.bolt_port}" in conf
    assert server.status().state == "stopped"


def test_start_is_idempotent_and_status_reports(server) -> None:
    status = server.start()
    assert status.state == "running" and status.pid
    again = server.start()
    assert again.pid == status.pid
    assert status.version == server.installed()["version"]
    assert status.bolt_uri.endswith(str(server.config.bolt_port))


def test_the_data_directory_stays_private_to_its_owner(server) -> None:
    """The store Neo4j wrote, its auth.ini, logs and the password file: no group or other bits anywhere."""
    from atocore.runtime.private import readable_by_others

    data_dir = server.config.password_file.parent
    server.stop()
    older = server.conf_file
    older.chmod(0o644)  # as an older install, or another umask, left it
    server.start()
    store = server.home / "data"
    assert any(store.rglob("auth.ini")) and any((store / "transactions").rglob("*"))  # what the check must see
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    assert readable_by_others(data_dir) == []


def test_browser_is_served(server) -> None:
    import httpx

    response = httpx.get(server.browser_url, timeout=10)
    assert response.status_code == 200
    assert "<title>Neo4j Browser</title>" in response.text


def test_second_server_on_taken_port_is_refused_clearly(server, tmp_path) -> None:
    other = LocalNeo4j(local_server_config(tmp_path, bolt_port=server.config.bolt_port))
    other.install()
    with pytest.raises(RuntimeSetupError, match=r"Port \d+ \(Bolt\) is already taken.*rejects our password"):
        other.start()


def test_health_follows_neo4j_down_and_back_up(server, embedder, tmp_path) -> None:
    settings = Settings(
        _env_file=None,
        neo4j_uri=server.bolt_uri,
        neo4j_password=server.config.password_file.read_text().strip(),
        data_dir=tmp_path,
        auth_disabled=True,  # the full report while Neo4j is down: no token can be checked then
        allowed_hosts=["testserver"],
    )
    with TestClient(create_app(settings, Services(settings, embedder=embedder))) as client:
        assert client.get("/health").status_code == 200
        server.stop()
        assert server.status().state == "stopped"
        down = client.get("/health")
        assert down.status_code == 503
        assert down.json()["neo4j"]["reachable"] is False
        server.start()
        up = client.get("/health")
        assert up.status_code == 200, up.text
        assert up.json()["neo4j"]["reachable"] is True
