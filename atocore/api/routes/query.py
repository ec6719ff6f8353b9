from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.services.inputs import Identifier, Prompt
from atocore.services.retrieval import MAX_TOP_K, ChunkHit, search

router = APIRouter(tags=["retrieval"])


class QueryRequest(BaseModel):
    prompt: Prompt = Field(description="The question or keywords to search for.")
    top_k: int = Field(10, ge=1, le=MAX_TOP_K, description="How many chunks to return.")
    project: Identifier | None = Field(None, description="Project id or alias; omitted searches every project.")


class QueryResponse(BaseModel):
    hits: list[ChunkHit]


@router.post("/query", response_model=QueryResponse, dependencies=[READ])
def query(body: QueryRequest, services: ServicesDep) -> QueryResponse:
    """Hybrid (vector + keyword) search over ingested chunks, fused by Reciprocal Rank Fusion."""
    return QueryResponse(hits=search(services, body.prompt, top_k=body.top_k, project=body.project))
