"""The `atocore` command line.

Each command calls one service-layer function and prints its result. AtoCore
errors become a one-line message on stderr and the error's exit code; this
module's ``AtoCoreGroup`` is the one place that mapping happens.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from atocore import __version__
from atocore.config import get_settings
from atocore.errors import ApiUnavailableError, AtoCoreError

UNAVAILABLE = {"status": "unavailable", "fail_open": True}


class AtoCoreGroup(click.Group):
    """The one place AtoCore errors become messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ApiUnavailableError as exc:
            if get_settings().fail_open:
                click.echo(json.dumps(UNAVAILABLE))
                click.echo(f"warning: {exc.message}", err=True)
                sys.exit(0)
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except AtoCoreError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)


def emit(data: Any, as_json: bool, human: str | None = None) -> None:
    if as_json or human is None:
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        click.echo(human)


@click.group(cls=AtoCoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="atocore")
def cli() -> None:
    """AtoCore: project knowledge in Neo4j, served as trust-ordered context to LLM clients.

    \b
    Quick start:
      atocore up              install + start Neo4j, start the API in the background
      atocore health          ask the API how it is
      atocore down            stop both
    """


def _register() -> None:
    from atocore.cli import client_cmds, import_cmds, knowledge_cmds, mcp_cmd, neo4j_cmds, query_cmds, server_cmds

    cli.add_command(neo4j_cmds.neo4j)
    cli.add_command(neo4j_cmds.schema)
    for command in (
        server_cmds.COMMANDS
        + client_cmds.COMMANDS
        + knowledge_cmds.COMMANDS
        + import_cmds.COMMANDS
        + query_cmds.COMMANDS
        + mcp_cmd.COMMANDS
    ):
        cli.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    cli()
