"""Generates docs/cli.md from the commands' own --help text.

    python -m atocore.cli.reference > docs/cli.md

tests/unit/test_docs.py fails when docs/cli.md is stale.
"""

from __future__ import annotations

import click

from atocore.cli.main import cli

HEADER = """# Command reference

Generated from `atocore <command> --help` by `python -m atocore.cli.reference > docs/cli.md`;
a test fails when this page is stale. Client commands talk to the API over HTTP
(`--url`, default `ATOCORE_BASE_URL`, else `http://127.0.0.1:8100`) and print JSON
when piped or with `--json`.
"""


def _help(command: click.Command, path: list[str]) -> str:
    # The help option names the real CLI gives every command (main.py's
    # context_settings). Click caches each command's help option on first use,
    # so a bare Context would make the page depend on which code asked first.
    ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, help_option_names=["-h", "--help"])
    return command.get_help(ctx)


def _walk(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name])


def render_reference() -> str:
    parts = [HEADER]
    for path, command in _walk(cli, ["atocore"]):
        title = " ".join(path)
        parts.append(f"## `{title}`\n\n```\n{_help(command, path)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(render_reference(), end="")
