"""Names resolve or say why: an unknown project or entity key is a 404 with the closest names, never 0 rows."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.errors import NotFoundError

pytestmark = pytest.mark.integration

# The KB-CAD export of docs/architecture/kb-cad-export-schema.md, as the README imports it.
EXPORT = {
    "exporter": "kb-cad",
    "exporter_version": "1.0.0",
    "exported_at": "2026-04-07T12:00:00Z",
    "project": "p05",
    "subsystems": [
        {
            "id": "subsystem.optical-frame",
            "name": "Optical frame",
            "parent": None,
            "components": [
                {
                    "id": "component.lateral-support-pad",
                    "name": "Lateral support pad",
                    "material": "GF-PTFE",
                    "parameters": {"thickness_mm": 3.0, "preload": {"value": 12.0, "unit": "N"}},
                    "source_artifact": "kb-cad://p05/subsystems/optical-frame#lateral-support",
                }
            ],
        },
        {"id": "subsystem.mirror-cell", "name": "Mirror cell", "parent": "subsystem.optical-frame"},
    ],
}


def run(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--url", url, "--json"], catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(live_api) -> str:
    assert run(live_api, "project", "register", '{"id": "p05-interferometer", "aliases": ["p05"]}').exit_code == 0
    path_free = json.dumps(EXPORT)
    report = CliRunner().invoke(cli, ["import", "kb-cad", "-", "--url", live_api, "--json"], input=path_free)
    assert report.exit_code == 0, report.output
    promoted = run(live_api, "imports", "promote", json.loads(report.output)["import_id"])
    assert promoted.exit_code == 0, promoted.output
    return live_api


def test_the_readme_typo_names_the_real_key(imported) -> None:
    result = run(imported, "q", "Q-016", "--project", "p05", "-p", "entity=parameter.pad-thickness")
    assert result.exit_code == NotFoundError.exit_code
    assert "Unknown Q-016 entity key 'parameter.pad-thickness' in project 'p05-interferometer'" in result.output
    assert "Did you mean 'component.lateral-support-pad.thickness_mm'?" in result.output
    right = run(imported, "q", "Q-016", "--project", "p05", "-p", "entity=component.lateral-support-pad.thickness_mm")
    assert right.exit_code == 0 and json.loads(right.output)  # --json of q: the rows


def test_a_key_of_another_type_says_which(imported) -> None:
    result = run(imported, "q", "Q-016", "--project", "p05", "-p", "entity=subsystem.mirror-cell")
    assert result.exit_code == NotFoundError.exit_code
    assert "'subsystem.mirror-cell' in project 'p05-interferometer' is a Subsystem" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("q", "Q-006", "--project", "p05-interferometr"),
        ("memory", "list", "--project", "p05-interferometr"),
        ("state", "get", "p05-interferometr"),
        ("query", "pads", "--project", "p05-interferometr"),
        ("context", "build", "pads", "--project", "p05-interferometr"),
        ("imports", "list", "--project", "p05-interferometr"),
    ],
)
def test_an_unknown_project_is_a_404_with_the_closest_names(imported, args) -> None:
    result = run(imported, *args)
    assert result.exit_code == NotFoundError.exit_code, result.output
    assert "Unknown project 'p05-interferometr'. Did you mean 'p05-interferometer'?" in result.output


def test_global_memories_and_names_that_hold_knowledge_stay_allowed(imported, api, graph) -> None:
    assert api.post("/memory", json={"memory_type": "preference", "content": "SI units"}).status_code == 201
    assert api.get("/memory").status_code == 200
    # an interaction recorded under 'p-evidence' before any registration: a legacy name that holds knowledge
    graph.run("testing.create_sources", chunk_id="names-chunk", interaction_id="names-interaction")
    written = api.post("/memory", json={"memory_type": "knowledge", "content": "x", "project": "p-evidence"})
    assert written.status_code == 201, written.text
    listed = api.get("/memory", params={"project": "p-evidence"})
    assert listed.status_code == 200 and len(listed.json()["memories"]) == 1


WRITES = [
    ("/memory", {"memory_type": "knowledge", "content": "pads creep"}),
    ("/project/state", {"category": "decision", "key": "pads", "value": "felt"}),
    ("/entities", {"type": "Component", "name": "Pad", "source_refs": [{"artifact": "note://pads"}]}),
    ("/interactions", {"prompt": "which pads?", "response": "felt"}),
]


@pytest.mark.parametrize(("path", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_under_a_near_miss_project_is_a_404_naming_the_closest(imported, api, path, body) -> None:
    refused = api.post(path, json={**body, "project": "p05-interferometr"})
    assert refused.status_code == 404, refused.text
    answer = refused.json()
    assert answer["message"].startswith("Unknown project 'p05-interferometr'. Did you mean 'p05-interferometer'?")
    assert answer["detail"]["suggestions"][0] == "p05-interferometer" and "register it first" in answer["message"]
    # nothing was started under the typo: a read naming it is still a 404
    assert api.get("/memory", params={"project": "p05-interferometr"}).status_code == 404
    assert api.post(path, json={**body, "project": "P05"}).status_code in (200, 201)  # an alias resolves


@pytest.mark.parametrize(
    "args",
    [
        ("memory", "add", "knowledge", "pads creep under load", "--project", "p05-interferometr"),
        ("state", "set", "p05-interferometr", "decision", "pads", "felt"),
    ],
)
def test_a_cli_write_under_a_near_miss_project_exits_with_not_found(imported, args) -> None:
    result = run(imported, *args)
    assert result.exit_code == NotFoundError.exit_code, result.output
    assert "Unknown project 'p05-interferometr'. Did you mean 'p05-interferometer'?" in result.output


def test_unknown_query_id_suggests(imported) -> None:
    result = run(imported, "q", "Q-99", "--project", "p05")
    assert result.exit_code == NotFoundError.exit_code and "no catalog query 'Q-99'" in result.output


def test_imports_show_lists_the_records_with_status_and_conflicts(imported) -> None:
    [listed] = json.loads(run(imported, "imports", "list", "--project", "p05").output)["imports"]
    shown = json.loads(run(imported, "imports", "show", listed["import_id"]).output)
    records = {r["key"]: r for r in shown["records"]}
    assert records["component.lateral-support-pad.thickness_mm"]["status"] == "active"
    assert records["component.lateral-support-pad.thickness_mm"]["type"] == "Parameter"
    assert all(r["open_conflicts"] == [] for r in shown["records"]) and len(records) >= 5
