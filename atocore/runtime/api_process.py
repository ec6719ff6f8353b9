"""The API as a background process (for `atocore up` / `make run`)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from atocore.config import Settings
from atocore.errors import RuntimeSetupError
from atocore.runtime.pidfile import PidFile, process_alive
from atocore.runtime.private import PRIVATE_UMASK, make_private_dir, open_private_append
from atocore.runtime.server import port_in_use, tail


@dataclass
class ApiProcess:
    settings: Settings

    @property
    def pid_file(self) -> PidFile:
        return PidFile(self.settings.run_dir / "api.pid", marker="atocore serve")

    @property
    def log_file(self) -> Path:
        return self.settings.data_dir / "logs" / "api.log"

    @property
    def url(self) -> str:
        return self.settings.model_copy(update={"base_url": None}).api_url

    def pid(self) -> int | None:
        return self.pid_file.pid()

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
        make_private_dir(self.settings.data_dir)
        with open_private_append(self.log_file) as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "atocore", "serve"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                umask=PRIVATE_UMASK,
            )
        self.pid_file.write(process.pid)
        self._wait_health(process.pid, timeout_s)
        return process.pid

    def _wait_health(self, pid: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not process_alive(pid):
                raise RuntimeSetupError(
                    f"The API exited while starting. Log tail ({self.log_file}):\n{tail(self.log_file)}"
                )
            try:
                response = httpx.get(f"{self.url}/health", timeout=5)
                if response.status_code in (200, 503):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeSetupError(
            f"The API did not answer within {timeout_s:.0f}s. Log tail ({self.log_file}):\n{tail(self.log_file)}"
        )

    def stop(self, timeout_s: float = 30.0) -> bool:
        """SIGTERM (then SIGKILL after ``timeout_s``) the API the pid file names; False when none ran."""
        return self.pid_file.terminate(timeout_s, kill_after=True) is not None
