"""Schema fuzzing: schemathesis against the live app's OpenAPI (``make fuzz``; also in .ci/run).

Every operation, a fixed seed and a bounded number of examples: 0 server
errors and 0 responses that break the spec (status codes, content types,
bodies). Run alone with ``make fuzz``; ``make test`` leaves it out (marker
``fuzz``).

Two runs over one live app (the admin token is what ``live_api`` registered):

1. the admin token, every operation but the two that would end the run
   itself: ``POST /admin/backups/{backup_id}/restore`` (replaces the whole
   database) and ``POST /tokens/{name}/revoke`` (may revoke the very token
   the fuzzer sends, after which every answer is a 401);
2. those two, with a token holding only ``read``: every answer must be the
   documented 403 envelope, and the admin token must still work afterwards.

A project whose ingest root holds two small notes is registered first (so
that refreshes, ``POST /projects/{name}/refresh`` and ``POST /ingest/sources``,
ingest something), with a memory, an interaction, two entities and an edge
whose ids schemathesis is given (``[parameters]`` of its config): the
operations on one row are fuzzed past the 404.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import bearer

pytestmark = [pytest.mark.integration, pytest.mark.fuzz]

SEED = 13
MAX_EXAMPLES = 12  # per operation and phase: a few minutes for the whole API on 2 cores
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# Operations that would end the run itself: fuzzed only with a token lacking their scope (run 2).
DESTRUCTIVE = r"^/(admin/backups/\{backup_id\}/restore|tokens/\{name\}/revoke)$"


@dataclass(frozen=True)
class Seeded:
    url: str
    ids: dict[str, str]  # path parameter -> a real id, so operations on one row get past the 404


@pytest.fixture(scope="module")
def seeded(live_api, source_dirs) -> Seeded:
    """A project with two small notes to refresh, a memory, an interaction, two entities and an edge between them."""
    notes = source_dirs["notes"] / "fuzz"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "pad.md").write_text("# Pad\n\nThe pad holds the mirror cell.\n")
    (notes / "cell.md").write_text("# Cell\n\nThe cell is invar, bonded to the mirror.\n")
    note = [{"artifact": "note://fuzz"}]
    with httpx.Client(base_url=live_api, headers=bearer(os.environ["ATOCORE_TOKEN"]), timeout=120) as http:

        def made(path: str, body: dict) -> dict:
            return http.post(path, json=body).raise_for_status().json()

        root = {"source": "notes", "subpath": "fuzz"}
        made("/projects/register", {"id": "p-fuzz", "aliases": ["fuzz"], "ingest_roots": [root]})
        http.post("/projects/p-fuzz/refresh").raise_for_status()
        memory = made("/memory", {"memory_type": "knowledge", "content": "the pad is invar", "project": "p-fuzz"})
        capture = made("/interactions", {"prompt": "why invar?", "response": "low expansion", "project": "p-fuzz"})
        cell, pad = (
            made("/entities", {"type": "Subsystem", "name": name, "project": "p-fuzz", "source_refs": note})
            for name in ("cell", "pad")
        )
        edge = made("/relationships", {"type": "CONTAINS", "from_id": cell["id"], "to_id": pad["id"]})
    ids = {
        "project": "p-fuzz",
        "memory_id": memory["id"],
        "interaction_id": capture["interaction"]["id"],
        "entity_id": pad["id"],
        "relationship_id": edge["id"],
    }
    return Seeded(live_api, ids)


def schemathesis(seeded: Seeded, token: str, cwd: Path, *selection: str) -> subprocess.CompletedProcess:
    config = cwd / "schemathesis.toml"  # the real ids, for every operation that names one in its path
    config.write_text("[parameters]\n" + "".join(f'"path.{name}" = "{value}"\n' for name, value in seeded.ids.items()))
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{seeded.url}/openapi.json",
        "--checks",
        CHECKS,
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",  # two crashed schemathesis on CPython 3.11.7: ast.parse from two threads, "recursion depth mismatch"
        "--generation-database",
        "none",
        "--no-color",
        "--request-timeout",
        "120",
        "--header",
        f"Authorization: Bearer {token}",
        *selection,
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=1800)


def summary(run: subprocess.CompletedProcess) -> None:
    """The run's summary (operations, phases, test cases), shown by ``make fuzz`` (-rP)."""
    print(run.stdout[run.stdout.rfind("SUMMARY") - 40 :])


def report(run: subprocess.CompletedProcess) -> str:
    return f"schemathesis found problems:\n{run.stdout[-20000:]}\n{run.stderr[-2000:]}"


def test_every_operation_holds_to_its_spec(seeded, tmp_path: Path) -> None:
    admin = os.environ["ATOCORE_TOKEN"]
    run = schemathesis(seeded, admin, tmp_path, "--exclude-path-regex", DESTRUCTIVE)
    assert run.returncode == 0, report(run)
    summary(run)


def test_destructive_operations_answer_403_to_a_token_without_their_scope(seeded, tmp_path: Path) -> None:
    admin = os.environ["ATOCORE_TOKEN"]
    with httpx.Client(base_url=seeded.url, headers=bearer(admin), timeout=60) as http:
        reader = http.post("/tokens", json={"name": "fuzz-reader", "scopes": ["read"]}).raise_for_status().json()
    run = schemathesis(seeded, reader["secret"], tmp_path, "--include-path-regex", DESTRUCTIVE)
    assert run.returncode == 0, report(run)
    summary(run)
    with httpx.Client(base_url=seeded.url, headers=bearer(admin), timeout=60) as http:
        assert http.get("/tokens").status_code == 200  # the admin token survived the run
