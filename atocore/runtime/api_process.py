"""The API as a background process (for `atocore up` / `make run`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from atocore.config import Settings
from atocore.errors import RuntimeSetupError
from atocore.runtime.server import _pid_alive, _tail, port_in_use


@dataclass
class ApiProcess:
    settings: Settings

    @property
    def pid_file(self) -> Path:
        return self.settings.run_dir / "api.pid"

    @property
    def log_file(self) -> Path:
        return self.settings.data_dir / "logs" / "api.log"

    @property
    def url(self) -> str:
        return f"http://{self.settings.api_host}:{self.settings.api_port}"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def start(self, timeout_s: float = 180.0) -> int:
        """Start `atocore serve` in the background unless it runs already; wait for /health."""
        pid = self.pid()
        if pid:
            self._wait_health(pid, timeout_s)
            return pid
        if port_in_use(self.settings.api_port, self.settings.api_host):
            raise RuntimeSetupError(
                f"Port {self.settings.api_port} is taken by another process; stop it or set ATOCORE_API_PORT."
            )
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "atocore", "serve"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        self._wait_health(process.pid, timeout_s)
        return process.pid

    def _wait_health(self, pid: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _pid_alive(pid):
                raise RuntimeSetupError(
                    f"The API exited while starting. Log tail ({self.log_file}):\n{_tail(self.log_file)}"
                )
            try:
                response = httpx.get(f"{self.url}/health", timeout=5)
                if response.status_code in (200, 503):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeSetupError(
            f"The API did not answer within {timeout_s:.0f}s. Log tail ({self.log_file}):\n{_tail(self.log_file)}"
        )

    def stop(self, timeout_s: float = 30.0) -> bool:
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True
