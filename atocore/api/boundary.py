"""The first check of every request, before routing: where it comes from and which Host it names.

- The client's address must lie in ``ATOCORE_ALLOWED_IPS`` when that is set
  (403 ``forbidden``), before any token is read. Behind a reverse proxy on the
  same machine, uvicorn takes the client address from ``X-Forwarded-For``
  when the proxy is on 127.0.0.1 (its ``--forwarded-allow-ips`` default).
- The ``Host`` header must name this server: a loopback name, the address the
  API listens on, or one of ``ATOCORE_ALLOWED_HOSTS`` (421
  ``host_not_allowed`` otherwise). A web page that points its own domain name
  at 127.0.0.1 (DNS rebinding) sends its domain as Host, so a browser on the
  user's machine cannot be used to read or write the knowledge base.

Browsers may call the API from other origins only when ``ATOCORE_CORS_ORIGINS``
names them (no CORS headers otherwise). Both middlewares are installed by
``install_boundary``; answers use the one error envelope (``atocore.api.errors``).
"""

from __future__ import annotations

import logging
from ipaddress import IPv4Network, IPv6Network, ip_address

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from atocore.api.errors import exception_response
from atocore.config import ANY_INTERFACE, LOOPBACK_HOSTS, Settings, is_loopback
from atocore.errors import AtoCoreError, MisdirectedRequestError, PermissionDeniedError

log = logging.getLogger("atocore.security")


def host_name(header: str) -> str:
    """The name in a Host header, without port, brackets or final dot, lower-case: '[::1]:8100' -> '::1'."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def allowed_host_names(settings: Settings) -> frozenset[str]:
    names = {*LOOPBACK_HOSTS, *(host_name(h) for h in settings.allowed_hosts)}
    if settings.api_host not in ANY_INTERFACE and not is_loopback(settings.api_host):
        names.add(host_name(settings.api_host))
    return frozenset(names)


class Boundary:
    """ASGI middleware refusing requests from addresses or for Host names this server does not serve."""

    def __init__(
        self, app: ASGIApp, hosts: frozenset[str], networks: list[IPv4Network | IPv6Network] | None = None
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.networks = networks or []

    def refusal(self, scope: Scope) -> AtoCoreError | None:
        client = scope.get("client")
        address = client[0] if client else "?"
        if self.networks and not self._address_allowed(address):
            return PermissionDeniedError(f"address {address} is not in ATOCORE_ALLOWED_IPS", address=address)
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"host", b"").decode("latin-1")
        if host_name(raw) not in self.hosts:
            return MisdirectedRequestError(
                f"Host {raw!r} is not a name this AtoCore answers to; if it is yours, add it to ATOCORE_ALLOWED_HOSTS",
                host=raw,
            )
        return None

    def _address_allowed(self, address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused = self.refusal(scope) if scope["type"] in ("http", "websocket") else None
        if refused is None:
            await self.app(scope, receive, send)
            return
        log.warning("%s %s %s: %s", refused.http_status, scope.get("method", ""), scope.get("path"), refused)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await exception_response(refused)(scope, receive, send)


def install_boundary(app: FastAPI, settings: Settings) -> None:
    """CORS (only when configured), then the address and Host checks outside everything else."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(Boundary, hosts=allowed_host_names(settings), networks=settings.allowed_ips)
