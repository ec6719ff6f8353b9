"""The Human Mirror on the catalog test project (its traps included), on the real Neo4j.

The project is the one test_catalog_queries builds through the public API
(candidate-only satisfier, rejected link, superseded requirement, curated
overrides, an open decision conflict), plus one more trap: KB-CAD exports the
lateral pad again with another material and the candidate revision stays in
an open conflict with the active pad.

Golden files: tests/golden/mirror/p-cat/. After a deliberate template or page
change, rewrite them with
``.venv/bin/python -m pytest tests/integration/test_mirror.py --update-golden``
and review the diff. Ids, checksums and the times the test itself creates are
replaced by placeholders before comparing; everything else is compared byte
for byte.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.config import REPO_ROOT
from atocore.errors import MirrorRegenerationError
from atocore.services import changes
from atocore.services.mirror import render, service, store
from atocore.services.mirror.worker import MirrorWorker
from tests.conftest import app_client
from tests.integration.test_catalog_queries import PAD_REV_B, P, cad_export, world  # noqa: F401 (world: a fixture)

pytestmark = pytest.mark.integration

GOLDEN = REPO_ROOT / "tests" / "golden" / "mirror" / P
FIXED_NOW = "2030-01-01T00:00:00Z"
EMPTY = "p-mirror-empty"
NEVER_SHOWN = (  # candidates, rejected entities, and a decision resting on a candidate shows without it
    "component.bracket",
    "subsystem.legacy",
    "constraint.draft",
    "decision.draft",
    "result.flexure-life",
    "analysis-model.flexure-fem",
    "Legacy frame",
    "Draft limit",
)


@pytest.fixture(scope="module")
def mirrored(api, services, world) -> dict:  # noqa: F811 (world is the imported fixture)
    """The catalog project plus an open KB-CAD drift on the pad, and an empty registered project."""
    b = world["b"]
    drift = b.ingest(
        "kb-cad",
        cad_export("2026-11-20T08:00:00Z", material="PTFE-glass", part_number="P-2", artifact=PAD_REV_B + "-2"),
        conflicts=1,
    )
    [pad_conflict] = drift["conflicts"]
    assert api.post("/projects/register", json={"id": EMPTY, "description": "Nothing here yet"}).status_code == 201
    return {**world, "pad_conflict_open": pad_conflict}


def pages_of(services, project: str = P) -> dict[str, str]:
    mirror_dir = services.settings.mirror_dir
    return {
        name: store.page_path(mirror_dir, project, name).read_text(encoding="utf-8")
        for name in store.existing_pages(mirror_dir, project)
    }


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_RECENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?")


def normalize(text: str, ids: dict[str, str]) -> str:
    """Ids, checksums and times of this run as placeholders (ids numbered in order of appearance, across pages)."""
    text = _UUID.sub(lambda m: ids.setdefault(m.group(0), f"<id-{len(ids) + 1}>"), text)
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<checksum>", text)
    recent = datetime.now(UTC) - timedelta(days=2)

    def moment(m: re.Match) -> str:
        found = datetime.fromisoformat(m.group(0).replace(" ", "T").rstrip("Z")[:19]).replace(tzinfo=UTC)
        return "<this run>" if recent <= found <= datetime.now(UTC) + timedelta(minutes=5) else m.group(0)

    return _RECENT.sub(moment, text)


def regenerate_fixed(services, project: str = P) -> service.RegenerationReport:
    return service.regenerate(services, project, now=lambda: FIXED_NOW)


# -- pages: golden files, determinism, markers ------------------------------------------------------
def test_pages_match_the_golden_files(services, mirrored, request) -> None:
    regenerate_fixed(services)
    ids: dict[str, str] = {}
    found = {name: normalize(text, ids) for name, text in sorted(pages_of(services).items())}
    assert set(found) == {
        "index",
        "overview",
        "decisions",
        "subsystems/subsystem.metrology",
        "subsystems/subsystem.mirror-cell",
        "subsystems/subsystem.support",
        "subsystems/subsystem.telescope",
    }
    if request.config.getoption("--update-golden"):
        for name, text in found.items():
            (GOLDEN / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / f"{name}.md").write_text(text, encoding="utf-8")
    stale = [name for name, text in found.items() if (GOLDEN / f"{name}.md").read_text(encoding="utf-8") != text]
    assert not stale, f"pages differ from tests/golden/mirror/{P}/: {stale} (see this module's docstring)"


def test_unchanged_inputs_leave_every_file_byte_for_byte_and_the_same_graph_gives_the_same_bytes(
    services, mirrored, tmp_path
) -> None:
    first = regenerate_fixed(services)
    before = {
        name: (text, store.page_path(services.settings.mirror_dir, P, name).stat().st_mtime_ns)
        for name, text in pages_of(services).items()
    }
    again = service.regenerate(services, P, now=lambda: "2031-06-01T00:00:00Z")
    assert (again.written, again.unchanged, again.pages) == ([], first.pages, first.pages)
    after = {
        name: (text, store.page_path(services.settings.mirror_dir, P, name).stat().st_mtime_ns)
        for name, text in pages_of(services).items()
    }
    assert after == before  # the generation time did not change either: the files were not touched
    assert all(f"generated: {FIXED_NOW}" in text for text, _ in after.values())
    # from scratch in another directory: the same bytes
    fresh = services.settings.model_copy(update={"data_dir": tmp_path})
    other = type(services)(fresh, graph=services.graph, embedder=services.embedder)
    regenerate_fixed(other)
    assert pages_of(other) == {name: text for name, (text, _) in before.items()}


def test_candidates_and_rejected_knowledge_never_appear(services, mirrored) -> None:
    regenerate_fixed(services)
    pages = pages_of(services)
    for name, text in pages.items():
        for hidden in NEVER_SHOWN:
            assert hidden not in text, (name, hidden)
    overview = pages["overview"]
    requirements = overview.split("## Requirements and coverage")[1].split("## Validation claims")[0]
    assert "`requirement.envelope`" not in requirements  # superseded: only its history shows, under recent changes
    assert "`requirement.alignment` | nothing" in requirements.replace("**Hold alignment** ", "")  # candidate satisfier
    assert "**Clamp the edge** `requirement.clamping` | nothing" in requirements  # its SATISFIES was rejected
    claims = overview.split("## Validation claims and support")[1].split("## Recent changes")[0]
    assert (
        "**Flexures survive** `validation-claim.flexure-fatigue` | `requirement.stiffness` | **unsupported**" in claims
    )
    recent = overview.split("## Recent changes")[1]
    assert "| candidate |" not in recent and "| invalid |" not in recent


def test_disputed_and_curated_markers(services, mirrored) -> None:
    regenerate_fixed(services)
    pages = pages_of(services)
    decision_conflict = mirrored["conflict"]["id"]
    pad_conflict = mirrored["pad_conflict_open"]["id"]
    overview, support = pages["overview"], pages["subsystems/subsystem.support"]
    for conflict_id in (decision_conflict, pad_conflict):
        assert f'<a id="conflict-{conflict_id}"></a>' in overview  # the link target exists
    assert f"`decision.ptfe-pads`: Use PTFE pads. [⚠ disputed](overview.md#conflict-{decision_conflict})" in overview
    assert f"Pads of PTFE [⚠ disputed](overview.md#conflict-{decision_conflict})" in pages["decisions"]
    pad_row = next(line for line in support.splitlines() if line.startswith("| **Lateral pad** `component.pad`"))
    assert f"[⚠ disputed](../overview.md#conflict-{pad_conflict})" in pad_row  # the drifted KB-CAD value
    assert "part_number: **P-3** (curated; the entity says P-2)" in pad_row
    flexure = next(line for line in support.splitlines() if line.startswith("| **Flexure** `component.flexure`"))
    assert "status: **being redesigned** (curated)" in flexure and "disputed" not in flexure
    assert "| decision | component.pad.part\\_number | **P-3** (curated) |" in overview
    assert "rests on `assumption.static-loads`, flagged for review" in overview


def test_an_empty_project_gets_a_helpful_page(api, mirrored) -> None:
    overview = api.get(f"/mirror/{EMPTY}/overview")
    assert overview.status_code == 200 and "**Nothing to show yet.**" in overview.text
    assert f"atocore import kb-cad FILE --project {EMPTY}" in overview.text
    assert "No active decision yet." in api.get(f"/mirror/{EMPTY}/decisions").text
    assert "No subsystem pages yet" in api.get(f"/mirror/{EMPTY}").text


# -- the API ------------------------------------------------------------------------------------
def test_the_api_serves_markdown_html_and_a_listing(api, services, mirrored) -> None:
    report = api.post("/mirror/PCAT/regenerate")  # an alias works
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["project"] == P and body["pages"] == 7 and body["generated_at"].endswith("Z")
    assert set(body) >= {"written", "unchanged", "removed", "duration_ms"}
    for path in ("", "/overview", "/decisions", "/index", "/subsystems/subsystem.support"):
        answer = api.get(f"/mirror/{P}{path}")
        assert answer.status_code == 200, (path, answer.text)
        assert answer.headers["content-type"] == "text/markdown; charset=utf-8"
        assert answer.text.startswith("<!--\n  Human Mirror page of project p-cat")
    listing = api.get(f"/mirror/{P}", headers={"Accept": "application/json"}).json()
    assert [p["name"] for p in listing["pages"]][:3] == ["decisions", "index", "overview"]
    assert listing["status"]["ok"] is True and listing["status"]["failures"] == 0
    page = api.get(f"/mirror/{P}/subsystems/subsystem.support.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/mirror/p-cat/overview.html#conflict-' in page.text  # links lead to the HTML views
    assert 'href="/mirror/p-cat/decisions.html#decision-decision.ptfe-pads"' in page.text
    assert '<pre class="mermaid">' in page.text and "/mirror-assets/mermaid.min.js" in page.text
    browser = re.search(r'<a class="key" href="([^"]+)"[^>]*><code>component.pad</code>', page.text)
    assert browser and browser.group(1).startswith(services.settings.browser_url + "?cmd=edit&amp;arg=")
    negotiated = api.get(f"/mirror/{P}/overview", headers={"Accept": "text/html,application/xhtml+xml"})
    assert negotiated.headers["content-type"].startswith("text/html")
    script = api.get("/mirror-assets/mermaid.min.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")


def test_the_browser_link_query_shows_the_entity(graph, services, mirrored) -> None:
    """The Cypher an HTML page opens in Neo4j Browser finds the entity and its effective relationships."""
    found = graph.run("mirror.browser_entity", project=P, key="component.pad")
    assert {row["e"]["id"] for row in found} == {mirrored["b"].id("component.pad")}
    others = {row["o"]["key"] for row in found if row["o"] is not None}
    assert {"requirement.load", "subsystem.support", "decision.ptfe-pads"} <= others


def test_unknown_project_subsystem_and_page_are_404s_naming_them(api, mirrored) -> None:
    missing = api.get("/mirror/no-such-project/overview")
    assert missing.status_code == 404 and "'no-such-project'" in missing.json()["message"]
    subsystem = api.get(f"/mirror/{P}/subsystems/subsystem.nowhere")
    assert subsystem.status_code == 404
    assert f"Unknown subsystem 'subsystem.nowhere' in project '{P}'" in subsystem.json()["message"]
    assert "subsystem.support" in subsystem.json()["detail"]["suggestions"]
    assert api.get(f"/mirror/{P}/subsystems/subsystem.legacy").status_code == 404  # a candidate subsystem
    assert "no Mirror page 'nope'" in api.get(f"/mirror/{P}/nope").json()["message"]
    assert api.post("/mirror/no-such-project/regenerate").status_code == 404
    as_of_decisions = api.get(f"/mirror/{P}/decisions", params={"as_of": "2026-01-01T00:00:00Z"})
    assert as_of_decisions.status_code == 422


def test_the_overview_as_of_a_past_time(api, mirrored) -> None:
    envelope = api.get(f"/entities?project={P}&type=Requirement&key=requirement.envelope&status=superseded")
    [superseded] = envelope.json()["entities"]
    before = (datetime.fromisoformat(superseded["valid_to"]) - timedelta(milliseconds=1)).isoformat()
    then = api.get(f"/mirror/{P}/overview", params={"as_of": before})
    assert then.status_code == 200 and "project overview as of" in then.text
    assert "**Stay in envelope** `requirement.envelope`" in then.text  # still active then
    assert "## Recent changes" not in then.text and "## Open conflicts" in then.text
    now = api.get(f"/mirror/{P}/overview", params={"as_of": datetime.now(UTC).isoformat()}).text
    assert "`requirement.envelope`" not in now and "**Carry lateral load** `requirement.load` | `component.pad`" in now
    for hidden in NEVER_SHOWN:
        assert hidden not in now
    assert (
        "No entity of this project was active"
        in api.get(f"/mirror/{P}/overview", params={"as_of": "2001-01-01T00:00:00Z"}).text
    )


# -- failure: stale is better than blank -----------------------------------------------------------
def broken_templates(tmp_path: Path, monkeypatch, template: str, text: str) -> None:
    """Serve the templates from a copy in which ``template`` reads ``text``."""
    import jinja2

    folder = tmp_path / "templates"
    folder.mkdir()
    source = Path(render.__file__).parent / "templates"
    for path in source.glob("*.j2"):
        (folder / path.name).write_text(path.read_text())
    (folder / template).write_text(text)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(render.environment().filters)
    monkeypatch.setattr(render, "environment", lambda: env)
    monkeypatch.setattr(render, "templates_digest", lambda: "broken")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("# {{ project.id }}\n\n{{ project.no_such_field }}\n", 3, "UndefinedError"),
        ("# {{ project.id }}\n{% if %}\n", 2, "Expected an expression"),
    ],
)
def test_a_template_error_keeps_the_pages_and_is_reported_recorded_and_shown(
    api, services, mirrored, tmp_path, monkeypatch, text, line, problem
) -> None:
    regenerate_fixed(services)
    before = pages_of(services)
    broken_templates(tmp_path, monkeypatch, "decisions.md.j2", text)
    with pytest.raises(MirrorRegenerationError) as failed:
        service.regenerate(services, P)
    assert failed.value.detail["template"] == "templates/decisions.md.j2" and failed.value.detail["line"] == line
    assert f"templates/decisions.md.j2:{line}:" in failed.value.message and problem in failed.value.message
    assert pages_of(services) == before  # nothing deleted, nothing blanked, nothing half-written
    answer = api.post(f"/mirror/{P}/regenerate")
    assert answer.status_code == 500 and answer.json()["error"] == "mirror_regeneration_failed"
    assert answer.json()["detail"]["template"] == "templates/decisions.md.j2"
    [status] = service.statuses(services.graph, P)
    assert (status["ok"], status["failures"], status["trigger"]) == (False, 2, "explicit")
    assert f"templates/decisions.md.j2:{line}" in status["error"]
    health = api.get("/health").json()["mirror"]
    assert [f["project"] for f in health["failing"]] == [P]
    assert api.get(f"/mirror/{P}/decisions").text == before["decisions"]  # still served: stale, not blank
    monkeypatch.undo()
    regenerate_fixed(services)
    [status] = service.statuses(services.graph, P)
    assert (status["ok"], status["failures"], status["error"]) == (True, 0, None)
    assert api.get("/health").json()["mirror"]["failing"] == []


# -- when: the change hook, the debounced worker, the daily pass -------------------------------------
def test_write_services_announce_the_changed_project(api, mirrored) -> None:
    heard: list[str] = []
    stop = changes.subscribe(heard.append)
    try:
        b = mirrored["b"]
        made = b.entity("Component", "component.mirror-hook", "Hook test")
        b.link("CONTAINS", "subsystem.metrology", "component.mirror-hook")
        assert api.post(f"/entities/{made['id']}/retire", json={"reason": "test over"}).status_code == 200
        state = {"project": "PCAT", "category": "status", "key": "mirror.hook", "value": "on"}
        assert api.post("/project/state", json=state).status_code == 201
        assert api.request("DELETE", "/project/state", json=state | {"reason": "off"}).status_code == 200
    finally:
        stop()
    assert heard == [P] * 5


DEBOUNCE_S = 8.0  # generous: three writes on a loaded machine fit in it


def test_the_worker_debounces_changes_per_project(api, services, mirrored) -> None:
    regenerate_fixed(services)
    worker = MirrorWorker(services, debounce_s=DEBOUNCE_S, daily_at="")
    worker.start()
    try:
        started = time.monotonic()
        for value in ("one", "two", "three"):  # a burst of writes: one regeneration
            answer = api.post(
                "/project/state", json={"project": P, "category": "status", "key": "burst", "value": value}
            )
            assert answer.status_code == 201
        assert time.monotonic() - started < DEBOUNCE_S, "the burst outlasted the debounce window: machine overloaded"
        assert P in worker.pending() and worker.runs == []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not worker.runs:
            time.sleep(0.1)
        time.sleep(1.0)  # nothing else is scheduled after it
    finally:
        worker.stop()
    assert worker.runs == [(P, "change", True)]
    assert "| status | burst | **three** (curated) |" in pages_of(services)["overview"]
    [status] = service.statuses(services.graph, P)
    assert status["trigger"] == "change" and status["ok"]


def test_the_daily_pass_regenerates_every_registered_project(api, services, mirrored) -> None:
    worker = MirrorWorker(services, debounce_s=30, daily_at="03:30")
    worker.daily_pass()
    assert sorted(worker.runs) == sorted((p["id"], "daily", True) for p in api.get("/projects").json())
    assert {s["project"]: s["trigger"] for s in service.statuses(services.graph)}[EMPTY] == "daily"


def test_the_api_process_runs_the_worker_when_auto_is_on(services, mirrored) -> None:
    auto = services.settings.model_copy(update={"mirror_auto": True, "mirror_debounce_s": 0.2})
    other = type(services)(auto, graph=services.graph, embedder=services.embedder)
    with app_client(auto, other) as client:
        worker = client.app.state.mirror_worker
        assert worker is not None and worker.debounce_s == 0.2
        client.post("/project/state", json={"project": P, "category": "status", "key": "auto", "value": "yes"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not worker.runs:
            time.sleep(0.1)
    assert worker.runs == [(P, "change", True)] and not worker._thread.is_alive()
    assert "| status | auto | **yes** (curated) |" in pages_of(services)["overview"]


# -- the clients: CLI, MCP -------------------------------------------------------------------------
def test_cli_prints_pages_regenerates_and_names_what_is_unknown(live_api, mirrored) -> None:
    runner = CliRunner()
    overview = runner.invoke(cli, ["mirror", P, "overview", "--url", live_api])
    assert overview.exit_code == 0, overview.output
    assert overview.output.startswith("<!--") and "# p-cat: project overview" in overview.output
    support = runner.invoke(cli, ["mirror", "PCAT", "subsystem.support", "--url", live_api])
    assert support.exit_code == 0 and "# Support" in support.output
    regenerated = runner.invoke(cli, ["mirror", P, "--regenerate", "--json", "--url", live_api])
    assert regenerated.exit_code == 0 and json.loads(regenerated.output)["project"] == P
    listing = json.loads(runner.invoke(cli, ["mirror", P, "--list", "--url", live_api]).output)
    assert {p["name"] for p in listing["pages"]} >= {"index", "overview", "decisions"}
    unknown = runner.invoke(cli, ["mirror", P, "subsystem.nowhere", "--url", live_api])
    assert unknown.exit_code == 3 and "Unknown subsystem 'subsystem.nowhere'" in unknown.output


def test_the_mcp_tool_answers_the_page_as_markdown(live_api, mirrored) -> None:
    from tests.integration.test_mcp import session_calls

    names, (page, missing) = session_calls(
        live_api,
        [("mirror_page", {"project": P, "page": "decisions"}), ("mirror_page", {"project": "nope"})],
    )
    assert "mirror_page" in names
    assert not page.is_error and "# p-cat: decision log" in page.content[0].text
    assert missing.is_error and "404" in missing.content[0].text
