"""What every command module shares: the group classes, `emit` and the client-command decorator.

``AtoCoreGroup`` (the root) is the one place AtoCore errors become a message and
an exit code, and where the old flat command names are resolved. ``ResourceGroup``
is a group named after a resource (``project``, ``memory``, ...): it answers to its
plural too and runs its default subcommand (``list``) when given none. Command
modules import this module and nothing else from ``atocore.cli``; ``main`` only
assembles the tree.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from atocore.client import AtoCoreClient
from atocore.config import get_settings
from atocore.errors import ApiUnavailableError, AtoCoreError, ValidationError

UNAVAILABLE = {"status": "unavailable", "fail_open": True}
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

Render = Callable[[Any], str]
JsonView = Callable[[Any], Any]


class Group(click.Group):
    """A group whose subcommands may answer to aliases (listed under their own name only), with a default."""

    def __init__(self, *args: Any, aliases: Sequence[str] = (), default: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)
        self.default = default

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            command = next((c for c in self.commands.values() if cmd_name in getattr(c, "aliases", ())), None)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """No subcommand (nothing, or options only) runs the default one: `atocore memories --project p05`."""
        bare = not args or (args[0].startswith("-") and args[0] not in ctx.help_option_names)
        if self.default and bare and not ctx.resilient_parsing:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


class ResourceGroup(Group):
    """`atocore <resource> <verb>`: commands over one resource of the API."""

    def client_command(self, name: str, render: Render | None = None, json_view: JsonView | None = None):
        """Like ``group.command``, for a `client_command` that lands in this group."""

        def decorate(func: Callable[..., Any]) -> click.Command:
            command = client_command(name, render, json_view)(func)
            self.add_command(command)
            return command

        return decorate


class AtoCoreGroup(Group):
    """The root: maps AtoCore errors to messages and exit codes, and runs old command names.

    ``old_names`` maps a name from before the commands were grouped
    (``register-project``) to the words that replace it (``project register``).
    They run exactly what those words run and are listed nowhere but in the
    reference's table.
    """

    def __init__(self, *args: Any, old_names: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old_names = {old: new.split() for old, new in (old_names or {}).items()}

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.old_names:
            args = [*self.old_names[args[0]], *args[1:]]
        return super().resolve_command(ctx, args)

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


def resource_group(name: str, *aliases: str, default: str | None = "list"):
    """``@click.group`` for a ResourceGroup: `@resource_group("memory", "memories")`."""
    return click.group(name, cls=ResourceGroup, aliases=aliases, default=default)


def emit(data: Any, as_json: bool, render: Render | None = None, json_view: JsonView | None = None) -> None:
    """Print a command's result: JSON (of ``json_view(data)`` when given) unless a human rendering is wanted."""
    if as_json or render is None:
        click.echo(json.dumps(json_view(data) if json_view else data, indent=2, default=str))
    else:
        click.echo(render(data))


def client_command(name: str, render: Render | None = None, json_view: JsonView | None = None):
    """A click command with --url/--json that gets an AtoCoreClient as first argument.

    It prints what the function returns: ``render(result)`` at a terminal, JSON
    when piped or with --json (``json_view`` picks what JSON shows; default all).
    """

    def decorate(func: Callable[..., Any]) -> click.Command:
        @click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
        @click.option("--json", "as_json", is_flag=True, help="Print JSON (the default when output is piped).")
        @functools.wraps(func)
        def wrapper(url: str | None, as_json: bool, **kwargs: Any) -> None:
            settings = get_settings()
            client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
            try:
                result = func(client, **kwargs)
            finally:
                client.close()
            if result is not None:
                emit(result, as_json or not sys.stdout.isatty(), render, json_view)

        return click.command(name)(wrapper)

    return decorate


def read_json_arg(value: str) -> Any:
    """A JSON argument given inline, as @file, or as - for stdin."""
    try:
        if value == "-":
            return json.load(sys.stdin)
        if value.startswith("@"):
            return json.loads(Path(value[1:]).read_text())
        return json.loads(value)
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Could not read JSON from {value[:60]!r}: {exc}") from exc


def read_text_arg(value: str) -> str:
    """A text argument, or stdin when it is -."""
    return sys.stdin.read() if value == "-" else value
