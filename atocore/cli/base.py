"""What every command module shares: the group classes, the exit codes, the client-command decorator.

``AtoCoreGroup`` (the root) is the one place AtoCore errors become a message and
an exit code (``EXIT_CODES`` documents them in docs/cli.md), and where the old
flat command names are resolved. Fail-open applies only to the commands marked
``fail_open`` (the context side hooks and agents call): there, with
``ATOCORE_FAIL_OPEN`` on, an unreachable API or Neo4j prints
``{"status": "unavailable", "fail_open": true}`` and exits 0; every other
command (writes, admin) fails closed with its exit code and a one-line reason. ``ResourceGroup``
is a group named after a resource (``project``, ``memory``, ...): it answers to its
plural too and runs its default subcommand (``list``) when given none. Command
modules import this module and ``atocore.cli.output`` (tables, formats,
progress bars) and nothing else from ``atocore.cli``; ``main`` only assembles
the tree.

Shell completion (click's: ``_ATOCORE_COMPLETE=bash_source atocore``) completes
project ids and aliases (``complete_projects``: every ``--project`` of a client
command, and project NAME arguments) and catalog query ids (``complete_queries``).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from atocore import errors
from atocore.cli.output import FORMATS, JsonView, Render, TableFor, emit, emit_as
from atocore.client import AtoCoreClient
from atocore.config import get_settings, packaged_cypher_dir
from atocore.errors import ApiUnavailableError, AtoCoreError, GraphUnavailableError, ValidationError

UNAVAILABLE = {"status": "unavailable", "fail_open": True}
FAIL_OPEN = "atocore.fail_open"  # ctx.meta key: the running command may fail open
# Every exit code the CLI ends with, in the order docs/cli.md lists them.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (
        0,
        "success; also a fail-open command (context build/auto, query, q, interaction capture) when the API or "
        'Neo4j is unreachable and ATOCORE_FAIL_OPEN is on: it prints {"status": "unavailable", "fail_open": true}',
    ),
    (1, "an unexpected error (the message says what)"),
    (errors.ValidationError.exit_code, "invalid input: the message names the value and what to fix (HTTP 400/413/422)"),
    (errors.NotFoundError.exit_code, "not found (HTTP 404)"),
    (errors.ConflictError.exit_code, "conflict: a name in use, a status, a running ingestion (HTTP 409)"),
    (errors.GraphUnavailableError.exit_code, "Neo4j is unreachable (HTTP 503); a fail-open command exits 0 instead"),
    (errors.ConfigurationError.exit_code, "configuration or schema problem; the message says what to change"),
    (errors.RuntimeSetupError.exit_code, "the local Neo4j could not be installed, started or stopped"),
    (errors.ApiUnavailableError.exit_code, "the API is unreachable; a fail-open command exits 0 instead"),
    (
        errors.AuthenticationError.exit_code,
        "no token was sent, or the API does not know it or it was revoked (HTTP 401); the message says where the "
        "token was looked for (ATOCORE_TOKEN, else the token file)",
    ),
    (
        errors.PermissionDeniedError.exit_code,
        "refused: the token lacks the scope the command needs (HTTP 403, the message names it), or the API does not "
        "answer to this address or Host (HTTP 403/421)",
    ),
    (errors.MirrorRegenerationError.exit_code, "the Human Mirror could not be regenerated; its pages were kept"),
)
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


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

    def client_command(
        self,
        name: str,
        render: Render | None = None,
        json_view: JsonView | None = None,
        *,
        table: TableFor | None = None,
        fail_open: bool = False,
    ):
        """Like ``group.command``, for a `client_command` that lands in this group."""

        def decorate(func: Callable[..., Any]) -> click.Command:
            command = client_command(name, render, json_view, table=table, fail_open=fail_open)(func)
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
        except (ApiUnavailableError, GraphUnavailableError) as exc:
            if ctx.meta.get(FAIL_OPEN) and get_settings().fail_open:
                click.echo(json.dumps(UNAVAILABLE))
                click.echo(f"warning: {_one_line(exc.message)}", err=True)
                sys.exit(0)
            click.echo(f"error: {_one_line(exc.message)}", err=True)
            sys.exit(exc.exit_code)
        except AtoCoreError as exc:
            click.echo(f"error: {_one_line(exc.message)}", err=True)
            sys.exit(exc.exit_code)


def _one_line(message: str) -> str:
    return " ".join(message.split())


LIMIT_HELP = "At most this many per page (default 50, at most 500; more is refused)."


def page_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--limit`` and ``--all`` of a list command: one page, or every page (following ``next``)."""
    func = click.option("--all", "all_pages", is_flag=True, help="Read every page (follows next to the end).")(func)
    return click.option("--limit", type=int, default=None, help=LIMIT_HELP)(func)


