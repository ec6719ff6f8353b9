"""Signing a browser in to the Mirror's pages: POST /mirror/session, /mirror/_login, /mirror/_logout.

How and why: ``atocore.api.mirror_session``. The login and logout pages are
for browsers (HTML, left out of the OpenAPI document like the Mirror's
script asset); their credential is the token or ticket in the form's body.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from atocore.api import mirror_session as ms
from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.errors import AuthenticationError
from atocore.services import api_tokens, projects
from atocore.services.api_tokens import ApiToken, Scope
from atocore.services.mirror import html, render
from atocore.services.runtime import Services

router = APIRouter(tags=["mirror"])
ANONYMOUS = "anonymous"  # the session's token when authentication is off


class MirrorSession(BaseModel):
    """A browser session on the Mirror's pages (the cookie is in Set-Cookie, never in this body)."""

    token: str = Field(description="The name of the token the session reads as.")
    expires_at: datetime
    ticket: str = Field(description=f"Works once, for {ms.TICKET_SECONDS} s: POST it as 'ticket' to {ms.LOGIN_PATH}.")
    ticket_expires_at: datetime
    login_path: str = ms.LOGIN_PATH


def _when(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC).replace(microsecond=0)


def _lifetime(services: Services) -> float:
    return services.settings.mirror_session_minutes * 60.0


def _page(request: Request, mode: str, status: int = 200, **context: object) -> HTMLResponse:
    minutes = request.app.state.services.settings.mirror_session_minutes
    values = {"mode": mode, "message": None, "next": None, "minutes": minutes, "login_path": ms.LOGIN_PATH, **context}
    text = render.environment().get_template("login.html.j2").render(**values)
    return HTMLResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


@router.post(ms.SESSION_PATH, response_model=MirrorSession)
def open_session(services: ServicesDep, request: Request, token: Annotated[ApiToken | None, READ]) -> JSONResponse:
    """Exchange the bearer token for a Mirror session: a cookie for the Mirror's pages and a one-time ticket.

    The cookie (``atocore_mirror``: HttpOnly, SameSite=Strict, Path=/mirror)
    opens the read-only Mirror GET routes only, for ATOCORE_MIRROR_SESSION_MINUTES.
    The ticket signs a browser in once, within a minute, when POSTed as
    ``ticket`` to /mirror/_login (``atocore mirror PROJECT --open`` does that).
    """
    sessions, name = ms.sessions_of(request), token.name if token is not None else ANONYMOUS
    value, grant = sessions.open(name)
    ticket, ticket_grant = sessions.ticket(name)
    body = MirrorSession(
        token=name, expires_at=_when(grant.expires), ticket=ticket, ticket_expires_at=_when(ticket_grant.expires)
    )
    response = JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
    ms.set_cookie(response, request, value, _lifetime(services))
    return response


@router.get(ms.LOGIN_PATH, include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _page(request, "form", next=ms.safe_next(next))


def _same_origin(request: Request) -> bool:
    """A form posted from this server's pages, or from a local file (Origin: null: ``--open``), or by a tool."""
    origin = request.headers.get("origin")
    return origin in (None, "null") or origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def _token_name(services: Services, request: Request, token: str | None, ticket: str | None) -> str:
    """The token a login form's credential stands for; AuthenticationError saying what is wrong."""
    if ticket:
        name = ms.sessions_of(request).redeem(ticket)
        if name is None:
            raise AuthenticationError(
                f"this sign-in link was used already or is older than {ms.TICKET_SECONDS} s: run the command again"
            )
        return name
    if not token or not api_tokens.well_formed(token.strip()):
        raise AuthenticationError("paste a whole AtoCore token (it starts with atc_ for tokens AtoCore made)")
    found = request.app.state.gate.verify(services, token.strip())
    if not found.allows(Scope.READ):
        raise AuthenticationError(f"token {found.name!r} lacks the 'read' scope the Mirror needs")
    return found.name


@router.post(ms.LOGIN_PATH, include_in_schema=False)
async def login(
    request: Request,
    token: Annotated[str | None, Form(max_length=ms.MAX_CREDENTIAL_CHARS)] = None,
    ticket: Annotated[str | None, Form(max_length=ms.MAX_CREDENTIAL_CHARS)] = None,
    next: Annotated[str | None, Form(max_length=2048)] = None,
) -> HTMLResponse:
    """Sign a browser in: a session cookie, then on to ``next`` (a same-site step, so the Strict cookie goes along)."""
    services: Services = request.app.state.services
    target = ms.safe_next(next)
    if not _same_origin(request):
        return _page(request, "form", 403, next=target, message="sign in from this server's own page")
    try:
        name = await run_in_threadpool(_token_name, services, request, token, ticket)
    except AuthenticationError as exc:
        return _page(request, "form", 401, next=target, message=exc.message)
    value, grant = ms.sessions_of(request).open(name)
    found = [] if target else await run_in_threadpool(projects.list_projects, services.graph)
    response = _page(
        request,
        "signed_in",
        next=target,
        token=name,
        expires_at=f"{_when(grant.expires):%Y-%m-%d %H:%M} UTC",
        projects=[(p.id, html.page_url(p.id, "index")) for p in found],
    )
    ms.set_cookie(response, request, value, _lifetime(services))
    return response


@router.post(ms.LOGOUT_PATH, include_in_schema=False)
def logout(request: Request) -> HTMLResponse:
    """End this browser's session (a form on every Mirror page); harmless without one."""
    value = request.cookies.get(ms.COOKIE)
    if value:
        ms.sessions_of(request).end(value)
    response = _page(request, "signed_out")
    ms.clear_cookie(response, request)
    return response
