"""The write gate: this process's writes wait while a backup reads or a restore writes.

Every write AtoCore runs through ``Graph`` holds the gate shared (many at
once); a backup or a restore holds it alone. It waits for the writes in
flight to finish, new writes then wait for it (up to
``ATOCORE_BACKUP_WRITE_WAIT_S``, then answer 409), and reads never wait. The
thread that holds it alone may write (a restore does). A thread that already
holds it shared may take it again, so nested writes cannot deadlock against
a waiting backup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from atocore.errors import ConflictError


class WriteGate:
    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        self._cond = threading.Condition()
        self._writers = 0
        self._owner: int | None = None
        self._exclusive_waiting = 0
        self._depth = threading.local()
        self.holder: str | None = None  # what holds it alone ("backup 2026...", "restore ..."), for messages

    @contextmanager
    def shared(self) -> Iterator[None]:
        me = threading.get_ident()
        depth = getattr(self._depth, "n", 0)
        if self._owner == me or depth:
            self._depth.n = depth + 1
            try:
                yield
            finally:
                self._depth.n = depth
            return
        with self._cond:
            free = self._cond.wait_for(lambda: self._owner is None and not self._exclusive_waiting, self.wait_s)
            if not free:
                raise ConflictError(
                    f"Writes are paused while {self.holder or 'a backup or restore'} runs; retry when it is done.",
                    holder=self.holder,
                )
            self._writers += 1
        self._depth.n = 1
        try:
            yield
        finally:
            self._depth.n = 0
            with self._cond:
                self._writers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self, holder: str) -> Iterator[None]:
        """Hold the gate alone: wait for the writes in flight, keep new ones waiting until the block ends."""
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                raise ConflictError(f"{self.holder} already holds the write gate")
            self._exclusive_waiting += 1
            try:
                free = self._cond.wait_for(lambda: self._owner is None and self._writers == 0, self.wait_s)
            finally:
                self._exclusive_waiting -= 1
            if not free:
                self._cond.notify_all()
                raise ConflictError(
                    f"{holder}: the writes in flight (or {self.holder or 'another backup or restore'}) "
                    f"did not finish within {self.wait_s:.0f}s; nothing was done.",
                    holder=self.holder,
                )
            self._owner, self.holder = me, holder
        try:
            yield
        finally:
            with self._cond:
                self._owner, self.holder = None, None
                self._cond.notify_all()
