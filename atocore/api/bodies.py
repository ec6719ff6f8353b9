"""Request bodies held to their limit, and refused when they carry a lone surrogate.

``RequestBodies`` reads each body whole before the route does (FastAPI reads
it whole anyway) and answers for it:

- **413** when it is larger than ``ATOCORE_MAX_BODY_BYTES`` (the export
  endpoints: ``ATOCORE_MAX_IMPORT_BODY_BYTES``), naming the limit; a declared
  ``Content-Length`` past it is refused before a byte is read;
- **422** when a JSON string in it holds a lone surrogate (``"\\ud800"``):
  valid JSON, but not text that UTF-8 or Neo4j can hold. The check covers
  every body, including the free-form ones (entity properties, catalog
  parameters, exports); the text types (``atocore.services.inputs``) apply
  the same rule to each field they type.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atocore.api.errors import error_response

# A \uD800-\uDFFF escape: any surrogate, paired or not; only then is the body parsed to find a lone one.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(value: Any, path: str) -> str | None:
    """The path of the first string (or key) in ``value`` holding a lone surrogate, else None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, list):
        return next((p for i, v in enumerate(value) if (p := _lone_surrogate(v, f"{path}[{i}]"))), None)
    if isinstance(value, dict):
        for key, item in value.items():
            found = _lone_surrogate(key, f"{path} (a key)") or _lone_surrogate(item, f"{path}.{key}")
            if found:
                return found
    return None


def surrogate_problem(body: bytes) -> str | None:
    """Where the JSON body holds a lone surrogate (e.g. ``body.content``), else None (also for non-JSON)."""
    if not _SURROGATE_ESCAPE.search(body):
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # not JSON: the route answers 400 for it
    return _lone_surrogate(parsed, "body")


class RequestBodies:
    def __init__(self, app: ASGIApp, *, limit: int, larger: dict[str, int]) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger  # path -> its own limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(scope, receive, send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        where = surrogate_problem(body)
        if where:
            problem = f"{where}: holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not text"
            await error_response(422, "invalid_input", problem, {"problems": [problem]})(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        setting = "ATOCORE_MAX_IMPORT_BODY_BYTES" if scope["path"] in self.larger else "ATOCORE_MAX_BODY_BYTES"
        response = error_response(
            413,
            "too_large",
            f"The request body is larger than {limit:,} bytes ({setting}).",
            {"limit_bytes": limit, "setting": setting},
        )
        response.headers["connection"] = "close"  # the rest of the body is unread: the connection cannot go on
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever the client sends next (a disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
