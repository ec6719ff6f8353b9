"""Pid files name a process only while it is the one they were written for: nothing else is ever signalled."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from atocore.runtime.pidfile import PidFile, process_alive


@pytest.fixture
def sleeper():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "atocore-test-sleeper"])
    yield process
    process.kill()
    process.wait()


def test_a_live_process_with_the_marker_is_named_and_stopped(tmp_path, sleeper) -> None:
    pid_file = PidFile(tmp_path / "run" / "x.pid", marker="atocore-test-sleeper")
    pid_file.write(sleeper.pid)
    assert oct(pid_file.path.stat().st_mode & 0o777) == "0o600"
    assert pid_file.pid() == sleeper.pid
    assert pid_file.terminate(10) is True
    sleeper.wait(5)
    assert not process_alive(sleeper.pid)
    assert not pid_file.path.exists()


def test_a_reused_pid_running_something_else_is_never_signalled(tmp_path) -> None:
    """The file names this very test process (as after pid reuse): wrong command line, so it is stale."""
    pid_file = PidFile(tmp_path / "api.pid", marker="atocore serve")
    pid_file.path.write_text(f"{os.getpid()}\n")
    assert pid_file.pid() is None
    assert pid_file.terminate(1) is None  # we are still alive to assert this
    assert not pid_file.path.exists()


def test_a_pid_whose_start_time_differs_is_stale(tmp_path, sleeper) -> None:
    pid_file = PidFile(tmp_path / "x.pid", marker="atocore-test-sleeper")
    pid_file.write(sleeper.pid)
    pid, started = pid_file.path.read_text().split()
    pid_file.path.write_text(f"{pid}\n{float(started) - 3600!r}\n")  # the same pid, started an hour earlier
    assert pid_file.pid() is None
    assert sleeper.poll() is None


@pytest.mark.parametrize("content", ["", "not a pid", "999999999\n"])
def test_garbage_or_dead_pids_are_none(tmp_path, content) -> None:
    pid_file = PidFile(tmp_path / "x.pid", marker="anything")
    pid_file.path.write_text(content)
    assert pid_file.pid() is None


def test_a_zombie_counts_as_gone(tmp_path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass", "atocore-test-zombie"])
    pid_file = PidFile(tmp_path / "z.pid", marker="atocore-test-zombie")
    pid_file.write(child.pid)
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped: a zombie
    assert not process_alive(child.pid)
    assert pid_file.pid() is None
    child.wait()
