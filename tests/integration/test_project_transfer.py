"""Project transfer on the real Neo4j: `atocore project export P FILE` / `project import FILE [--as NEWID]`.

The catalog test project (entities of every type, imports, conflicts, review
records, documents and chunks with vectors, an interaction) plus state with
history, a reviewed memory and a node kind no migration names is exported,
the database emptied (another instance), and the file imported: the
project's content (ids, properties, relationships, vectors) is what was
exported, a search and a catalog query answer as before. Importing twice
changes nothing; a clash is a 409 listing the ids; --as re-files it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.services.backup.files import read_lines
from tests.integration.test_backup_drill import answers, drill_world, ok  # noqa: F401  (fixtures)
from tests.integration.test_catalog_queries import P, world  # noqa: F401  (the fixture project)

pytestmark = pytest.mark.integration


def content(path: Path) -> tuple[Counter, Counter]:
    """What an export carries, independent of order and of element ids: node and relationship digests."""
    nodes: dict[int, str] = {}
    relationships: Counter = Counter()
    for item in read_lines(path, None):
        if "n" in item:
            nodes[item["n"]] = hashlib.sha256(json.dumps([item["l"], item["p"]], sort_keys=True).encode()).hexdigest()
        elif "r" in item:
            relationships[(item["r"], nodes[item["s"]], nodes[item["e"]], json.dumps(item["p"], sort_keys=True))] += 1
    return Counter(nodes.values()), relationships


def export(api, name: str, path: Path) -> dict:
    response = api.get(f"/admin/projects/{name}/export")
    assert response.status_code == 200, response.text
    path.write_bytes(response.content)
    return json.loads(response.headers["x-atocore-export"])


def import_(api, path: Path, status: int = 200, **params) -> dict:
    return ok(api.post("/admin/projects/import", content=path.read_bytes(), params=params), status)


@pytest.fixture(scope="module")
def exported(api, graph, drill_world, tmp_path_factory) -> dict:  # noqa: F811
    path = tmp_path_factory.mktemp("transfer") / "p-cat.jsonl.gz"
    expected = answers(api)
    report = export(api, P, path)
    graph.run_schema("testing.wipe_data")  # another instance: only the schema
    return {"path": path, "report": report, "answers": expected, "content": content(path)}


def test_import_into_an_empty_instance_brings_back_the_whole_project(api, graph, exported, tmp_path) -> None:
    report = exported["report"]
    assert {"Project", "Entity", "Chunk", "Document", "StateEntry", "Memory", "Interaction", "Import"} <= set(
        report["node_counts"]
    )
    assert {"Conflict", "ReviewRecord", "FutureKind", "Artifact"} <= set(report["node_counts"])
    assert report["node_counts"]["StateEntry"] >= 2  # superseded values travel with the current ones

    imported = import_(api, exported["path"])
    assert imported["nodes_created"] == report["nodes"] and imported["nodes_already_there"] == 0
    assert imported["relationships_created"] == report["relationships"]

    again = tmp_path / "again.jsonl.gz"
    export(api, P, again)
    assert content(again) == exported["content"]
    assert answers(api) == exported["answers"]
    assert api.get("/health").status_code == 200


def test_importing_twice_changes_nothing(api, exported, tmp_path) -> None:
    imported = import_(api, exported["path"])
    assert imported["nodes_created"] == 0 and imported["relationships_created"] == 0
    assert imported["nodes_already_there"] == exported["report"]["nodes"]
    again = tmp_path / "again.jsonl.gz"
    export(api, P, again)
    assert content(again) == exported["content"]


def test_a_clash_is_a_409_listing_the_ids_and_nothing_is_written(api, exported, tmp_path) -> None:
    ok(api.post("/project/state", json={"project": P, "category": "status", "key": "phase", "value": "test"}), 201)
    before = tmp_path / "before.jsonl.gz"
    export(api, P, before)
    refused = api.post("/admin/projects/import", content=exported["path"].read_bytes())
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert "StateEntry" in body["message"] and any(c.startswith("StateEntry ") for c in body["detail"]["clashes"])
    after = tmp_path / "after.jsonl.gz"
    export(api, P, after)
    assert content(after) == content(before)


def test_import_as_another_id_refiles_the_project(api, graph, exported) -> None:
    graph.run_schema("testing.wipe_data")
    imported = import_(api, exported["path"], **{"as": "p-cat-copy"})
    assert imported["project"] == "p-cat-copy" and imported["source_project"] == P
    state = ok(api.get("/project/state/p-cat-copy"))
    assert state, state
    project = ok(api.get("/projects/p-cat-copy"))
    assert project["aliases"] == []
    assert api.get(f"/projects/{P}").status_code == 404
    conflicts = ok(api.post("/queries/Q-019", json={"params": {"project": "p-cat-copy"}}))["rows"]
    assert conflicts and all(row["slot"].startswith("p-cat-copy|") for row in conflicts)


def test_bad_files_are_refused_with_a_clear_error(api, exported, tmp_path) -> None:
    data = exported["path"].read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    assert "cut short" in import_(api, cut, 422)["message"]

    lines = gzip.decompress(data).splitlines()
    header = json.loads(lines[0])
    newer = tmp_path / "newer.jsonl.gz"
    newer.write_bytes(gzip.compress(b"\n".join([json.dumps({**header, "version": 99}).encode(), *lines[1:]])))
    assert "upgrade AtoCore" in import_(api, newer, 422)["message"]

    short = tmp_path / "short.jsonl.gz"  # whole gzip, but a line removed: the trailer's counts catch it
    short.write_bytes(gzip.compress(b"\n".join([lines[0], *lines[2:]])))
    assert "incomplete" in import_(api, short, 422)["message"]

    registry = tmp_path / "registry.json"
    registry.write_text('{"projects": []}')
    assert "not a project export" in import_(api, registry, 422)["message"]


def test_the_cli_exports_and_imports_through_the_api(live_api, graph, tmp_path) -> None:
    graph.run_schema("testing.wipe_data")
    runner = CliRunner()
    source = tmp_path / "p.jsonl.gz"
    assert runner.invoke(cli, ["project", "import", str(source), "--url", live_api]).exit_code != 0  # no file
    reg = {"id": "p-cli", "aliases": ["pc"], "description": "cli transfer"}
    assert runner.invoke(cli, ["project", "register", json.dumps(reg), "--url", live_api]).exit_code == 0, reg
    result = runner.invoke(cli, ["project", "export", "p-cli", str(source), "--url", live_api, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["node_counts"] == {"Project": 1}
    result = runner.invoke(cli, ["project", "import", str(source), "--url", live_api, "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["nodes_already_there"] == 1, result.output
    result = runner.invoke(cli, ["project", "import", str(source), "--as", "p-cli-2", "--url", live_api, "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["nodes_created"] == 1, result.output
    registry = runner.invoke(cli, ["project", "export", "--url", live_api, "--json"])
    assert {p["id"] for p in json.loads(registry.output)["projects"]} == {"p-cli", "p-cli-2"}
