"""The browser's way into the Mirror's pages: a short-lived session cookie, good for the Mirror's reading only.

A browser cannot send ``Authorization: Bearer`` when a person clicks a link,
so the HTML view of the Mirror (``/mirror/P/overview.html``) needs another
credential, one a security review accepts:

- A token is exchanged for a session, never put into a URL (URLs land in
  access logs, browser history and Referer headers). Three ways, all POSTs:
  ``POST /mirror/session`` with the bearer header (API clients; it also
  answers a one-time *ticket*), ``POST /mirror/_login`` with the ticket (what
  ``atocore mirror P --open`` makes the browser send, from a private local
  file) or with a token pasted into the form of ``GET /mirror/_login``
  (``_``: no project can be named so). ``POST /mirror/_logout`` ends it.
- The session is a cookie ``atocore_mirror``: 256 random bits, ``HttpOnly``
  (no script reads it), ``SameSite=Strict`` (no other site's page makes the
  browser send it), ``Path=/mirror`` (sent nowhere else), ``Max-Age``
  ``ATOCORE_MIRROR_SESSION_MINUTES`` (30 by default), ``Secure`` when the
  request came over https.
- The cookie is accepted by the Mirror's read-only GET routes only
  (``MIRROR_READ``): every other route, and the Mirror's regenerate, still
  want the bearer header (a cookie alone: 401). The session carries the
  ``read`` scope whatever its token has.
- The server keeps the SHA-256 of each cookie and ticket with its token's
  name and expiry, in this process's memory (a restart ends every session;
  at most ``MAX_SESSIONS``, the oldest go first). Each use checks the token
  again in Neo4j, so revoking the token ends its sessions at once. A ticket
  works once, within ``TICKET_SECONDS``.
- A page asked for by a browser without a valid session answers 303 to the
  login page (``?next=`` holds the page's path, no secret); an API client
  gets the usual 401.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import SecurityScopes
from starlette.exceptions import HTTPException

from atocore.api.security import HOW_TO_SEND, BearerCredentials, authorize
from atocore.errors import AuthenticationError
from atocore.graph.audit import ACTOR
from atocore.services import api_tokens
from atocore.services.api_tokens import ApiToken, Scope
from atocore.services.mirror.html import LOGOUT_PATH as LOGOUT_PATH
from atocore.services.runtime import Services

COOKIE = "atocore_mirror"
COOKIE_PATH = "/mirror"
SESSION_PATH = "/mirror/session"
LOGIN_PATH = "/mirror/_login"  # "_": never a project's name (atocore.services.projects.ID_PATTERN)
TICKET_SECONDS = 60
MAX_SESSIONS = 1000
MAX_CREDENTIAL_CHARS = 256
_NEXT = re.compile(r"^/mirror/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]{1,1024}$")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Grant:
    token: str  # the token's name
    expires: float  # clock time


class Sessions:
    """Live sessions and one-time tickets, by the SHA-256 of their value; thread-safe, bounded."""

    def __init__(self, lifetime_s: float, clock: Callable[[], float] = time.time) -> None:
        self.lifetime_s = lifetime_s
        self.clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, Grant] = {}
        self._tickets: dict[str, Grant] = {}

    def _issue(self, table: dict[str, Grant], token: str, lifetime_s: float) -> tuple[str, Grant]:
        value, now = secrets.token_urlsafe(32), self.clock()
        grant = Grant(token, now + lifetime_s)
        with self._lock:
            for key in [k for k, g in table.items() if g.expires <= now]:
                del table[key]
            while len(table) >= MAX_SESSIONS:
                del table[next(iter(table))]  # the oldest (dicts keep insertion order)
            table[_digest(value)] = grant
        return value, grant

    def open(self, token: str) -> tuple[str, Grant]:
        """A new session for the token named ``token``: the cookie's value and its grant."""
        return self._issue(self._sessions, token, self.lifetime_s)

    def ticket(self, token: str) -> tuple[str, Grant]:
        """A one-time ticket a browser exchanges for a session within TICKET_SECONDS."""
        return self._issue(self._tickets, token, TICKET_SECONDS)

    def redeem(self, ticket: str) -> str | None:
        """The token name a ticket was made for, once; None for an unknown, used or expired ticket."""
        with self._lock:
            grant = self._tickets.pop(_digest(ticket), None)
        return grant.token if grant is not None and grant.expires > self.clock() else None

    def find(self, value: str) -> Grant | None:
        key = _digest(value)
        with self._lock:
            grant = self._sessions.get(key)
            if grant is not None and grant.expires <= self.clock():
                del self._sessions[key]
                grant = None
        return grant

    def end(self, value: str) -> None:
        with self._lock:
            self._sessions.pop(_digest(value), None)


def sessions_of(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.mirror_sessions
    return sessions


def reading_token(services: Services, name: str) -> ApiToken | None:
    """The token named ``name`` when it is still active and may read (a worker thread: it asks Neo4j)."""
    token = api_tokens.token_named(services.graph, name)
    return token if token is not None and token.active and token.allows(Scope.READ) else None


def set_cookie(response: Response, request: Request, value: str, lifetime_s: float) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(lifetime_s),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE, path=COOKIE_PATH, secure=request.url.scheme == "https", httponly=True, samesite="strict"
    )


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path into the Mirror (never another site: no open redirect), else None."""
    if value and _NEXT.match(value) and "//" not in value and "/../" not in value:
        return value
    return None


def wants_html(request: Request) -> bool:
    return request.url.path.endswith(".html") or "text/html" in request.headers.get("accept", "")


def login_location(request: Request) -> str:
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{LOGIN_PATH}?next={quote(path, safe='/')}" if safe_next(path) else LOGIN_PATH


async def authorize_mirror_page(
    request: Request, security_scopes: SecurityScopes, credentials: BearerCredentials
) -> ApiToken | None:
    """The bearer header as on every route; without one, a valid Mirror session cookie on a GET."""
    if request.app.state.gate.disabled or request.headers.get("authorization"):
        return await authorize(request, security_scopes, credentials)
    value = request.cookies.get(COOKIE)
    if value and request.method == "GET" and len(value) <= MAX_CREDENTIAL_CHARS:
        grant = sessions_of(request).find(value)
        if grant is not None:
            token = await run_in_threadpool(reading_token, request.app.state.services, grant.token)
            if token is not None:
                ACTOR.set(token.name)
                return token
            sessions_of(request).end(value)  # its token was revoked (or lost its read scope)
    if wants_html(request):
        raise HTTPException(303, "sign in to read the Mirror", headers={"Location": login_location(request)})
    raise AuthenticationError(
        f"this page needs a token with the 'read' scope: {HOW_TO_SEND}; a browser signs in at {LOGIN_PATH} "
        "(or `atocore mirror PROJECT --open`)",
        scope="read",
    )


MIRROR_READ = Security(authorize_mirror_page, scopes=[Scope.READ.value])
