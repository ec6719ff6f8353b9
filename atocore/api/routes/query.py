from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, create_model, field_validator

from atocore.api.deps import ServicesDep
from atocore.api.security import READ
from atocore.services.inputs import Identifier, Prompt
from atocore.services.retrieval import MAX_TOP_K, ChunkHit, search

router = APIRouter(tags=["retrieval"])
HIT_FIELDS = tuple(ChunkHit.model_fields)


class QueryRequest(BaseModel):
    prompt: Prompt = Field(description="The question or keywords to search for.")
    top_k: int = Field(10, ge=1, le=MAX_TOP_K, description="How many chunks to return.")
    project: Identifier | None = Field(None, description="Project id or alias; omitted searches every project.")
    include_text: bool = Field(True, description="false leaves each hit's text out (ids, files and scores only).")
    fields: list[str] | None = Field(
        None,
        max_length=len(HIT_FIELDS),
        description=f"Only these fields of each hit (any of {', '.join(HIT_FIELDS)}); default all.",
    )

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: list[str] | None) -> list[str] | None:
        unknown = [name for name in fields or [] if name not in HIT_FIELDS]
        if unknown:
            raise ValueError(f"unknown hit fields {unknown}; known: {', '.join(HIT_FIELDS)}")
        return fields

    def hit_fields(self) -> set[str]:
        chosen = set(self.fields or HIT_FIELDS)
        return chosen - {"text"} if not self.include_text else chosen


def _absent_allowed(annotation: Any) -> Any:
    return annotation | None


# A hit as /query answers it: `fields` / `include_text` leave fields out, so none is required here.
_HIT_FIELDS_ABSENT_ALLOWED: dict[str, Any] = {
    name: (_absent_allowed(info.annotation), Field(None, description=info.description))
    for name, info in ChunkHit.model_fields.items()
}
QueryHit = create_model(
    "QueryHit",
    __doc__="A chunk hit; the fields `fields` / `include_text` leave out are absent.",
    **_HIT_FIELDS_ABSENT_ALLOWED,
)


class QueryResponse(BaseModel):
    hits: list[QueryHit]


@router.post("/query", response_model=QueryResponse, dependencies=[READ])
def query(body: QueryRequest, services: ServicesDep) -> JSONResponse:
    """Hybrid (vector + keyword) search over ingested chunks, fused; `fields` / `include_text` trim each hit."""
    hits = search(services, body.prompt, top_k=body.top_k, project=body.project)
    trimmed = [hit.model_dump(mode="json", include=body.hit_fields()) for hit in hits]
    return JSONResponse({"hits": trimmed})
