"""`atocore migrate aliases` on the real Neo4j, after the seed's checklist of alias-migration tests.

Rows are written through the API under a name before it is registered as an
alias (registered on its own for the while, as a database written before
writes had to name a registered project holds them), then the name becomes an
alias and they turn invisible. Covered: an empty and a clean database plan
nothing; shadow rows of every kind are found (state, memories,
interactions, entities, conflicts, entity key locks, a later kind) and
another spelling of the id; state re-keyed without collision, history kept;
a state duplicate and a memory duplicate superseded; a state collision and
an entity collision reported and refusing apply with nothing changed;
apply end to end makes the rows visible; a second apply finds nothing; the
report is JSON and text (the CLI writes both).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.services.alias_migration import migrate
from tests.conftest import registered_for_now

pytestmark = pytest.mark.integration

CANON = "p05-interferometer"
NOTE = [{"artifact": "note://alias-migration"}]


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def state(api, project: str, key: str, value: str, category: str = "status") -> dict:
    body = {"project": project, "category": category, "key": key, "value": value}
    return ok(api.post("/project/state", json=body), 201)


def memory(api, project: str, content: str) -> dict:
    body = {"memory_type": "knowledge", "content": content, "project": project, "status": "active"}
    return ok(api.post("/memory", json=body), 201)


def entity(api, project: str, key: str) -> dict:
    body = {"type": "Component", "key": key, "name": key, "project": project, "status": "active", "source_refs": NOTE}
    return ok(api.post("/entities", json=body), 201)


def visible_state(api, name: str) -> dict[str, str]:
    entries = ok(api.get(f"/project/state/{name}"))["entries"]
    return {e["key"]: e["value"] for e in entries}


def test_an_empty_or_clean_database_plans_nothing(api, services) -> None:
    plan = migrate(services)
    assert plan.rows == 0 and plan.projects == [] and not plan.applied
    ok(api.post("/projects/register", json={"id": "p-clean", "aliases": ["pc"]}), 201)
    state(api, "p-clean", "phase", "design")
    state(api, "pc", "owner", "ana")  # written through the alias: canonical already
    assert migrate(services).rows == 0


@pytest.fixture(scope="module")
def shadows(api, graph) -> dict:
    """Rows under 'p05' and 'P05-Interferometer' written before 'p05' became an alias of p05-interferometer."""
    with registered_for_now(graph, "P05-Interferometer"):
        spelling = state(api, "P05-Interferometer", "budget", "12k")  # before the id was registered
    ok(api.post("/projects/register", json={"id": CANON}), 201)
    with registered_for_now(graph, "p05"):  # the rows' name, registered on its own until it became an alias
        made = {
            "clean": state(api, "p05", "next_focus", "Wave 1"),
            "dup": state(api, "p05", "owner", "ana"),
            "clash": state(api, "p05", "phase", "design"),
            "memory": memory(api, "p05", "clean memory under the alias"),
            "dup_memory": memory(api, "p05", "the same memory"),
            "entity": entity(api, "p05", "component.clean"),
            "entity_clash": entity(api, "p05", "component.clash"),
            "interaction": ok(
                api.post("/interactions", json={"prompt": "q", "response": "a", "project": "p05", "reinforce": False}),
                201,
            )["interaction"],
            "spelling": spelling,
        }
        state(api, "p05", "next_focus", "Wave 1 ingestion")  # history under the shadow name: superseded 'Wave 1'
    state(api, CANON, "owner", "ana")
    state(api, CANON, "phase", "build")
    memory(api, CANON, "the same memory")
    entity(api, CANON, "component.clash")
    ok(api.put(f"/projects/{CANON}", json={"aliases": ["p05", "interferometer"]}))
    return made


def test_shadow_rows_are_invisible_before_the_migration(api, shadows) -> None:
    assert visible_state(api, "p05") == {"owner": "ana", "phase": "build"}  # canonical rows only


def test_dry_run_finds_every_kind_and_the_collisions(api, services, shadows) -> None:
    plan = migrate(services)
    [project] = plan.projects
    assert project.canonical == CANON and set(project.names) == {"p05", "P05-Interferometer"}
    assert project.rekey["StateEntry"] == 4  # next_focus x2 (one superseded), owner, budget; phase collides
    assert project.rekey["Memory"] == 2 and project.rekey["Entity"] == 1 and project.rekey["Interaction"] == 1
    assert project.drop_locks >= 2  # the entity key locks of the two shadow entities
    assert set(project.supersede) == {shadows["dup"]["id"], shadows["dup_memory"]["id"]}
    assert {(c.kind, c.what) for c in project.collisions} == {
        ("StateEntry", "state status/phase"),
        ("Entity", "Component component.clash"),
    }
    [phase] = [c for c in project.collisions if c.kind == "StateEntry"]
    assert (phase.shadow["value"], phase.existing["value"]) == ("design", "build")
    assert json.loads(plan.model_dump_json())["collisions"] == 2


def test_apply_refuses_on_collisions_and_changes_nothing(api, services, shadows) -> None:
    refused = api.post("/admin/migrations/aliases", json={"apply": True})
    assert refused.status_code == 409, refused.text
    assert "status/phase" in refused.json()["message"] and len(refused.json()["detail"]["collisions"]) == 2
    assert visible_state(api, CANON) == {"owner": "ana", "phase": "build"}
    assert migrate(services).rows > 0


def test_apply_after_resolving_rekeys_everything_and_is_idempotent(api, services, shadows, live_api, tmp_path) -> None:
    # the operator resolves the collisions under the names they live under: the alias lifted for a moment
    # (while it stands, "p05" names the canonical project), the shadow value invalidated, the alias back
    ok(api.put(f"/projects/{CANON}", json={"aliases": ["interferometer"]}))
    ok(api.request("DELETE", "/project/state", json={"project": "p05", "category": "status", "key": "phase"}))
    ok(api.put(f"/projects/{CANON}", json={"aliases": ["p05", "interferometer"]}))
    ok(api.post(f"/entities/{shadows['entity_clash']['id']}/retire", json={"reason": "a duplicate"}))
    report = tmp_path / "aliases-report"
    result = CliRunner().invoke(cli, ["migrate", "aliases", "--apply", "--report", str(report), "--url", live_api])
    assert result.exit_code == 0, result.output
    written = json.loads(report.with_suffix(".json").read_text())
    assert written["applied"] and written["collisions"] == 0
    assert "re-key" in report.with_suffix(".txt").read_text()

    assert visible_state(api, CANON) == {
        "owner": "ana",
        "phase": "build",
        "next_focus": "Wave 1 ingestion",
        "budget": "12k",
    }
    history = ok(api.get(f"/project/state/{CANON}", params={"include_history": True}))["entries"]
    assert {e["value"] for e in history if e["key"] == "next_focus"} == {"Wave 1", "Wave 1 ingestion"}
    assert ok(api.get(f"/memory/{shadows['dup_memory']['id']}"))["status"] == "superseded"
    assert ok(api.get(f"/memory/{shadows['memory']['id']}"))["project"] == CANON
    assert ok(api.get(f"/entities/{shadows['entity']['id']}"))["project"] == CANON
    assert ok(api.get(f"/interactions/{shadows['interaction']['id']}"))["project"] == CANON

    again = migrate(services, apply=True)
    assert again.applied and again.rows == 0 and again.projects == []
    dry = CliRunner().invoke(cli, ["migrate", "aliases", "--dry-run", "--url", live_api, "--json"])
    assert dry.exit_code == 0 and json.loads(dry.output)["rows"] == 0, dry.output
