"""What every command module shares: the group classes, output formats, `emit` and the client-command decorator.

``AtoCoreGroup`` (the root) is the one place AtoCore errors become a message and
an exit code (``EXIT_CODES`` documents them in docs/cli.md), and where the old
flat command names are resolved. Fail-open applies only to the commands marked
``fail_open`` (the context side hooks and agents call): there, with
``ATOCORE_FAIL_OPEN`` on, an unreachable API or Neo4j prints
``{"status": "unavailable", "fail_open": true}`` and exits 0; every other
command (writes, admin) fails closed with its exit code and a one-line reason. ``ResourceGroup``
is a group named after a resource (``project``, ``memory``, ...): it answers to its
plural too and runs its default subcommand (``list``) when given none. Command
modules import this module and nothing else from ``atocore.cli``; ``main`` only
assembles the tree.

A listing command passes ``table=Table(...)`` to ``client_command``: it then
takes ``--format table|json|csv|md`` (``table`` at a terminal, ``json`` when
piped; ``--json`` is ``--format json``) and prints a table that fits the
terminal, CSV with every column, or a Markdown table. ``progress_bars`` draws
an ``atocore.progress`` hook as one bar per stage, with counts, rate and time left.

Shell completion (click's: ``_ATOCORE_COMPLETE=bash_source atocore``) completes
project ids and aliases (``complete_projects``: every ``--project`` of a client
command, and project NAME arguments) and catalog query ids (``complete_queries``).
"""

from __future__ import annotations

import csv
import fnmatch
import functools
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem
from rich import box
from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress
from rich.table import Table as RichTable
from rich.text import Text

from atocore import errors
from atocore.client import AtoCoreClient
from atocore.config import get_settings, packaged_cypher_dir
from atocore.errors import ApiUnavailableError, AtoCoreError, GraphUnavailableError, ValidationError
from atocore.progress import Progress, Step

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
)
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

Render = Callable[[Any], str]
JsonView = Callable[[Any], Any]
FORMATS = ("table", "json", "csv", "md")


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


# -- output: JSON, or a listing as a table, CSV or Markdown ------------------------------------
@dataclass(frozen=True)
class Column:
    """A column of a listing: its header and how a row's cell is read (default: the row's field ``name``)."""

    name: str
    value: Callable[[dict[str, Any]], Any] | None = None
    clip: int | None = None  # free text longer than this is cut in the human formats (table, md), never in csv

    def read(self, row: dict[str, Any]) -> Any:
        return self.value(row) if self.value else row.get(self.name)

    def text(self, row: dict[str, Any], human: bool) -> str:
        text = cell_text(self.read(row))
        return text[: self.clip - 1] + "…" if human and self.clip and len(text) > self.clip else text


@dataclass(frozen=True)
class Table:
    """How a command's result reads as a listing, for ``--format table|csv|md`` (``json`` prints the result).

    ``rows``: the result's key holding the rows, a function finding them, or
    None when the result is the list. ``columns``: names or ``Column``s, or a
    function of the result giving them (a catalog query names its own).
    ``hidden``: fnmatch patterns of columns the human formats (table, md)
    leave out; csv keeps every column. ``summary``: a line under the terminal
    table (or in place of an empty one). ``notes``: lines a reader must see
    in any format (more pages follow): under the table, else on stderr so
    stdout stays machine-readable.
    """

    columns: Sequence[str | Column] | Callable[[Any], Sequence[str | Column]]
    rows: str | Callable[[Any], list[dict[str, Any]]] | None = None
    hidden: Sequence[str] = ()
    summary: Callable[[Any], str] | None = None
    notes: Callable[[Any], list[str]] | None = None
    empty: str = "Nothing to list."

    def listing(self, data: Any, human: bool) -> tuple[list[Column], list[dict[str, Any]]]:
        named = self.columns(data) if callable(self.columns) else self.columns
        columns = [c if isinstance(c, Column) else Column(c) for c in named]
        if human:
            columns = [c for c in columns if not any(fnmatch.fnmatchcase(c.name, p) for p in self.hidden)]
        rows = self.rows(data) if callable(self.rows) else data[self.rows] if self.rows else data
        return columns, list(rows)


