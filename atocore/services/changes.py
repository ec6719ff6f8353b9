"""Change notifications: the write services say which project's knowledge changed.

A write service that changes what a project's Human Mirror shows (entities,
relationships, conflicts, imports, trusted state) is decorated with
``@notifies``; after it returns, every subscribed listener hears the
project's id. The Mirror's background worker is the one listener (it
debounces per project); with no listener, as in the CLI or a test without
the worker, a notification costs a list read. A listener's error is logged
and never fails the write that caused it.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger("atocore.changes")

P = ParamSpec("P")
R = TypeVar("R")
Listener = Callable[[str], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Hear every changed project from now on; returns the call that stops it."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def changed(project: str | None) -> None:
    """Tell the listeners that ``project`` changed (nothing when it is empty)."""
    if not project:
        return
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(project)
        except Exception:
            log.exception("a change listener failed for project %s", project)


def project_of(result: Any) -> str | None:
    """The project a write's result belongs to: its own, its entry's (state) or its source entity's (relationship)."""
    for holder in (result, getattr(result, "entry", None), getattr(result, "source", None)):
        project = getattr(holder, "project", None)
        if isinstance(project, str) and project:
            return project
    return None


def notifies(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a write service: after it returns, its result's project is announced as changed."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result = func(*args, **kwargs)
        changed(project_of(result))
        return result

    return wrapper
