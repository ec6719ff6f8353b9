"""Who is writing: the name of the token behind the current request.

Every write query that records its author declares ``// param actor:
STRING`` and writes it (``created_by: $actor`` on a node it creates, on a
ReviewRecord, ...). Callers never pass ``actor``: ``Graph`` fills it from
``ACTOR``, which the API's scope check (``atocore.api.security``) sets for
the request once the token is verified. Outside a request (the CLI's
server-side commands, tests calling services) it is None, and so is
``created_by``.

A context variable rather than a parameter threaded through every service:
FastAPI runs a sync route in a worker thread with a copy of the request's
context, so the value set by the (async) scope check reaches every query
the route runs, and no service signature had to change for auditing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

ACTOR_PARAM = "actor"
ACTOR: ContextVar[str | None] = ContextVar("atocore_actor", default=None)


@contextmanager
def acting_as(name: str | None) -> Iterator[None]:
    """Writes made inside the block record ``name`` as their author."""
    token = ACTOR.set(name)
    try:
        yield
    finally:
        ACTOR.reset(token)


def with_actor(declared: Collection[str], params: dict[str, Any]) -> dict[str, Any]:
    """``params`` plus the current actor, when the query declares ``actor`` and the caller did not give it."""
    if ACTOR_PARAM in declared and ACTOR_PARAM not in params:
        return {**params, ACTOR_PARAM: ACTOR.get()}
    return params
