"""The one background worker that keeps the Mirror current inside the API process.

It listens to the write services' change notifications (``services.changes``).
A change to a project schedules that project's regeneration ``debounce_s``
later; more changes before then ride along with it, so a burst of writes
costs one regeneration, at most ``debounce_s`` after the first. Once a day,
at ``daily_at`` local time, every registered project is regenerated
whatever changed (catching anything that bypassed the write services).
No scheduler, no queue: a dict of due times, a condition variable and one
daemon thread. A failed regeneration is logged and recorded (``service``)
and does not stop the worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from atocore.errors import AtoCoreError, NotFoundError
from atocore.services import changes, projects
from atocore.services.mirror import service
from atocore.services.runtime import Services

log = logging.getLogger("atocore.mirror")


def next_daily(after: datetime, daily_at: str) -> datetime | None:
    """The first local time ``daily_at`` (HH:MM) strictly after ``after``; None when there is no daily pass."""
    if not daily_at:
        return None
    hour, minute = (int(part) for part in daily_at.split(":"))
    moment = after.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > after else moment + timedelta(days=1)


class MirrorWorker:
    def __init__(
        self,
        services: Services,
        *,
        debounce_s: float,
        daily_at: str,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.services = services
        self.debounce_s = debounce_s
        self.daily_at = daily_at
        self._clock, self._wall = clock, wall
        self._due: dict[str, float] = {}
        self._wake = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._next_daily = next_daily(wall(), daily_at)
        self.runs: list[tuple[str, str, bool]] = []  # (project, trigger, ok) of recent runs, newest last

    # -- control -------------------------------------------------------------------
    def start(self) -> None:
        self._unsubscribe = changes.subscribe(self.notify)
        self._thread = threading.Thread(target=self._loop, name="atocore-mirror", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        if self._unsubscribe:
            self._unsubscribe()
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread:
            self._thread.join(timeout)

    def notify(self, project: str) -> None:
        """A change to ``project``: regenerate it ``debounce_s`` from the first change not yet handled."""
        with self._wake:
            if project not in self._due:
                self._due[project] = self._clock() + self.debounce_s
                self._wake.notify_all()

    def pending(self) -> dict[str, float]:
        with self._wake:
            return dict(self._due)

    # -- the loop -------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._ready():
                    self._wake.wait(self._wait_s())
                if self._stopping:
                    return
                due = sorted(p for p, at in self._due.items() if at <= self._clock())
                for project in due:
                    del self._due[project]
                daily = self._next_daily is not None and self._wall() >= self._next_daily
                if daily:
                    self._next_daily = next_daily(self._wall(), self.daily_at)
            for project in due:
                self._run(project, "change")
            if daily:
                self.daily_pass()

    def _ready(self) -> bool:
        now = self._clock()
        if any(at <= now for at in self._due.values()):
            return True
        return self._next_daily is not None and self._wall() >= self._next_daily

    def _wait_s(self) -> float:
        waits = [max(0.0, at - self._clock()) for at in self._due.values()]
        if self._next_daily is not None:
            waits.append(max(0.0, (self._next_daily - self._wall()).total_seconds()))
        return min([60.0, *waits])  # wake at least once a minute (the wall clock may jump)

    def daily_pass(self) -> None:
        """Regenerate every registered project, whatever changed."""
        try:
            names = [p.id for p in projects.list_projects(self.services.graph)]
        except AtoCoreError as exc:
            log.warning("the daily Mirror pass could not list the projects: %s", exc.message)
            return
        for name in names:
            self._run(name, "daily")

    def _run(self, project: str, trigger: str) -> None:
        try:
            service.regenerate(self.services, project, trigger=trigger)
            self.runs.append((project, trigger, True))
        except NotFoundError:  # knowledge written under a name no project is registered as: no Mirror
            log.debug("no Mirror for %s: not a registered project", project)
        except AtoCoreError as exc:  # recorded and logged by the service; the worker carries on
            log.warning("Mirror of %s (%s) not regenerated: %s", project, trigger, exc.message)
            self.runs.append((project, trigger, False))
        except Exception:
            log.exception("Mirror of %s (%s) hit an unexpected error", project, trigger)
            self.runs.append((project, trigger, False))
        del self.runs[:-50]
