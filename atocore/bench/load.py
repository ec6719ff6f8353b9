"""The load bench: many clients at once over HTTP, then every acknowledged write read back.

``python -m atocore.bench load --clients 20 --seconds 60``. Each client runs a
realistic mix in a loop (searches, context builds, memory and interaction
writes, entity create + promote, catalog queries, list pages) on its own
connection, while a refresh of another project ingests and re-ingests
generated notes. Afterwards every write the API acknowledged (2xx) is read
back by id, and the project's lists (followed page by page) are checked for
duplicates. Printed: requests, errors by status, p50/p95 per endpoint, and
``lost`` / ``duplicated`` (targets: 0 5xx, 0 lost, 0 duplicated).
"""

from __future__ import annotations

import itertools
import random
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from atocore.bench.corpus import queries
from atocore.bench.latency import percentiles, serve_api
from atocore.services.runtime import Services

PROJECT = "bench-load"
REFRESHED = "bench-load-refresh"  # the project a refresh keeps ingesting meanwhile
NOTE = [{"artifact": "note://bench-load"}]
# (weight, operation): how often each client picks each operation.
MIX: tuple[tuple[int, str], ...] = (
    (20, "query"),
    (15, "context"),
    (15, "memory"),
    (15, "interaction"),
    (10, "entity"),
    (15, "catalog"),
    (10, "list"),
)


@dataclass
class _Tally:
    """What the clients saw; one lock guards it (appends from 20 threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # transport errors and 5xx bodies, for the report
    written: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # kind -> (id, mark)

    def record(self, endpoint: str, elapsed_ms: float, status: int, detail: str = "") -> None:
        with self.lock:
            self.latencies[endpoint].append(elapsed_ms)
            self.statuses[status] += 1
            if status >= 500 or status == 0:
                self.failures.append(f"{endpoint} {status} {detail[:200]}")

    def acknowledged(self, kind: str, row_id: str, mark: str) -> None:
        with self.lock:
            self.written[kind].append((row_id, mark))


class _Client:
    """One simulated user: its own connection, its own random stream, its own unique marks."""

    def __init__(self, base_url: str, run: str, number: int, tally: _Tally, seed: int) -> None:
        self.run = run
        self.http = httpx.Client(base_url=base_url, timeout=120)
        self.number = number
        self.tally = tally
        self.rng = random.Random(seed * 1000 + number)
        self.prompts = itertools.cycle(queries(50, seed + number))
        self.count = itertools.count()

    def call(self, endpoint: str, method: str, path: str, body: Any = None, params: Any = None) -> Any:
        started = time.perf_counter()
        try:
            response = self.http.request(method, path, json=body, params=params)
        except httpx.HTTPError as exc:
            self.tally.record(endpoint, (time.perf_counter() - started) * 1000, 0, repr(exc))
            return None
        self.tally.record(endpoint, (time.perf_counter() - started) * 1000, response.status_code, response.text)
        return response.json() if response.is_success and response.content else None

    def mark(self) -> str:
        return f"load {self.run} c{self.number} n{next(self.count)}"

    def step(self, operation: str) -> None:
        getattr(self, f"_{operation}")()

    def _query(self) -> None:
        project = self.rng.choice((PROJECT, REFRESHED))  # the refreshed one: its chunks are replaced meanwhile
        self.call("POST /query", "POST", "/query", {"prompt": next(self.prompts), "project": project, "top_k": 5})

    def _context(self) -> None:
        self.call("POST /context/build", "POST", "/context/build", {"prompt": next(self.prompts), "project": PROJECT})

    def _memory(self) -> None:
        mark = self.mark()
        made = self.call(
            "POST /memory", "POST", "/memory", {"memory_type": "knowledge", "content": mark, "project": PROJECT}
        )
        if made:
            self.tally.acknowledged("memory", made["id"], mark)

    def _interaction(self) -> None:
        mark = self.mark()
        made = self.call(
            "POST /interactions",
            "POST",
            "/interactions",
            {"prompt": mark, "response": "an answer", "project": PROJECT, "client": "bench", "reinforce": False},
        )
        if made:
            self.tally.acknowledged("interaction", made["interaction"]["id"], mark)

    def _entity(self) -> None:
        mark = self.mark()
        body = {"type": "Component", "name": mark, "project": PROJECT, "source_refs": NOTE}
        made = self.call("POST /entities", "POST", "/entities", body)
        if made and self.call("POST /entities/{id}/promote", "POST", f"/entities/{made['id']}/promote", {}):
            self.tally.acknowledged("entity", made["id"], mark)

    def _catalog(self) -> None:
        query = self.rng.choice(("Q-004", "Q-006", "Q-013", "Q-014", "Q-020"))
        self.call(f"POST /queries/{query}", "POST", f"/queries/{query}", {"params": {"project": PROJECT}})

    def _list(self) -> None:
        self.call("GET /memory", "GET", "/memory", params={"project": PROJECT, "limit": 50})


def _refreshing(services: Services, corpus: Path, stop: threading.Event, runs: list[int]) -> None:
    """Ingest the corpus, then keep editing a few notes and refreshing, until ``stop``."""
    from atocore.services.ingest import ingest_project

    notes = sorted(corpus.rglob("*.md"))
    for round_ in itertools.count():
        ingest_project(services, REFRESHED, [corpus])
        runs.append(round_)
        if stop.is_set():
            return
        for path in notes[round_ % len(notes) :: max(1, len(notes) // 5)][:5]:
            path.write_text(path.read_text() + f"\n\nRevision {round_}.\n")


def _every_page(http: httpx.Client, path: str, key: str, params: dict[str, Any]) -> list[dict]:
    rows: list[dict] = []
    page: dict[str, Any] = {"next": {}}
    while page["next"] is not None:
        page = http.get(path, params={**params, "limit": 500, **page["next"]}).raise_for_status().json()
        rows += page[key]
    return rows


def _read_back(http: httpx.Client, run: str, written: dict[str, list[tuple[str, str]]]) -> dict[str, int]:
    """Every acknowledged write by id (lost when absent or changed), and duplicates of this run's rows in the lists."""
    lost = 0
    for kind, rows in written.items():
        for row_id, mark in rows:
            if kind == "memory":
                found = http.get(f"/memory/{row_id}")
                lost += not (found.is_success and found.json()["content"] == mark)
            elif kind == "interaction":
                found = http.get(f"/interactions/{row_id}")
                lost += not (found.is_success and found.json()["prompt"] == mark)
            else:
                found = http.get(f"/entities/{row_id}")
                lost += not (found.is_success and found.json()["status"] == "active" and found.json()["name"] == mark)
    ours = f"load {run} "

    def marks(path: str, key: str, field_name: str, params: dict[str, Any]) -> Counter:
        rows = _every_page(http, path, key, {"project": PROJECT, **params})
        return Counter(row[field_name] for row in rows if row[field_name].startswith(ours))

    memories = marks("/memory", "memories", "content", {})
    prompts = marks("/interactions", "interactions", "prompt", {"client": "bench"})
    names = marks("/entities", "entities", "name", {"status": "all"})
    duplicated = sum(n - 1 for counter in (memories, prompts, names) for n in counter.values() if n > 1)
    stored = sum(memories.values()) + sum(prompts.values()) + sum(names.values())
    return {"acknowledged": sum(map(len, written.values())), "stored": stored, "lost": lost, "duplicated": duplicated}


