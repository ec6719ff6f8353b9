from __future__ import annotations

from fastapi import APIRouter

from atocore.api.deps import LocalServicesDep, ServicesDep
from atocore.api.security import READ
from atocore.services.context import ContextPack, ContextRequest, build_context, last_context

router = APIRouter(tags=["context"])


@router.post("/context/build", response_model=ContextPack, dependencies=[READ])
def context_build(request: ContextRequest, services: ServicesDep) -> ContextPack:
    """A trust-ordered context pack for the prompt, within the character budget."""
    return build_context(services, request)


@router.get("/debug/context", response_model=ContextPack, dependencies=[READ])
def debug_context(services: LocalServicesDep) -> ContextPack:
    """The last context pack this API process built."""
    return last_context(services)
