"""Engineering review from the CLI, by keys: `atocore entity|relationship|conflict` and `atocore relate`."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.errors import NotFoundError

pytestmark = pytest.mark.integration
NOTE = [{"artifact": "note://cli-engineering"}]


def run(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--url", url, "--json"], catch_exceptions=False)


@pytest.fixture(scope="module")
def world(live_api) -> str:
    http = httpx.Client(base_url=live_api, timeout=60)
    http.post("/projects/register", json={"id": "p-cli-eng", "aliases": ["ce"]}).raise_for_status()
    for kind, name, facts in (("Component", "pad", {}), ("Requirement", "wfe", {"text": "WFE below 20 nm"})):
        body = {"type": kind, "name": name, "project": "ce", "source_refs": NOTE, "properties": facts}
        http.post("/entities", json=body).raise_for_status()
    return live_api


def test_entities_by_key_show_and_promote(world) -> None:
    listed = json.loads(run(world, "entities", "--project", "ce", "--status", "candidate").output)
    assert sorted(e["key"] for e in listed["entities"]) == ["component.pad", "requirement.wfe"]
    shown = run(world, "entity", "show", "component.pad", "--project", "ce")
    assert shown.exit_code == 0 and json.loads(shown.output)["type"] == "Component"
    for key in ("component.pad", "requirement.wfe"):
        promoted = run(world, "entity", "promote", key, "--project", "p-cli-eng", "--reason", "checked")
        assert promoted.exit_code == 0, promoted.output
        assert json.loads(promoted.output)["status"] == "active"
    typo = run(world, "entity", "show", "component.pda", "--project", "ce")
    assert typo.exit_code == NotFoundError.exit_code and "Did you mean 'component.pad'?" in typo.output


def test_relate_by_keys_then_review_the_relationship(world) -> None:
    made = run(world, "relate", "SATISFIES", "component.pad", "requirement.wfe", "--project", "ce", "--candidate")
    assert made.exit_code == 0, made.output
    relationship = json.loads(made.output)
    assert (relationship["type"], relationship["status"]) == ("SATISFIES", "candidate")
    waiting = json.loads(run(world, "relationships", "--project", "ce", "--status", "candidate").output)
    assert [r["id"] for r in waiting["relationships"]] == [relationship["id"]]
    promoted = run(world, "relationship", "promote", relationship["id"], "--reason", "ok")
    assert promoted.exit_code == 0 and json.loads(promoted.output)["status"] == "active"
    shown = json.loads(run(world, "relationship", "show", relationship["id"]).output)
    assert [r["action"] for r in shown["reviews"]] == ["promote"]


def test_conflicts_list_for_a_known_project_and_a_typo(world) -> None:
    listed = run(world, "conflicts", "--project", "ce")
    assert listed.exit_code == 0 and json.loads(listed.output)["conflicts"] == []
    typo = run(world, "conflicts", "--project", "p-cli-eg")
    assert typo.exit_code == NotFoundError.exit_code and "Did you mean 'p-cli-eng'?" in typo.output
    missing = run(world, "conflict", "show", "no-such-conflict")
    assert missing.exit_code == NotFoundError.exit_code