@contextmanager
def _api(services: Services, url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    with serve_api(services) as http:
        yield str(http.base_url).rstrip("/")


def _setup(http: httpx.Client) -> None:
    """The projects (left from an earlier run is fine: rows carry their run's mark, so they never count twice)."""
    for project in (PROJECT, REFRESHED):
        answer = http.post("/projects/register", json={"id": project})
        if answer.status_code not in (201, 409):
            answer.raise_for_status()


def load(
    services: Services,
    clients: int = 20,
    seconds: float = 60,
    seed: int = 7,
    refresh_chunks: int = 500,
    url: str | None = None,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    from atocore.bench.runs import write_until

    tally = _Tally()
    run = f"r{random.Random().randrange(16**6):06x}"
    stop = threading.Event()
    runs: list[int] = []
    weights, operations = zip(*MIX, strict=True)
    with _api(services, url) as base_url, tempfile.TemporaryDirectory(prefix="atocore-load-") as tmp:
        with httpx.Client(base_url=base_url, timeout=120) as http:
            _setup(http)
        write_until(Path(tmp), services, refresh_chunks, seed)
        refresher = threading.Thread(target=_refreshing, args=(services, Path(tmp), stop, runs), daemon=True)
        refresher.start()
        deadline = time.monotonic() + seconds

        def work(number: int) -> None:
            client = _Client(base_url, run, number, tally, seed)
            with client.http:
                while time.monotonic() < deadline:
                    client.step(client.rng.choices(operations, weights)[0])

        threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        progress("  clients done; waiting for the refresh round in progress, then reading back every write")
        refresher.join()
        with httpx.Client(base_url=base_url, timeout=120) as http:
            checked = _read_back(http, run, tally.written)
    requests = sum(tally.statuses.values())
    figures: dict[str, Any] = {
        "clients": clients,
        "seconds": seconds,
        "requests": requests,
        "requests_per_s": round(requests / seconds, 1),
        "refresh_rounds": len(runs),
        "status_counts": dict(sorted(tally.statuses.items())),
        "server_errors": sum(n for status, n in tally.statuses.items() if status >= 500 or status == 0),
        **checked,
    }
    for endpoint, samples in sorted(tally.latencies.items()):
        if len(samples) >= 2:
            measured = percentiles(samples)
            figures[f"{endpoint} p50/p95 ms (n)"] = f"{measured['p50_ms']} / {measured['p95_ms']} ({len(samples)})"
    if tally.failures:
        figures["first_failures"] = tally.failures[:5]
    return figures
