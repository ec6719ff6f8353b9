"""Docs generated from code stay current."""

from __future__ import annotations

from atocore.cli.reference import render_reference
from atocore.config import REPO_ROOT


def test_cli_reference_is_current() -> None:
    current = (REPO_ROOT / "docs" / "cli.md").read_text()
    assert current == render_reference(), "docs/cli.md is stale: python -m atocore.cli.reference > docs/cli.md"


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
    from atocore.graph import catalog_docs

    stale = [
        str(path)
        for path, text in catalog_docs.expected_files().items()
        if not path.exists() or path.read_text() != text
    ]
    assert not stale, f"stale: {stale}; run python -m atocore.graph.catalog_docs"


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
    assert ":param project => 'p05-interferometer'" in guide and ":param days => 14" in guide
    assert ":param as_of => datetime('2026-11-01T00:00:00Z')" in guide and ":param subsystem => null" in guide


def test_browser_style_sheet_covers_every_entity_type() -> None:
    from atocore.services.engineering import docs
    from atocore.services.engineering.ontology import ENTITY_TYPES

    grass = (REPO_ROOT / "deploy" / "neo4j" / "atocore.grass").read_text()
    assert grass == docs.render_grass()
    colours = {}
    for name in ENTITY_TYPES:
        rule = grass.split(f"node.{name} {{")[1].split("\n}")[0]
        assert 'caption: "{name}";' in rule, name
        colours[name] = rule.split("  color: ")[1].split(";")[0]
    assert len(set(colours.values())) == len(ENTITY_TYPES)  # one colour each
