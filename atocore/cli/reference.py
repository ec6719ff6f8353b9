"""docs/cli.md, rendered from the commands' own --help text.

``python -m atocore.docs`` rewrites it with the other generated files, and its
``--check`` (run by CI and tests/unit/test_docs.py) fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

import click

from atocore.cli.base import EXIT_CODES
from atocore.cli.main import OLD_NAMES, cli
from atocore.config import REPO_ROOT

CLI_PAGE = REPO_ROOT / "docs" / "cli.md"

HEADER = """# Command reference

Generated from `atocore <command> --help` by `python -m atocore.docs`;
a test fails when this page is stale. Commands are grouped by resource
(`atocore project register`, `atocore memory add`); a resource group also answers
to its plural and, given no subcommand, lists what it holds. Client commands talk
to the API over HTTP (`--url`, default `ATOCORE_BASE_URL`, else
`http://127.0.0.1:8100`) and print JSON when piped or with `--json`. The flat
names of earlier versions still work: see [Old names](#old-names).
"""


def _help(command: click.Command, path: list[str]) -> str:
    # The help option names every real invocation inherits from the root group
    # (-h, --help). click caches each command's help option the first time a
    # context asks for it, so rendering with other names would make the page
    # depend on whether the CLI already ran in this process (it does in tests).
    names = cli.context_settings.get("help_option_names", ["--help"])
    ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, help_option_names=names)
    return command.get_help(ctx)


def _walk(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name])


def _title(command: click.Command, path: list[str]) -> str:
    aliases = "".join(f" (or `{' '.join([*path[:-1], alias])}`)" for alias in getattr(command, "aliases", ()))
    return f"`{' '.join(path)}`{aliases}"


def _old_names() -> str:
    rows = "".join(f"| `atocore {old}` | `atocore {new}` |\n" for old, new in sorted(OLD_NAMES.items()))
    return (
        "## Old names\n\n"
        "Before the commands were grouped by resource they had flat names. Each still runs\n"
        "exactly what its new name runs (and is listed nowhere else). Example:\n"
        "`atocore register-project @p05.json` is `atocore project register @p05.json`.\n"
        "The old listings `projects`, `memories` and `sources` are the plural names of\n"
        "their groups, which list when given no subcommand.\n\n"
        f"| old name | runs |\n|---|---|\n{rows}"
    )


def _exit_codes() -> str:
    rows = "".join(f"| {code} | {meaning} |\n" for code, meaning in EXIT_CODES)
    return (
        "## Exit codes\n\n"
        "Scripts can trust them. Fail-open (`ATOCORE_FAIL_OPEN`, on by default) applies only to the\n"
        "context side that hooks and agents call (`context build`, `context auto`, `query`, `q`,\n"
        "`interaction capture`) and covers both an unreachable API and an unreachable Neo4j; writes\n"
        "and admin commands always fail closed, with a non-zero code and a one-line reason on stderr.\n"
        'Example: `atocore memory add knowledge "..." || exit 1` stops a script whose write did not happen.\n\n'
        f"| code | meaning |\n|---|---|\n{rows}"
    )


def render_reference() -> str:
    parts = [HEADER, _exit_codes()]
    for path, command in _walk(cli, ["atocore"]):
        parts.append(f"## {_title(command, path)}\n\n```\n{_help(command, path)}\n```\n")
    parts.append(_old_names())
    return "\n".join(parts)


def expected_files() -> dict[Path, str]:
    return {CLI_PAGE: render_reference()}
