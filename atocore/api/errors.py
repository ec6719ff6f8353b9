"""The one place errors become HTTP responses, and the contract that says so.

Every error answers with the same JSON body, ``ErrorBody``: ``{"error": code,
"message": ..., "detail": {...}}``. An ``AtoCoreError`` answers with its own
``http_status`` (a 401 adds ``WWW-Authenticate: Bearer``); the boundary
middleware, which runs before routing, answers through ``exception_response``
too. Request validation errors answer 422 naming each bad field;
Starlette's own errors (an unknown path, a wrong method, a body FastAPI cannot
parse) keep their status in the same shape. Anything else is a bug: it is
logged with its traceback and answers a plain 500 without one.

The 500 is produced by ``UnexpectedErrors``, a middleware inside Starlette's
``ServerErrorMiddleware``: that one re-raises after answering, and uvicorn
then closes the keep-alive connection, so the client's next request on it was
reset. Here the exception stops after the answer and the connection lives on.

``ERROR_RESPONSES`` puts the envelope into the OpenAPI description of every
route (``create_app`` includes each router with it), for each status a route
can answer with, so generated clients read the real shape (FastAPI's own 422
schema is replaced).
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atocore.errors import AtoCoreError, AuthenticationError

log = logging.getLogger("atocore.api")
BEARER_CHALLENGE = 'Bearer realm="atocore"'

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    421: "misdirected_request",
    503: "unavailable",
}
ERROR_STATUSES: dict[int, str] = {
    400: "The request is malformed (e.g. its body is not JSON).",
    401: "No valid token was given.",
    403: "The token lacks the scope this route needs.",
    404: "What the request names does not exist.",
    409: "The request clashes with the current state (a name in use, a status, a running ingestion).",
    413: "The request body, or a value in it, is larger than a configured limit (the message names it).",
    421: "The Host header names a host this API does not serve (ATOCORE_ALLOWED_HOSTS).",
    422: "A value is not acceptable; the message says which and what to fix.",
    503: "Neo4j cannot be reached; retry later.",
}


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str = Field(description="A stable code, e.g. invalid_input, not_found, conflict, neo4j_unavailable.")
    message: str = Field(description="What went wrong and what to do, for a person.")
    detail: dict[str, Any] | None = Field(None, description="Structured fields a client can read.")


def _plain(value: Any) -> Any:
    """``value`` as JSON can carry it: non-finite floats and unknown objects become text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class ErrorResponse(JSONResponse):
    """An error body that always renders: ASCII JSON, so a lone surrogate echoed from the input cannot break it."""

    def render(self, content: Any) -> bytes:
        return json.dumps(_plain(content), ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode()


def error_response(status: int, code: str, message: str, detail: dict[str, Any] | None = None) -> ErrorResponse:
    body: dict[str, Any] = {"error": code, "message": message}
    if detail:
        body["detail"] = detail
    return ErrorResponse(status_code=status, content=body)


def exception_response(exc: AtoCoreError) -> ErrorResponse:
    """The HTTP answer for an AtoCore error; a 401 carries the Bearer challenge."""
    response = error_response(exc.http_status, exc.code, exc.message, exc.detail)
    if isinstance(exc, AuthenticationError):
        response.headers["WWW-Authenticate"] = BEARER_CHALLENGE
    return response


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AtoCoreError)
    async def atocore_error(_: Request, exc: AtoCoreError) -> ErrorResponse:
        return exception_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> ErrorResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            reason = next((e.get("ctx", {}).get("error") for e in errors if e.get("type") == "json_invalid"), "")
            return error_response(400, "bad_request", f"The request body is not valid JSON: {reason}")
        problems = [f"{_field(tuple(e.get('loc', ())))}: {e.get('msg')}" for e in errors]
        return error_response(422, "invalid_input", "; ".join(problems), {"problems": problems})

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> ErrorResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        response = error_response(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    app.add_middleware(UnexpectedErrors)


class UnexpectedErrors:
    """A bug answers 500 in the envelope and the exception ends here, so the connection stays usable."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # a streamed answer broke midway: only closing the connection can say so
                raise
            response = error_response(
                500, "internal_error", "AtoCore hit an unexpected error; the server log has the details."
            )
            await response(scope, receive, send)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in ERROR_STATUSES.items()
}
"""What ``create_app`` gives ``include_router`` for every router: each route lists these, its own entries win."""
