"""Which token may call which route: the scope every route declares.

The pattern, for every route (and every route added later)::

    from atocore.api.security import READ, WRITE, IMPORT, ADMIN

    @router.post("/memory", response_model=Memory, status_code=201, dependencies=[WRITE])

One scope per route, in its decorator. READ, WRITE, IMPORT and ADMIN are
FastAPI ``Security`` dependencies, so the OpenAPI document lists each
route's scope (``"security": [{"bearer": ["write"]}]``) and
``tests/unit/test_route_scopes.py`` fails when a route declares none. Only
``/health`` (its status for anyone, the full report with ``read``:
``HEALTH_READ``) and the docs pages are open.

Which scope:

- ``read``: every GET route (but ``/sources`` and ``/tokens``), ``POST /query``,
  ``POST /context/build``, ``POST /queries/{id}``: what answers questions.
- ``write``: what changes knowledge: captures, memories, trusted state,
  entities, relationships, conflicts, reviews (promote, reject, ...),
  refreshes.
- ``import``: ``POST /ingest/kb-cad/export`` and ``POST /ingest/kb-fem/export``
  only: what an exporter script gets.
- ``admin``: the server's configuration: projects (register, update, import,
  proposal), sources, tokens, backups, schema. An admin token may call every
  route (``ApiToken.allows``).

A request goes through, in order: the client's address and Host header
(``atocore.api.boundary``, before routing); the ``Authorization: Bearer
<token>`` header (missing, malformed, unknown or revoked: 401 with
``WWW-Authenticate: Bearer``); the token's scopes (403 naming the missing
scope); then the route, with the token's name as the author of its writes
(``atocore.graph.audit``). Failures are logged with the first 8 hex digits
of the secret's SHA-256, never the secret.

A verified token is trusted for ``ATOCORE_TOKEN_CACHE_SECONDS`` (default 10)
before Neo4j is asked again; revoking through this API takes effect at once,
a revocation made through another process within that time. ``last_used_at``
is written at most once a minute per token. With ``ATOCORE_AUTH_DISABLED``
(allowed on loopback only: ``check_bind``) every request passes and writes
record no author.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from atocore.config import Settings, is_loopback
from atocore.errors import AuthenticationError, ConfigurationError, GraphUnavailableError, PermissionDeniedError
from atocore.graph.audit import ACTOR
from atocore.services import api_tokens
from atocore.services.api_tokens import ApiToken, Scope
from atocore.services.runtime import Services

log = logging.getLogger("atocore.security")

TOUCH_EVERY_S = 60.0
HOW_TO_SEND = (
    "send 'Authorization: Bearer <token>'; AtoCore's clients read ATOCORE_TOKEN, else the api-token file in "
    "AtoCore's data directory (`atocore token create` makes more)"
)


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to serve beyond loopback without tokens (the API would be open to the network)."""
    if settings.auth_disabled and not is_loopback(host):
        raise ConfigurationError(
            f"Refusing to listen on {host} with ATOCORE_AUTH_DISABLED=true: anyone who can reach the port could "
            "read and rewrite the knowledge base. Unset ATOCORE_AUTH_DISABLED (clients then send a token), or "
            "listen on loopback only (ATOCORE_API_HOST=127.0.0.1).",
            host=host,
        )


def _fingerprint(secret: str) -> str:
    return api_tokens.digest(secret)[:8]


