"""Docs generated from code stay current: the same check as `python -m atocore.docs --check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atocore import docs
from atocore.cli.reference import render_reference
from atocore.config import REPO_ROOT


def test_cli_reference_is_current() -> None:
    assert docs.stale_files("cli") == [], "stale: run python -m atocore.docs"


def test_every_command_has_an_example() -> None:
    text = render_reference()
    sections = text.split("\n## ")[1:]
    missing = [
        s.splitlines()[0] for s in sections if "Example" not in s and "Usage: atocore [OPTIONS] COMMAND" not in s
    ]
    assert not missing, f"commands without an example in their help: {missing}"


def test_reference_does_not_depend_on_an_earlier_invocation() -> None:
    """click caches help options per command; the page must read the same either way."""
    from click.testing import CliRunner

    from atocore.cli.main import cli

    before = render_reference()
    CliRunner().invoke(cli, ["--version"])
    CliRunner().invoke(cli, ["health", "--help"])
    assert render_reference() == before
    assert "-h, --help" in before


def test_query_catalog_pages_are_current() -> None:
    assert docs.stale_files("queries") == [], "stale: run python -m atocore.docs"


def test_browser_guide_sets_every_parameter_of_every_query() -> None:
    from atocore.graph import catalog_docs
    from atocore.graph.catalog import Catalog

    catalog = Catalog(REPO_ROOT / "cypher")
    guide = catalog_docs.render_browser_page(catalog)
    for query in catalog.catalog_queries():
        section = guide.split(f"## {query.query_id} ")[1].split("\n## ")[0]
        assert [line.split()[1] for line in section.splitlines() if line.startswith(":param ")] == [
            p.name for p in query.params
        ]
        assert query.text.strip() in section
    assert ":param project => 'p05-interferometer';" in guide and ":param days => 14;" in guide
    assert ":param as_of => datetime('2026-11-01T00:00:00Z');" in guide and ":param subsystem => null;" in guide


def test_browser_style_sheet_covers_every_entity_type() -> None:
    from atocore.services.engineering import docs
    from atocore.services.engineering.ontology import ENTITY_TYPES

    grass = (REPO_ROOT / "deploy" / "neo4j" / "atocore.grass").read_text()
    assert grass == docs.render_grass()
    colours = {}
    for name in ENTITY_TYPES:
        rule = grass.split(f"node.{name} {{")[1].split("\n}")[0]
        assert "caption: '{name}';" in rule, name
        colours[name] = rule.split("  color: ")[1].split(";")[0]
    assert len(set(colours.values())) == len(ENTITY_TYPES)  # one colour each


def test_the_one_entry_checks_and_rewrites_every_generator(tmp_path, monkeypatch) -> None:
    """--check names each stale file and exits 1 without writing; without it, only stale files are rewritten."""
    from click.testing import CliRunner

    current, stale, missing = tmp_path / "current.md", tmp_path / "stale.md", tmp_path / "new" / "missing.md"
    current.write_text("same\n")
    stale.write_text("old\n")
    rendered = {current: "same\n", stale: "new\n", missing: "made\n"}
    monkeypatch.setattr(docs, "GENERATORS", {"fake": lambda: rendered})

    checked = CliRunner().invoke(docs.main, ["--check"])
    assert checked.exit_code == 1
    assert f"stale: {stale}" in checked.output and f"stale: {missing}" in checked.output
    assert f"stale: {current}" not in checked.output
    assert stale.read_text() == "old\n" and not missing.exists()

    rewritten = CliRunner().invoke(docs.main, [])
    assert rewritten.exit_code == 0, rewritten.output
    assert f"rewrote {stale}" in rewritten.output and f"rewrote {current}" not in rewritten.output
    assert {path: path.read_text() for path in rendered} == rendered
    assert CliRunner().invoke(docs.main, ["--check"]).exit_code == 0


def test_the_repository_has_nothing_stale_and_every_generator_is_gathered() -> None:
    assert set(docs.GENERATORS) == {"queries", "ontology", "cli", "schemas", "mcp"}
    assert docs.stale_files() == [], "stale: run python -m atocore.docs"


def test_installed_without_the_repository_the_entry_says_so(monkeypatch) -> None:
    from click.testing import CliRunner

    monkeypatch.setattr(docs, "source_checkout", lambda: None)
    result = CliRunner().invoke(docs.main, ["--check"])
    assert result.exit_code == 1 and "is not one (AtoCore was installed as a package)" in result.output


# How hand-written pages name the catalog: "Q-001..Q-020", and the listings read in pages
# as "whole-project listings (Q-005, ...)". Both are checked against the catalog itself.
ID_RANGE = re.compile(r"\bQ-\d{3}\.\.Q-\d{3}\b")
PAGED_LISTINGS = re.compile(r"listings \(([^)]*)\)")


def _hand_written() -> list[Path]:
    generated = set(docs.expected_files())
    pages = [REPO_ROOT / "README.md", *(REPO_ROOT / "docs").rglob("*.md"), *(REPO_ROOT / ".claude").rglob("*.md")]
    return [page for page in pages if page not in generated] + sorted((REPO_ROOT / "atocore").rglob("*.py"))


def test_hand_written_pages_and_code_name_the_catalog_as_it_is() -> None:
    from atocore.config import packaged_cypher_dir
    from atocore.graph.catalog import Catalog

    catalog = Catalog(packaged_cypher_dir())
    paged = [q.query_id for q in catalog.paged_queries()]
    wrong = []
    for page in _hand_written():
        text = " ".join(page.read_text(encoding="utf-8").split())  # a sentence may wrap
        shown = page.relative_to(REPO_ROOT)
        wrong += [f"{shown}: {m.group()}" for m in ID_RANGE.finditer(text) if m.group() != catalog.id_range()]
        for match in PAGED_LISTINGS.finditer(text):
            named = re.findall(r"Q-\d{3}", match.group(1))
            if named and named != paged:
                wrong.append(f"{shown}: {match.group()}")
    assert not wrong, f"the catalog is {catalog.id_range()}, read in pages: {paged}; these say otherwise: {wrong}"
    assert paged and catalog.id_range() == f"Q-001..{catalog.catalog_queries()[-1].query_id}"


def test_the_hand_written_check_would_catch_a_wrong_list(tmp_path, monkeypatch) -> None:
    """The control for the test above: a page naming another range or paged set fails it."""
    readme = tmp_path / "README.md"
    readme.write_text("The catalog (Q-001..Q-019).\nThe whole-project listings (Q-005,\nQ-010) answer pages.\n")
    monkeypatch.setattr("tests.unit.test_docs._hand_written", lambda: [readme])
    monkeypatch.setattr("tests.unit.test_docs.REPO_ROOT", tmp_path)
    with pytest.raises(AssertionError) as caught:
        test_hand_written_pages_and_code_name_the_catalog_as_it_is()
    assert "README.md: Q-001..Q-019" in str(caught.value)
    assert "README.md: listings (Q-005, Q-010)" in str(caught.value)
