"""Source directories at run time: `atocore sources add|list|remove` against the live API and the real Neo4j."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.services.sources import list_sources, seed

pytestmark = pytest.mark.integration


def run(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--url", url, "--json"], catch_exceptions=False)


@pytest.fixture(scope="module")
def folder(tmp_root):
    """A user's own notes folder under the allowed root (the tests' root is tmp_root)."""
    path = tmp_root / "home" / "my-notes"
    (path / "sub").mkdir(parents=True, exist_ok=True)
    (path / "sub" / "pads.md").write_text("# Pads\n\nThe lateral support pads are bonded with RTV566.\n")
    return path


def test_added_source_is_usable_at_once(live_api, folder) -> None:
    added = run(live_api, "sources", "add", "mine", str(folder), "--project", "my-notes")
    assert added.exit_code == 0, added.output
    body = json.loads(added.output)
    assert body["project"]["ingest_roots"] == [{"source": "mine", "subpath": ""}]
    assert body | {"added_at": None, "project": None} == {
        "name": "mine",
        "path": str(folder),
        "exists": True,
        "configured": False,
        "added_at": None,
        "project": None,
    }
    refreshed = run(live_api, "project", "refresh", "my-notes")
    assert refreshed.exit_code == 0, refreshed.output
    assert json.loads(refreshed.output)["documents_added"] == 1
    listed = json.loads(run(live_api, "sources", "list").output)
    assert [s["name"] for s in listed["sources"]] == ["mine", "notes", "vault"]
    assert [s["configured"] for s in listed["sources"]] == [False, True, True]
    mine = next(p for p in listed["projects"] if p["project"] == "my-notes")
    assert mine["roots"] == [{"source": "mine", "subpath": "", "path": str(folder), "exists": True}]


def test_adding_again_is_idempotent_and_a_taken_name_is_409(live_api, folder, tmp_root) -> None:
    again = run(live_api, "sources", "add", "mine", str(folder / "sub" / ".."))
    assert again.exit_code == 0 and json.loads(again.output)["path"] == str(folder)
    other = tmp_root / "home" / "other"
    other.mkdir(parents=True, exist_ok=True)
    clash = run(live_api, "sources", "add", "mine", str(other))
    assert clash.exit_code == ConflictError.exit_code
    assert f"already names {folder}" in clash.output


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/etc", "is the system directory /etc or inside it"),
        ("/usr/share", "is the system directory /usr or inside it"),
        ("/", "is the system directory / or inside it"),
        ("relative/dir", "does not exist or is not a directory"),
    ],
)
def test_system_and_missing_directories_are_refused(live_api, path, says) -> None:
    refused = run(live_api, "sources", "add", "bad", path)
    assert refused.exit_code == ValidationError.exit_code
    assert says in refused.output


def test_paths_outside_the_roots_and_symlinks_leaving_them_are_refused(live_api, tmp_path_factory, tmp_root) -> None:
    outside = tmp_path_factory.mktemp("outside-roots")
    if outside.resolve().is_relative_to(tmp_root.resolve()):
        pytest.skip("pytest's temporary directories lie inside the tests' root here")
    refused = run(live_api, "sources", "add", "bad", str(outside))
    assert refused.exit_code == ValidationError.exit_code
    assert "is outside the allowed roots" in refused.output and str(tmp_root) in refused.output
    link = tmp_root / "home" / "escape"
    if not link.exists():
        os.symlink(outside, link)
    through = run(live_api, "sources", "add", "bad", str(link))
    assert through.exit_code == ValidationError.exit_code
    assert f"lies under the allowed root {tmp_root}" in through.output
    assert f"its symlinks lead to {outside}" in through.output


def test_data_directory_is_refused(live_api, settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    refused = run(live_api, "sources", "add", "bad", str(settings.data_dir))
    assert refused.exit_code == ValidationError.exit_code and "own data directory" in refused.output


def test_remove_is_refused_while_a_project_uses_it(live_api, folder) -> None:
    used = run(live_api, "sources", "remove", "mine")
    assert used.exit_code == ConflictError.exit_code and "my-notes" in used.output
    typo = run(live_api, "sources", "remove", "mnie")
    assert typo.exit_code == NotFoundError.exit_code
    assert "Unknown source 'mnie'. Did you mean 'mine'?" in typo.output


def test_remove_then_the_name_is_unknown_to_projects(api, folder) -> None:
    assert api.put("/projects/my-notes", json={"ingest_roots": []}).status_code == 200
    removed = api.delete("/sources/mine")
    assert removed.status_code == 200 and removed.json()["path"] == str(folder)
    refused = api.post("/projects/register", json={"id": "late", "ingest_roots": [{"source": "mine"}]})
    assert refused.status_code == 422 and "Unknown source 'mine'" in refused.json()["message"]


def test_seeding_is_idempotent_and_the_setting_wins(graph, settings) -> None:
    before = list_sources(graph)
    seed(graph, settings)
    seed(graph, settings)
    assert list_sources(graph) == before
    assert {s.name: s.path for s in before if s.configured} == {n: str(p) for n, p in settings.sources.items()}
