"""Uniqueness under concurrency, and a connection that survives an error, over a live uvicorn and the real Neo4j.

Ten clients make the same claim at the same moment (threads released by a
barrier, each with its own connection): exactly one is acknowledged, the rest
answer 409, and the graph holds one of the thing. Several rounds each.
"""

from __future__ import annotations

import os
import threading

import httpx
import pytest

from tests.conftest import admin_token, bearer, serving

pytestmark = pytest.mark.integration

CLIENTS = 10
ROUNDS = 3
NOTE = [{"artifact": "note://race"}]


def connect(url: str, **kwargs) -> httpx.Client:
    """A client of the live API sending the admin token (as the project's own clients do)."""
    return httpx.Client(base_url=url, headers=bearer(os.environ["ATOCORE_TOKEN"]), timeout=30, **kwargs)


def race(url: str, requests: list[tuple[str, str, dict]]) -> list[int]:
    """Send each (method, path, body) from its own thread and connection, all released at once; the statuses."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)
    failures: list[str] = []  # what a thread met instead of an answer (a 500's body, a transport error)

    def one(index: int) -> None:
        method, path, body = requests[index]
        try:
            with connect(url) as http:
                http.get("/health")  # connect before the barrier, so the requests really meet
                barrier.wait()
                answer = http.request(method, path, json=body)
                statuses[index] = answer.status_code
                if answer.status_code >= 500:
                    failures.append(answer.text)
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
            raise

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, (statuses, failures)
    return statuses


def test_one_project_id_registered_by_ten_clients_at_once(live_api) -> None:
    for round_ in range(ROUNDS):
        project = f"p-race-{round_}"
        statuses = race(live_api, [("POST", "/projects/register", {"id": project})] * CLIENTS)
        assert sorted(statuses) == [201] + [409] * (CLIENTS - 1), statuses
        listed = [p["id"] for p in connect(live_api).get("/projects").json()]
        assert listed.count(project) == 1


def test_one_alias_claimed_by_ten_projects_at_once(live_api) -> None:
    for round_ in range(ROUNDS):
        alias = f"Shared-{round_}"
        claims = [
            (
                "POST",
                "/projects/register",
                {"id": f"p-alias-{round_}-{i}", "aliases": [alias if i % 2 else alias.upper()]},
            )
            for i in range(CLIENTS)
        ]
        statuses = race(live_api, claims)
        assert sorted(statuses) == [201] + [409] * (CLIENTS - 1), statuses
        registered = connect(live_api).get("/projects").json()
        holders = [p for p in registered if alias.lower() in map(str.lower, p["aliases"])]
        assert len(holders) == 1


def test_one_relationship_created_by_ten_clients_at_once(live_api) -> None:
    http = connect(live_api)
    assert http.post("/projects/register", json={"id": "p-edge"}).status_code in (201, 409)
    for round_ in range(ROUNDS):
        made = [
            http.post(
                "/entities",
                json={"type": "Subsystem", "name": f"{role} {round_}", "project": "p-edge", "source_refs": NOTE},
            ).json()
            for role in ("cell", "pad")
        ]
        body = {"type": "CONTAINS", "from_id": made[0]["id"], "to_id": made[1]["id"], "status": "candidate"}
        statuses = race(live_api, [("POST", "/relationships", body)] * CLIENTS)
        assert sorted(statuses) == [201] + [409] * (CLIENTS - 1), statuses
        live = http.get("/relationships", params={"from_id": made[0]["id"], "status": "all"}).json()
        assert live["count"] == 1


def test_an_error_leaves_the_connection_usable(live_api) -> None:
    """One keep-alive connection: each error answer, then a success on the same connection."""
    with connect(live_api, limits=httpx.Limits(max_connections=1)) as http:
        first = http.get("/projects")
        assert first.status_code == 200
        ports = {local_port(first)}
        for method, path, body in (
            ("GET", "/boom", None),  # the test app's route that raises: a real 500
            ("GET", "/no/such/route", None),
            ("POST", "/memory", {"memory_type": "nonsense", "content": "x"}),
            ("POST", "/memory", {"content": 3}),
        ):
            failed = http.request(method, path, json=body)
            assert failed.status_code >= 400 and failed.json()["message"]
            after = http.get("/projects")
            assert after.status_code == 200, (path, after.text)
            ports |= {local_port(failed), local_port(after)}
        assert len(ports) == 1, f"the connection was replaced: local ports {ports}"


def local_port(response: httpx.Response) -> int:
    return response.extensions["network_stream"].get_extra_info("client_addr")[1]


@pytest.fixture(scope="module")
def live_api(services, clean_graph):
    """Like conftest's live_api (its admin token in ATOCORE_TOKEN), with one more route that raises: a real 500."""
    from atocore.api.app import create_app

    app = create_app(services.settings, services)

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("a bug, on purpose")

    with serving(app) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATOCORE_TOKEN", admin_token(services.settings))
        yield url
