"""The key rule holds under concurrency: racing creates of one key, exactly one wins."""

from __future__ import annotations

import threading

import pytest

from atocore.errors import ConflictError
from atocore.services.engineering import entities
from tests.conftest import registered

pytestmark = pytest.mark.integration

# writes must name registered projects (issue 14)
_projects = registered("p-race", "p-race-own")

RACERS = 10


def race(graph, **fields) -> tuple[list[str], list[ConflictError], list[BaseException]]:
    """RACERS threads create the same entity at once; (created ids, 409s, anything else)."""
    start = threading.Barrier(RACERS)
    created: list[str] = []
    refused: list[ConflictError] = []
    other: list[BaseException] = []
    lock = threading.Lock()

    def create() -> None:
        start.wait()
        try:
            made = entities.create_entity(graph, source_refs=[{"artifact": "note://race"}], **fields)
        except ConflictError as exc:
            with lock:
                refused.append(exc)
        except BaseException as exc:
            with lock:
                other.append(exc)
        else:
            with lock:
                created.append(made.id)

    threads = [threading.Thread(target=create) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return created, refused, other


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_creates_of_one_key_let_exactly_one_through(clean_graph, round_) -> None:
    key = f"component.raced-pad-{round_}"
    created, refused, other = race(clean_graph, type="Component", name="raced pad", project="p-race", key=key)
    assert other == []
    assert len(created) == 1 and len(refused) == RACERS - 1
    assert {exc.detail["existing_id"] for exc in refused} == set(created)
    live = entities.list_entities(clean_graph, project="p-race", key=key, status="all").items
    assert [e.id for e in live] == created


def test_the_lock_is_per_key(clean_graph) -> None:
    """Different keys do not wait on each other's lock: each racer of its own key wins."""
    start = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def create(i: int) -> None:
        start.wait()
        try:
            entities.create_entity(
                clean_graph,
                type="Component",
                name=f"own pad {i}",
                project="p-race-own",
                source_refs=[{"artifact": "note://race"}],
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(entities.list_entities(clean_graph, project="p-race-own", status="candidate").items) == RACERS
