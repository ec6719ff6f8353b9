"""Progress of long work as counted steps: one shape from a service to a progress bar.

A long service function (an ingestion, an import, a backup) takes a
``Progress`` callback and calls it with a ``Step`` whenever a count moves:
``Step("files", done=12, total=40, label="p05")``. Each ``stage`` is counted
on its own (an ingestion counts ``files`` read and ``chunks`` embedded), so
a client draws one bar per stage, with its rate and time left. A total not
known yet is ``None`` (chunks are counted as files are cut), and may grow.

The API streams steps as NDJSON events (``atocore/api/streaming.py``:
``{"event": "progress", "stage": ..., "done": ..., "total": ..., "label":
...}``), the client turns them back into steps, and the CLI draws them
(``atocore.cli.output.progress_bars``). ``Counter`` keeps one stage's count for
a service that advances it piece by piece.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    """Where one stage of a piece of work stands: ``done`` of ``total`` (None while unknown)."""

    stage: str  # what is counted, a plural noun: files, chunks, records, nodes
    done: int
    total: int | None = None
    label: str = ""  # what the work is about (a project id), when one run does several

    def to_event(self) -> dict[str, Any]:
        return {"event": "progress", **asdict(self)}

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Step:
        """A step from a streamed event; an event without a stage (older servers) counts ``items``."""
        return cls(
            stage=str(event.get("stage") or "items"),
            done=int(event["done"]),
            total=None if event.get("total") is None else int(event["total"]),
            label=str(event.get("label") or ""),
        )


Progress = Callable[[Step], None]


def ignore(step: Step) -> None:
    """The hook of work nobody watches."""


def labelled(progress: Progress | None, label: str) -> Progress:
    """``progress`` with every step's label set to ``label`` (a part of a larger piece of work: its own bars)."""
    hook = progress or ignore
    return lambda step: hook(Step(step.stage, step.done, step.total, label))


def both(*hooks: Progress | None) -> Progress:
    """One hook calling each of ``hooks`` that is given (a bar and a log line from the same steps)."""
    given = [hook for hook in hooks if hook is not None]

    def report(step: Step) -> None:
        for hook in given:
            hook(step)

    return report


class Counter:
    """One stage's count, reported to ``progress`` each time it moves."""

    def __init__(self, progress: Progress | None, stage: str, total: int | None = None, label: str = "") -> None:
        self.progress = progress or ignore
        self.stage, self.total, self.label = stage, total, label
        self.done = 0

    def report(self) -> None:
        self.progress(Step(self.stage, self.done, self.total, self.label))

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.report()

    def reach(self, done: int) -> None:
        """The count is ``done`` now (work that counts its rows itself and reports every so often)."""
        self.done = done
        self.report()

    def grow(self, count: int) -> None:
        """Known work grows by ``count`` (the total, when it was unknown, starts at what is known)."""
        self.total = (self.total or 0) + count
