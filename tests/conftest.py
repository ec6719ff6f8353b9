"""Test fixtures: a real Neo4j for everything that runs Cypher.

Where the server comes from, in order:
1. ``NEO4J_URI`` (+ ``NEO4J_USER``, ``NEO4J_PASSWORD``) when set: an existing server.
2. testcontainers' Neo4jContainer when a Docker engine answers (pinned image).
3. Otherwise the locally assembled server (``atocore.runtime.server``), started
   once per session on free ports in a throwaway directory, never the user's
   data dir. ``ATOCORE_TEST_NEO4J_VERSION`` picks the release (default: auto).

Integration tests (``tests/integration``) get a graph wiped before each module.
Their graph loads the production catalog plus ``cypher/testing/`` (fixtures such
as the wipe), which production's ``Graph(settings)`` never loads.

The API needs a token (``atocore.api.security``). An app started on the
session's settings registers the admin token of ``<tmp data dir>/api-token``
(creating the file once), so ``api`` sends it, and ``live_api`` puts it in
``ATOCORE_TOKEN`` for the module: the CLI, the client and the MCP server
under test find it as a user's would. Tests of the boundary itself make their
own tokens. TestClient's Host (``testserver``) is an allowed host here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from atocore.config import Settings, default_cache_dir

NEO4J_IMAGE = "neo4j:2026.08.1-community"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files (tests/golden/) from what the code produces now, instead of comparing.",
    )


@dataclass(frozen=True)
class Neo4jEndpoint:
    uri: str
    user: str
    password: str
    source: str  # env | testcontainers | local
    server: object | None = None  # the LocalNeo4j when source == "local"


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:
        return False


def local_server_config(root: Path, **overrides):
    from atocore.runtime.server import ServerConfig, free_port

    values = {
        "home": root / "neo4j",
        "lib_cache": default_cache_dir() / "neo4j-dist",
        "bolt_port": free_port(),
        "http_port": free_port(),
        "heap": "768m",
        "pagecache": "256m",
        "password_file": root / "neo4j-password",
        "requested_version": os.environ.get("ATOCORE_TEST_NEO4J_VERSION", "auto"),
        "java_home": Settings(_env_file=None).java_home,
    }
    values.update(overrides)
    return ServerConfig(**values)


@pytest.fixture(scope="session")
def tmp_root() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="atocore-test-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_endpoint(tmp_root: Path) -> Iterator[Neo4jEndpoint]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jEndpoint(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            "env",
        )
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(NEO4J_IMAGE) as container:
            yield Neo4jEndpoint(
                container.get_connection_url(), container.username, container.password, "testcontainers"
            )
        return
    from atocore.runtime.server import LocalNeo4j

    server = LocalNeo4j(local_server_config(tmp_root / "session"))
    server.install()
    server.start()
    try:
        yield Neo4jEndpoint(server.bolt_uri, "neo4j", server.config.password_file.read_text().strip(), "local", server)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def source_dirs(tmp_root: Path) -> dict[str, Path]:
    """Two configured source directories, as ATOCORE_SOURCES would name them."""
    dirs = {"notes": tmp_root / "sources" / "notes", "vault": tmp_root / "sources" / "vault"}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    return dirs


@pytest.fixture(scope="session")
def settings(neo4j_endpoint: Neo4jEndpoint, tmp_root: Path, source_dirs: dict[str, Path]) -> Settings:
    return Settings(
        sources=source_dirs,
        source_roots=[tmp_root],
        _env_file=None,
        neo4j_uri=neo4j_endpoint.uri,
        neo4j_user=neo4j_endpoint.user,
        neo4j_password=neo4j_endpoint.password,
        neo4j_database="neo4j",
        data_dir=tmp_root / "data",
        allowed_hosts=["testserver"],
        mirror_auto=False,  # no background Mirror regeneration racing other modules' tests; its own tests turn it on
    )


@pytest.fixture(scope="session")
def embedder():
    from atocore.embedding import get_embedder

    return get_embedder(Settings(_env_file=None))


@pytest.fixture(scope="session")
def test_catalog(settings: Settings):
    """The production catalog plus cypher/testing/: what the tests' graph runs."""
    from atocore.graph.catalog import TESTING, Catalog

    return Catalog(settings.cypher_dir, extra=[TESTING])


@pytest.fixture(scope="session")
def services(settings: Settings, embedder, test_catalog):
    from atocore.graph import Graph
    from atocore.services.runtime import Services

    services = Services(settings, graph=Graph(settings, test_catalog), embedder=embedder)
    services.first_migration_report = services.ensure_schema()
    yield services
    services.close()


@pytest.fixture(scope="session")
def graph(services):
    return services.graph


@pytest.fixture(scope="module")
def clean_graph(graph, services):
    """A graph holding only the schema, once per test module."""
    from atocore.services.sources import seed

    graph.run_schema("testing.wipe_data")
    seed(graph, services.settings)  # what a server start does: ATOCORE_SOURCES present again
    return graph