class Gate:
    """The API's token checks: verified tokens cached briefly, the admin token registered once, use recorded."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.disabled = settings.auth_disabled
        self.ttl = settings.token_cache_seconds
        self._lock = threading.Lock()
        self._verified: dict[str, tuple[float, ApiToken]] = {}  # sha256 of the secret -> (when, token)
        self._touched: dict[str, float] = {}  # token name -> when last_used_at was last written
        self._admin_ready = False

    def ensure_admin_token(self, services: Services) -> None:
        """Register the admin token file's secret (creating the default file on first start); once per process."""
        if self._admin_ready or self.disabled:
            return
        with self._lock:
            if self._admin_ready:
                return
            services.ensure_schema()
            settings = self.settings
            said = api_tokens.ensure_admin_token(
                services.graph, settings.api_token_file, may_create=settings.token_file is None
            )
            log.info("%s", said)
            self._admin_ready = True

    def cached(self, secret: str) -> ApiToken | None:
        entry = self._verified.get(api_tokens.digest(secret))
        if entry is None or time.monotonic() - entry[0] >= self.ttl:
            return None
        return entry[1]

    def verify(self, services: Services, secret: str) -> ApiToken:
        """The active token ``secret`` stands for, asked of Neo4j (a worker thread: it blocks); 401 otherwise."""
        self.ensure_admin_token(services)
        token = api_tokens.find_token(services.graph, secret)
        if token is None:
            raise AuthenticationError(f"the token is not one this AtoCore knows; {HOW_TO_SEND}")
        if not token.active:
            raise AuthenticationError(
                f"token {token.name!r} was revoked at {token.revoked_at:%Y-%m-%d %H:%M:%S}Z; ask an admin for a new "
                "one",
                token=token.name,
            )
        if self.ttl > 0:
            with self._lock:
                self._verified[api_tokens.digest(secret)] = (time.monotonic(), token)
        return token

    def forget(self, name: str) -> None:
        """Stop trusting a token now (it was just revoked through this API)."""
        with self._lock:
            self._verified = {key: entry for key, entry in self._verified.items() if entry[1].name != name}

    def touch_due(self, name: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(name, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
                return False
            self._touched[name] = now
            return True

    def touch(self, services: Services, name: str) -> None:
        try:
            api_tokens.touch(services.graph, name)
        except GraphUnavailableError as exc:  # the request itself goes on; the next minute tries again
            log.warning("could not record the use of token %r: %s", name, exc.message)


def bearer_secret(header: str | None, needed: str) -> str:
    """The secret of an ``Authorization: Bearer <secret>`` header; 401 saying what is wrong otherwise."""
    if not header:
        raise AuthenticationError(f"this route needs a token with the {needed!r} scope: {HOW_TO_SEND}", scope=needed)
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise AuthenticationError(f"malformed Authorization header: expected 'Bearer <token>'; {HOW_TO_SEND}")
    if not api_tokens.well_formed(secret):
        raise AuthenticationError(
            f"malformed token: {api_tokens.MIN_SECRET_CHARS} to {api_tokens.MAX_SECRET_CHARS} printable characters "
            "without spaces expected"
        )
    return secret


async def _verified(request: Request, secret: str) -> ApiToken:
    gate: Gate = request.app.state.gate
    services: Services = request.app.state.services
    token = gate.cached(secret)
    if token is None:
        try:
            token = await run_in_threadpool(gate.verify, services, secret)
        except AuthenticationError as exc:
            log.warning(
                "401 %s %s from %s: %s (token sha256 %s…)",
                request.method,
                request.url.path,
                request.client.host if request.client else "?",
                exc.message,
                _fingerprint(secret),
            )
            raise
    if gate.touch_due(token.name):
        await run_in_threadpool(gate.touch, services, token.name)
    return token


BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An AtoCore API token (`atocore token create NAME --scope ...`). Each operation lists the scope "
    "it needs; an admin token may call every operation.",
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


async def authorize(request: Request, security_scopes: SecurityScopes, _: BearerCredentials) -> ApiToken | None:
    """The request's token when it holds the route's scope (None with auth disabled); 401/403 otherwise.

    ``async`` on purpose: the audit actor it sets belongs to the request's own
    context, which FastAPI copies into the worker thread that runs the route.
    """
    (needed,) = security_scopes.scopes
    if request.app.state.gate.disabled:
        ACTOR.set(None)
        return None
    secret = bearer_secret(request.headers.get("authorization"), needed)
    token = await _verified(request, secret)
    if not token.allows(Scope(needed)):
        log.warning("403 %s %s: token %r lacks scope %r", request.method, request.url.path, token.name, needed)
        raise PermissionDeniedError(
            f"token {token.name!r} lacks the {needed!r} scope this route needs (it has: "
            f"{', '.join(token.scopes)}); an admin can create a token with it: atocore token create NAME "
            f"--scope {needed}",
            required_scope=needed,
            token=token.name,
            scopes=[str(s) for s in token.scopes],
        )
    ACTOR.set(token.name)
    return token


async def may_read_health(request: Request, _: BearerCredentials) -> bool:
    """Whether the request may see the full /health report: a valid token with ``read``; no token: status only."""
    gate: Gate = request.app.state.gate
    if gate.disabled:
        return True
    header = request.headers.get("authorization")
    if not header:
        return False
    try:
        token = await _verified(request, bearer_secret(header, Scope.READ))
    except GraphUnavailableError:  # the token cannot be checked now: the status is all anyone gets
        return False
    return token.allows(Scope.READ)


READ = Security(authorize, scopes=[Scope.READ.value])
WRITE = Security(authorize, scopes=[Scope.WRITE.value])
IMPORT = Security(authorize, scopes=[Scope.IMPORT.value])
ADMIN = Security(authorize, scopes=[Scope.ADMIN.value])
HEALTH_READ = Security(may_read_health, scopes=[Scope.READ.value])
HEALTH_OPENAPI: dict[str, Any] = {"security": [{}]}  # /health answers without a token too (its status only)
