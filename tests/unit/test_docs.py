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
    missing = [s.splitlines()[0] for s in sections if "Example" not in s and "Usage: atocore [OPTIONS] COMMAND" not in s]
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
