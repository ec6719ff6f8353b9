"""Pid files that are checked against the process they name before anything signals it.

A pid file can outlive its process (a crash, a reboot) and the pid can be
reused by an unrelated process. ``PidFile.pid()`` therefore answers a pid only
when that process is alive (a zombie counts as gone), its command line holds
the expected marker (``--home-dir=<neo4j home>``, ``atocore serve``) and, when
the file recorded it, its start time matches. Anything else is a stale file:
``pid()`` answers None and nothing is ever signalled. psutil reads the process
table portably.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

_START_TOLERANCE_S = 0.05  # create_time() is read back as a float rounded by the kernel's clock ticks


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, or a process we may not see, counts as gone only when it is a zombie)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


@dataclass(frozen=True)
class PidFile:
    path: Path
    marker: str  # text the process's command line must contain

    def write(self, pid: int) -> None:
        """Record ``pid`` with its start time (private file: 0600)."""
        started = psutil.Process(pid).create_time()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{pid}\n{started!r}\n", encoding="ascii")
        self.path.chmod(0o600)

    def _recorded(self) -> tuple[int, float | None] | None:
        try:
            lines = self.path.read_text(encoding="ascii").split()
            return int(lines[0]), float(lines[1]) if len(lines) > 1 else None
        except (OSError, ValueError, IndexError):
            return None

    def pid(self) -> int | None:
        """The recorded pid when it still names the process the file was written for, else None."""
        recorded = self._recorded()
        if recorded is None:
            return None
        pid, started = recorded
        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
            if started is not None and abs(process.create_time() - started) > _START_TOLERANCE_S:
                return None
            if self.marker not in " ".join(process.cmdline()):
                return None
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None
        return pid

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def terminate(self, timeout_s: float, *, kill_after: bool = False) -> bool | None:
        """SIGTERM the process the file names and wait for it to end.

        None when the file names no live process of ours (the stale file is
        removed, nothing is signalled); True when it ended; False when it still
        ran after ``timeout_s`` (then SIGKILLed when ``kill_after``).
        """
        pid = self.pid()
        if pid is None:
            self.remove()
            return None
        process = psutil.Process(pid)
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if process_alive(pid):
            if not kill_after:
                return False
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        self.remove()
        return True
