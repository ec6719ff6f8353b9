"""The engineering query catalog: /queries (thin over atocore.services.engineering.queries)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from atocore.api.deps import LocalServicesDep, ServicesDep
from atocore.api.security import READ
from atocore.services.engineering import queries
from atocore.services.engineering.queries import QueryInfo, QueryResult

router = APIRouter(tags=["queries"])


class QueryList(BaseModel):
    count: int
    queries: list[QueryInfo]


class RunRequest(BaseModel):
    params: dict[str, Any] = Field(
        default_factory=dict, description='The query\'s parameters, e.g. {"project": "p05"}.'
    )


@router.get("/queries", response_model=QueryList, dependencies=[READ])
def list_queries(services: LocalServicesDep) -> QueryList:
    """The catalog: id, title, question, parameters (name, type, default, required), columns, pages (if paged)."""
    found = queries.list_queries(services.graph)
    return QueryList(count=len(found), queries=found)


@router.get("/queries/{query_id}", response_model=QueryInfo, dependencies=[READ])
def get_query(services: LocalServicesDep, query_id: str) -> QueryInfo:
    return queries.get_query(services.graph, query_id)


@router.post("/queries/{query_id}", response_model=QueryResult, dependencies=[READ])
def run_query(services: ServicesDep, query_id: str, body: Annotated[RunRequest | None, Body()] = None) -> QueryResult:
    """Run one catalog query in a read transaction; 404 for an unknown id, 422 naming the expected parameters."""
    return queries.run_query(services.graph, query_id, (body or RunRequest()).params)
