"""What the CLI prints: JSON, a listing as a table that fits the terminal, CSV or Markdown, and progress bars.

A listing command passes ``table=Table(...)`` to ``client_command``
(``atocore.cli.base``): it then takes ``--format table|json|csv|md``
(``table`` at a terminal, ``json`` when piped; ``--json`` is ``--format
json``) and prints a table that fits the terminal (rich), CSV with every
column, or a Markdown table. ``progress_bars`` draws an ``atocore.progress``
hook as one bar per stage, with counts, rate and time left.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress
from rich.table import Table as RichTable
from rich.text import Text

from atocore.progress import Progress, Step

Render = Callable[[Any], str]
JsonView = Callable[[Any], Any]
FORMATS = ("table", "json", "csv", "md")


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