TableFor = Table | Callable[[Any], Table]  # a listing's Table, or a function choosing it by the result


def cell_text(value: Any) -> str:
    """One cell as text: lists joined, an entity as its key, a map as compact JSON, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        if "key" in value:
            return str(value["key"])
        return json.dumps({k: v for k, v in value.items() if v is not None}, default=str, ensure_ascii=False)
    return str(value)


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def render_table(columns: list[Column], rows: list[dict[str, Any]], width: int | None = None) -> str:
    """A table that fits ``width`` (default: the terminal's): long cells wrap inside their column, never cut."""
    table = RichTable(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column.name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(c.text(row, human=True)) for c in columns))
    console = Console(
        file=io.StringIO(), width=width or terminal_width(), force_terminal=sys.stdout.isatty(), highlight=False
    )
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines() if line.strip())


def render_csv(columns: list[Column], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    writer.writerows([c.text(row, human=False) for c in columns] for row in rows)
    return out.getvalue().rstrip("\n")


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(columns: list[Column], rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(_md(c.name) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md(c.text(row, human=True)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def render_listing(data: Any, table: Table) -> str:
    """``data`` as a terminal table, its summary under it (or in place of an empty one), then its notes."""
    columns, rows = table.listing(data, human=True)
    summary = [text] if table.summary and (text := table.summary(data)) else []
    body = [render_table(columns, rows)] if rows else ([] if summary else [table.empty])
    return "\n".join(body + summary + (table.notes(data) if table.notes else []))


def emit(data: Any, as_json: bool, render: Render | None = None, json_view: JsonView | None = None) -> None:
    """Print a command's result: JSON (of ``json_view(data)`` when given) unless a human rendering is wanted."""
    if as_json or render is None:
        click.echo(json.dumps(json_view(data) if json_view else data, indent=2, default=str, ensure_ascii=False))
    else:
        click.echo(render(data))


def emit_as(data: Any, fmt: str, table: TableFor, json_view: JsonView | None = None) -> None:
    """Print a listing's result in ``fmt`` (one of FORMATS); outside a table its notes go to stderr."""
    if not isinstance(table, Table):
        table = table(data)
    if fmt == "table":
        click.echo(render_listing(data, table))
        return
    for note in table.notes(data) if table.notes else []:
        click.echo(note, err=True)
    if fmt == "json":
        emit(data, True, json_view=json_view)
        return
    columns, rows = table.listing(data, human=fmt == "md")
    click.echo(render_csv(columns, rows) if fmt == "csv" else render_markdown(columns, rows))


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


# -- progress: one bar per counted stage -------------------------------------------------------
class _CountColumn(ProgressColumn):
    """``12/40 files  3.1 files/s`` (``12 files`` while the total is unknown)."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "")
        total = "" if task.total is None else f"/{int(task.total):,}"
        speed = task.speed or (task.completed / task.elapsed if task.elapsed else None)  # a new total resets speed
        rate = f"  {speed:,.1f} {unit}/s" if speed else ""
        return Text(f"{int(task.completed):,}{total} {unit}{rate}")


def progress_console() -> Console | None:
    """Where progress bars go: stderr at a terminal, else nowhere (piped output stays clean)."""
    return Console(stderr=True) if sys.stderr.isatty() else None


@contextmanager
def progress_bars(what: str, console: Console | None = None) -> Iterator[Progress | None]:
    """A progress hook drawing each stage (per label) as a bar with its count, rate and time left.

    ``what`` names the work (``ingesting``). Yields None when there is no
    terminal to draw on (``console`` defaults to ``progress_console()``).
    """
    console = console or progress_console()
    if console is None:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), _CountColumn(), TimeRemainingColumn())
    bars = RichProgress(*columns, console=console, transient=False)
    tasks: dict[tuple[str, str], Any] = {}

    def show(step: Step) -> None:
        key = (step.label, step.stage)
        if key not in tasks:
            title = f"{what} {step.label}".rstrip()
            tasks[key] = bars.add_task(f"{title}: {step.stage}", total=step.total, unit=step.stage)
        bars.update(tasks[key], completed=step.done, total=step.total)

    with bars:
        yield show


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
