"""API tokens: /tokens (admin; thin over atocore.services.api_tokens)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import ADMIN
from atocore.services import api_tokens
from atocore.services.api_tokens import ApiToken, IssuedToken, Scope

router = APIRouter(tags=["tokens"])


class TokenRequest(BaseModel):
    name: str = Field(description="Letters, digits, '.', '_', '-'; unique for good (revoked tokens keep theirs).")
    scopes: list[Scope] = Field(min_length=1, description="read | write | import | admin (admin includes the others)")


class TokenList(BaseModel):
    count: int
    tokens: list[ApiToken]


@router.post("/tokens", response_model=IssuedToken, status_code=201, dependencies=[ADMIN])
def create_token(services: ServicesDep, request: TokenRequest) -> IssuedToken:
    """Create a token; the answer holds its secret, which AtoCore never shows again. 409 when the name was used."""
    return api_tokens.create_token(services.graph, request.name, [s.value for s in request.scopes])


@router.get("/tokens", response_model=TokenList, dependencies=[ADMIN])
def list_tokens(services: ServicesDep, include_revoked: bool = False) -> TokenList:
    """Tokens by name: scopes, created, last used (never a secret or a hash)."""
    found = api_tokens.list_tokens(services.graph, include_revoked=include_revoked)
    return TokenList(count=len(found), tokens=found)


@router.post("/tokens/{name}/revoke", response_model=ApiToken, dependencies=[ADMIN])
def revoke_token(services: ServicesDep, name: str, request: Request) -> ApiToken:
    """Revoke a token: refused from now on by this server (by others within ATOCORE_TOKEN_CACHE_SECONDS)."""
    revoked = api_tokens.revoke_token(services.graph, name)
    request.app.state.gate.forget(revoked.name)
    return revoked
