"""The one place AtoCore errors become HTTP responses.

Every ``AtoCoreError`` answers with its own ``http_status`` and a JSON body
``{"error": code, "message": ..., "detail": {...}}`` (``error_response``; a
401 adds ``WWW-Authenticate: Bearer``). The boundary middleware, which runs
before routing and so before these handlers, answers through it too. Request validation
errors answer 422 in the same shape, naming each bad field. Anything else is
a bug: it is logged with its traceback and answers a plain 500 without one.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from atocore.errors import AtoCoreError, AuthenticationError

log = logging.getLogger("atocore.api")
BEARER_CHALLENGE = 'Bearer realm="atocore"'


def error_response(exc: AtoCoreError) -> JSONResponse:
    """The HTTP answer for an AtoCore error."""
    headers = {"WWW-Authenticate": BEARER_CHALLENGE} if isinstance(exc, AuthenticationError) else None
    return JSONResponse(status_code=exc.http_status, content=exc.to_dict(), headers=headers)


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AtoCoreError)
    async def atocore_error(_: Request, exc: AtoCoreError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{_field(tuple(e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors()]
        return JSONResponse(
            status_code=422,
            content={"error": "invalid_input", "message": "; ".join(problems), "detail": {"problems": problems}},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            status_code=500,
            content={
                "error": "internal_error",
                "message": "AtoCore hit an unexpected error; the server log has the details.",
            },
        )