def resource_group(name: str, *aliases: str, default: str | None = "list"):
    """``@click.group`` for a ResourceGroup: `@resource_group("memory", "memories")`."""
    return click.group(name, cls=ResourceGroup, aliases=aliases, default=default)


def client_command(
    name: str,
    render: Render | None = None,
    json_view: JsonView | None = None,
    *,
    table: TableFor | None = None,
    exit_code: Callable[[Any], int] | None = None,
    fail_open: bool = False,
):
    """A click command with --url/--json that gets an AtoCoreClient as first argument.

    It prints what the function returns: ``render(result)`` at a terminal, JSON
    when piped or with --json (``json_view`` picks what JSON shows; default all).
    With ``table`` (a ``Table``, or a function of the result choosing one) it
    is a listing: ``--format`` picks table (at a terminal), json (when piped),
    csv or md. ``exit_code(result)``, when given, is the exit status after the
    result is printed. A parameter named ``project`` completes project ids.
    ``fail_open``: the command is on the context side and may fail open (see the module docstring).
    """

    def decorate(func: Callable[..., Any]) -> click.Command:
        @click.option("--url", default=None, help="API base URL (default ATOCORE_BASE_URL or http://127.0.0.1:8100).")
        @click.option("--json", "as_json", is_flag=True, help="Print JSON (the default when output is piped).")
        @functools.wraps(func)
        def wrapper(url: str | None, as_json: bool, fmt: str | None = None, **kwargs: Any) -> None:
            if fail_open:
                click.get_current_context().meta[FAIL_OPEN] = True
            settings = get_settings()
            client = AtoCoreClient(url or settings.api_url, timeout=settings.timeout_seconds)
            try:
                result = func(client, **kwargs)
            finally:
                client.close()
            if result is None:
                return
            piped = not sys.stdout.isatty()
            if table is None:
                emit(result, as_json or piped, render, json_view)
            else:
                emit_as(result, "json" if as_json else fmt or ("json" if piped else "table"), table, json_view)
            if exit_code is not None and (code := exit_code(result)):
                sys.exit(code)

        if table is not None:
            wrapper = click.option(
                "--format",
                "fmt",
                type=click.Choice(FORMATS),
                default=None,
                help="table (the default at a terminal), json (when piped; the same as --json), csv or md.",
            )(wrapper)
        command = click.command(name)(wrapper)
        for param in command.params:
            if param.name == "project" and param._custom_shell_complete is None:
                param._custom_shell_complete = complete_projects  # click sets it only through the constructor
        return command

    return decorate


# -- shell completion ---------------------------------------------------------------------------
def complete_projects(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Project ids and aliases starting with ``incomplete``, asked of the API (--url, else the configured one).

    A completion must never fail or hang a shell: an API that does not answer
    within two seconds completes nothing.
    """
    url = ctx.params.get("url") or get_settings().api_url
    client = AtoCoreClient(url, timeout=2)
    try:
        projects = client.projects()
    except (AtoCoreError, ValueError):
        return []
    finally:
        client.close()
    items = []
    for project in projects:
        for name in [project["id"], *project.get("aliases", [])]:
            if name.startswith(incomplete):
                items.append(CompletionItem(name, help=project.get("description") or project["id"]))
    return items


def complete_queries(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Catalog query ids (Q-001 ...) starting with ``incomplete`` (case-insensitive), from the installed catalog."""
    from atocore.graph.catalog import Catalog

    queries = Catalog(packaged_cypher_dir()).catalog_queries()
    return [
        CompletionItem(q.query_id, help=q.title) for q in queries if q.query_id.lower().startswith(incomplete.lower())
    ]


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