def registered(*ids: str):
    """An autouse module fixture registering projects ``ids`` (no aliases) in the module's clean graph.

    A write naming a project that is not registered (and holds nothing) is a 404,
    so a module writing under its own project names registers them first.
    """

    @pytest.fixture(scope="module", autouse=True)
    def _registered(clean_graph) -> None:
        for project_id in ids:
            clean_graph.run("testing.create_project", id=project_id, aliases=[])

    return _registered


@contextmanager
def registered_for_now(graph, *ids: str) -> Iterator[None]:
    """Projects ``ids`` registered inside the block only: what is written there is left under names
    no longer registered, as in a database written before writes had to name a registered project."""
    for project_id in ids:
        graph.run("testing.create_project", id=project_id, aliases=[])
    try:
        yield
    finally:
        for project_id in ids:
            graph.run("testing.unregister_project", id=project_id)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def admin_token(settings: Settings) -> str:
    """The admin token of ``settings``' data dir, which an app started on them registers (written here if missing)."""
    from atocore.runtime.private import write_private_text
    from atocore.services.api_tokens import new_secret

    path = settings.api_token_file
    if not path.exists():
        write_private_text(path, new_secret() + "\n")
    return path.read_text().strip()


@contextmanager
def app_client(settings: Settings, services) -> Iterator:
    """A started TestClient over the real app that sends the admin token."""
    from fastapi.testclient import TestClient

    from atocore.api.app import create_app

    with TestClient(create_app(settings, services)) as client:
        client.headers.update(bearer(admin_token(settings)))
        yield client


@pytest.fixture(scope="module")
def api(services, clean_graph):
    """A TestClient over the real app and the session's Neo4j, sending the admin token."""
    with app_client(services.settings, services) as client:
        yield client


@contextmanager
def served(settings: Settings, services) -> Iterator[str]:
    """The real app on ``settings`` served over HTTP on a free loopback port; its URL once it answers."""
    from atocore.api.app import create_app

    with serving(create_app(settings, services)) as url:
        yield url


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, in a thread; its base URL once /health answers."""
    import threading
    import time

    import httpx
    import uvicorn

    from atocore.runtime.server import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # generous: a loaded 2-core machine starts the app slowly
    while True:
        try:
            httpx.get(f"{url}/health", timeout=10)  # any answer: the app is up (a test may refuse this address)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_api(services, clean_graph):
    """The real app served over HTTP on a free port (for client, CLI and hook tests), its token in ATOCORE_TOKEN."""
    from atocore.config import get_settings

    with served(services.settings, services) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATOCORE_TOKEN", admin_token(services.settings))
        get_settings.cache_clear()
        yield url
    get_settings.cache_clear()


class live_http:
    """``httpx.get`` / ``httpx.post`` sending the admin token that ``live_api`` put in ATOCORE_TOKEN.

    Their timeout is 60 s unless given: a loaded test machine answers slower than httpx's 5 s default.
    """

    @staticmethod
    def get(url: str, **kwargs):
        import httpx

        return httpx.get(url, headers=bearer(os.environ["ATOCORE_TOKEN"]), **{"timeout": 60, **kwargs})

    @staticmethod
    def post(url: str, **kwargs):
        import httpx

        return httpx.post(url, headers=bearer(os.environ["ATOCORE_TOKEN"]), **{"timeout": 60, **kwargs})

    @staticmethod
    def client(base_url: str, **kwargs):
        """An ``httpx.Client`` on ``base_url`` sending the admin token."""
        import httpx

        return httpx.Client(base_url=base_url, headers=bearer(os.environ["ATOCORE_TOKEN"]), **kwargs)


@pytest.fixture
def neo4j_down_api(embedder, tmp_path_factory):
    """The real app over HTTP, its Neo4j unreachable (a free port nobody listens on); its token in ATOCORE_TOKEN.

    Per test: its ATOCORE_TOKEN must not outlive the test, or a live_api test after it would send this token.

    The token cannot be checked while Neo4j is down: a request sending it is answered 503, as any other.
    """
    from atocore.api.app import create_app
    from atocore.config import get_settings
    from atocore.runtime.server import free_port
    from atocore.services.runtime import Services

    settings = Settings(
        _env_file=None,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="unused",
        data_dir=tmp_path_factory.mktemp("neo4j-down"),
    )
    with (
        serving(create_app(settings, Services(settings, embedder=embedder))) as url,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("ATOCORE_TOKEN", admin_token(settings))
        get_settings.cache_clear()
        yield url
    get_settings.cache_clear()


@pytest.fixture
def graph_runs(services, monkeypatch):
    """Records (query name, params) of every services.graph.run from here on; the queries still run."""
    ran: list[tuple[str, dict]] = []
    real_run = services.graph.run

    def spy(name, **params):
        ran.append((name, params))
        return real_run(name, **params)

    monkeypatch.setattr(services.graph, "run", spy)
    return ran
