"""What the CLI prints, through its runner against the live API: --format on listings, and progress bars."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from atocore.cli import output
from atocore.cli.main import cli
from tests.conftest import live_http
from tests.integration.test_imports import cad_export

pytestmark = pytest.mark.integration

P = "p-out"
LONG = "The lateral support pads | bonded with 3M 2216 › cured 24 h at 20 °C\nthen requalified " + "x" * 30
PATH = "notes/p-out/a/very/long/path/to/the/support-pad-requalification-report-with-a-long-name.md"
LISTINGS = {  # command -> the columns its csv prints
    ("project", "list"): ["id", "aliases", "description", "roots"],
    ("memory", "list", "--project", P): [
        "id",
        "status",
        "memory_type",
        "project",
        "confidence",
        "content",
        "created_at",
        "updated_at",
    ],
    ("memory", "queue"): ["id", "memory_type", "project", "confidence", "content", "created_at"],
    ("memory", "reviews"): [
        "at",
        "action",
        "target_kind",
        "target_id",
        "from_status",
        "to_status",
        "reason",
        "project",
        "id",
    ],
    ("state", "get", P): ["category", "key", "value", "status", "source", "confidence", "updated_at", "id"],
    ("interaction", "list"): ["id", "created_at", "project", "client", "session_id", "prompt"],
    ("imports", "list"): [
        "import_id",
        "tool",
        "exporter_version",
        "project",
        "status",
        "exported_at",
        "last_seen_at",
        "records",
        "created",
        "conflicts",
    ],
    ("project", "stats"): ["project", "documents", "chunks", "chunks_with_vectors"],
    ("queries",): ["id", "title", "parameters", "pages", "question"],
}


def run(url: str, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, [*args, "--url", url], env=env or {}, catch_exceptions=False)


@pytest.fixture(scope="module")
def world(live_api, source_dirs):
    root = source_dirs["notes"] / P
    for n in range(5):
        (root / f"part-{n}").mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(f"Paragraph {p}: the support pad {n} carries {p} N of preload. " * 8 for p in range(6))
        (root / f"part-{n}" / f"note-{n}.md").write_text(f"# Note {n}\n\n{text}\n")
    with live_http.client(live_api, timeout=60) as http:
        spec = {"id": P, "aliases": ["po"], "ingest_roots": [{"source": "notes", "subpath": P}]}
        assert http.post("/projects/register", json=spec).status_code == 201
        active = http.post("/memory", json={"memory_type": "project", "content": LONG, "project": P}).json()
        candidate = {"memory_type": "knowledge", "content": f"See {PATH}", "project": P, "status": "candidate"}
        rejected = http.post("/memory", json=candidate).json()
        http.post("/memory", json={**candidate, "content": "PTFE creeps above 60 °C."})
        http.post(f"/memory/{rejected['id']}/reject", json={"reason": "a path, not a fact"})
        http.post("/project/state", json={"project": P, "category": "status", "key": "phase", "value": "integration"})
        http.post("/interactions", json={"prompt": "Which pad?", "response": "The lateral one.", "project": P})
        http.post("/projects/register", json={"id": f"{P}-cad"})
        assert http.post("/ingest/kb-cad/export", json=cad_export(f"{P}-cad")).status_code == 201
    return {"active": active}


def test_each_listing_prints_csv_md_table_and_json(live_api, world) -> None:
    for command, columns in LISTINGS.items():
        printed = run(live_api, *command, "--format", "csv")
        assert printed.exit_code == 0, (command, printed.output)
        rows = list(csv.reader(io.StringIO(printed.stdout)))
        assert rows[0] == columns, command
        assert len(rows) > 1 and all(len(row) == len(columns) for row in rows), command
        markdown = run(live_api, *command, "--format", "md").stdout.splitlines()
        assert markdown[1] == "|" + "---|" * (markdown[0].count(" | ") + 1), command
        assert len(markdown) == len(rows) + 1, command  # a header, its rule, one line a row
        table = run(live_api, *command, "--format", "table", env={"COLUMNS": "70"}).stdout
        assert table and max(len(line) for line in table.splitlines()) <= 70, (command, table)
        assert run(live_api, *command, "--json").stdout == run(live_api, *command).stdout  # piped: JSON
    queue = json.loads(run(live_api, "memory", "queue", "--json").stdout)
    assert [m["content"] for m in queue["memories"]] == ["PTFE creeps above 60 °C."]  # the JSON as before


def test_a_table_wraps_long_cells_inside_their_column_and_cuts_nothing(live_api, world) -> None:
    table = run(live_api, "memory", "list", "--project", P, "--format", "table", env={"COLUMNS": "72"}).stdout
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 72 and "…" not in table
    assert "created_at" not in table and "updated_at" not in table  # hidden in the human formats
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    content = lines[0].index("content")  # the last column: each line's tail is its text
    shown = "".join(line[content:] for line in lines[rule + 1 :])
    assert "".join(LONG.split()) in "".join(shown.split())  # every character of the content, wrapped
    md = run(live_api, "memory", "list", "--project", P, "--format", "md").stdout
    assert "pads \\| bonded with 3M 2216 › cured" in md and "20 °C<br>then" in md  # one line a row, real Unicode
    as_csv = list(
        csv.DictReader(io.StringIO(run(live_api, "memory", "list", "--project", P, "--format", "csv").stdout))
    )
    assert LONG in [row["content"] for row in as_csv]  # csv keeps the text as it is, newline included


def test_q_prints_csv_md_and_keeps_next_in_json(live_api, world) -> None:
    page = run(live_api, "q", "Q-006", "--project", "po", "--format", "csv")
    assert page.exit_code == 0, page.output
    assert next(csv.reader(io.StringIO(page.stdout)))[:4] == ["id", "key", "name", "type"]  # csv: every column
    answer = json.loads(run(live_api, "q", "Q-006", "--project", "po", "--json").stdout)
    assert set(answer) >= {"query", "columns", "rows", "next", "duration_ms"}
    md = run(live_api, "q", "Q-006", "--project", "po", "--format", "md").stdout.splitlines()
    assert md[0] == "| " + " | ".join(c for c in answer["columns"] if c != "id" and not c.endswith("_id")) + " |"
    table = run(live_api, "q", "Q-006", "--project", "po", "--format", "table").stdout
    assert table.startswith("Q-006: 0 rows in ") and table.endswith(" ms\n") and len(table.splitlines()) == 1


def test_a_bad_format_is_a_usage_error(live_api) -> None:
    result = CliRunner().invoke(cli, ["project", "list", "--format", "xml", "--url", live_api])
    assert result.exit_code == 2 and "'xml' is not one of 'table', 'json', 'csv', 'md'" in result.output


def terminal(monkeypatch) -> io.StringIO:
    """Progress bars drawn into a buffer, as at a 120-column terminal."""
    out = io.StringIO()
    monkeypatch.setattr(output, "progress_console", lambda: Console(file=out, force_terminal=True, width=120))
    return out


def test_refresh_draws_a_bar_for_files_and_one_for_chunks(live_api, world, monkeypatch) -> None:
    drawn = terminal(monkeypatch)
    result = run(live_api, "project", "refresh", "po", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents_added"] == 5 and report["chunks_written"] > 5
    final = drawn.getvalue().split("\r")[-1]  # the last frame rich drew
    assert f"ingesting {P}: files" in final and "5/5 files" in final
    chunks = report["chunks_written"]
    assert f"ingesting {P}: chunks" in final and f"{chunks}/{chunks} chunks" in final
    assert "files/s" in final and "chunks/s" in final and "0:00:00" in final  # rates, and the time left


def test_without_a_terminal_no_bar_is_drawn(live_api, world) -> None:
    result = run(live_api, "project", "refresh", P)
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["documents_unchanged"] == 5


def test_an_import_streams_records_and_rows(live_api, world, monkeypatch, tmp_path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(cad_export(P)))
    drawn = terminal(monkeypatch)
    result = run(live_api, "import", "kb-cad", str(export), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["records"] == 7 and report["summary"]["created"] == 7
    final = drawn.getvalue().split("\r")[-1]
    assert f"importing {P}: records" in final and "7/7 records" in final and f"importing {P}: rows" in final
    with live_http.client(live_api, timeout=60) as http:
        streamed = http.post("/ingest/kb-cad/export?stream=true", json=cad_export(P, thickness=4.0))
    events = [json.loads(line) for line in streamed.text.splitlines()]
    rows = [(e["done"], e["total"]) for e in events if e.get("stage") == "rows"]
    assert rows and rows[-1][0] == rows[-1][1] and all(a[0] < b[0] for a, b in zip(rows, rows[1:], strict=False))
    assert events[-1]["event"] == "result" and events[-1]["result"]["summary"]["conflicts"] == 1
