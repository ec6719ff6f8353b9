"""Shell completion (click's protocol, as bash asks it): project ids and aliases from the API, query ids."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from atocore.cli.main import cli

pytestmark = pytest.mark.integration


def complete(line: str) -> list[str]:
    """What bash would be offered for the last word of ``line`` (completion items, values only)."""
    words = line.split(" ")
    env = {"_ATOCORE_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = CliRunner().invoke(cli, [], prog_name="atocore", env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [item.split(",", 1)[1] for item in result.stdout.splitlines() if item]


@pytest.fixture(scope="module")
def projects(live_api):
    with httpx.Client(base_url=live_api, timeout=60) as http:
        for spec in ({"id": "p05-interferometer", "aliases": ["p05"]}, {"id": "p06-polisher", "aliases": ["p06"]}):
            assert http.post("/projects/register", json=spec).status_code == 201
    return live_api


def test_project_ids_and_aliases_complete_from_the_api(projects) -> None:
    url = projects
    assert complete(f"atocore project show --url {url} p0") == ["p05-interferometer", "p05", "p06-polisher", "p06"]
    assert complete(f"atocore project refresh --url {url} p06") == ["p06-polisher", "p06"]
    assert complete(f"atocore memory list --url {url} --project p05-") == ["p05-interferometer"]  # any --project
    assert complete(f"atocore q Q-006 --url {url} --project p") == ["p05-interferometer", "p05", "p06-polisher", "p06"]


def test_query_ids_complete_from_the_catalog() -> None:
    offered = complete("atocore q Q-00")
    assert offered[:3] == ["Q-001", "Q-002", "Q-003"] and all(q.startswith("Q-00") for q in offered)
    assert complete("atocore q q-016") == ["Q-016"]


def test_an_api_that_does_not_answer_completes_nothing() -> None:
    assert complete("atocore project show --url http://127.0.0.1:9 p0") == []
