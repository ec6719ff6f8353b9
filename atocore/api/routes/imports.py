"""Imports from KB-CAD and KB-FEM: /ingest/<tool>/export, /ingest/<tool>/schema, /imports (thin over the service)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from atocore.api.deps import ServicesDep
from atocore.api.routes.entities import ReasonBody
from atocore.api.security import IMPORT, READ, WRITE
from atocore.api.streaming import STREAM_DOC, stream_progress
from atocore.services.engineering import imports
from atocore.services.engineering.export_schema import load_schema
from atocore.services.engineering.imports import ImportRecord, ImportReport, PromoteReport, RejectReport
from atocore.services.paging import DEFAULT_LIMIT, MAX_LIMIT, NextPage

router = APIRouter(tags=["imports"])
# Their bodies may be larger than others' (ATOCORE_MAX_IMPORT_BODY_BYTES).
EXPORT_PATHS = ("/ingest/kb-cad/export", "/ingest/kb-fem/export")

ExportBody = Annotated[
    Any, Body(description="The tool's export JSON; its schema is served at GET /ingest/<tool>/schema.")
]


class ImportList(BaseModel):
    count: int
    limit: int
    imports: list[ImportRecord]
    next: NextPage = None


REPEATED = "The same content was imported before (repeated: true); nothing changed."
IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": f"{REPEATED} With ?stream=true: {STREAM_DOC[200]['description']}"}
}


def _run(services, tool: str, body: Any, response: Response, stream: bool) -> ImportReport | StreamingResponse:
    if stream:
        return stream_progress(lambda progress: imports.run_import(services.graph, tool, body, progress))
    report = imports.run_import(services.graph, tool, body)
    response.status_code = 200 if report.repeated else 201
    return report


@router.post(
    "/ingest/kb-cad/export",
    response_model=ImportReport,
    status_code=201,
    responses=IMPORT_RESPONSES,
    dependencies=[IMPORT],
)
def import_kb_cad(services: ServicesDep, body: ExportBody, response: Response, stream: bool = False):
    """Mirror a KB-CAD export into candidates (subsystems, components, materials, parameters); never promotes."""
    return _run(services, "kb-cad", body, response, stream)


@router.post(
    "/ingest/kb-fem/export",
    response_model=ImportReport,
    status_code=201,
    responses=IMPORT_RESPONSES,
    dependencies=[IMPORT],
)
def import_kb_fem(services: ServicesDep, body: ExportBody, response: Response, stream: bool = False):
    """Mirror a KB-FEM export into candidates (analysis models, results); never promotes."""
    return _run(services, "kb-fem", body, response, stream)


@router.get("/ingest/kb-cad/schema", dependencies=[READ])
def kb_cad_schema() -> dict[str, Any]:
    """The JSON Schema of a KB-CAD export."""
    return load_schema("kb-cad")


@router.get("/ingest/kb-fem/schema", dependencies=[READ])
def kb_fem_schema() -> dict[str, Any]:
    """The JSON Schema of a KB-FEM export."""
    return load_schema("kb-fem")


@router.get("/imports", response_model=ImportList, dependencies=[READ])
def list_imports(
    services: ServicesDep,
    project: str | None = None,
    tool: Annotated[str | None, Query(description="kb-cad or kb-fem")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    after: Annotated[str | None, Query(description="The cursor from the previous answer's next.")] = None,
) -> ImportList:
    found = imports.list_imports(services.graph, project=project, tool=tool, limit=limit, after=after)
    return ImportList(count=len(found.items), limit=limit, imports=found.items, next=found.next)


@router.get("/imports/{import_id}", response_model=ImportReport, dependencies=[READ])
def get_import(services: ServicesDep, import_id: str) -> ImportReport:
    """One import's report, with what became of the entities it created."""
    return imports.get_import(services.graph, import_id)


@router.post("/imports/{import_id}/promote", response_model=PromoteReport, dependencies=[WRITE])
def promote_import(services: ServicesDep, import_id: str, body: ReasonBody = None) -> PromoteReport:
    """Promote the import's candidates that are in no open conflict; the skipped ones are listed with the reason."""
    return imports.promote_import(services.graph, import_id, body.reason if body else None)


@router.post("/imports/{import_id}/reject", response_model=RejectReport, dependencies=[WRITE])
def reject_import(services: ServicesDep, import_id: str, body: ReasonBody = None) -> RejectReport:
    """Reject every candidate the import still holds (and its candidate relationships); reviewed ones are left alone."""
    return imports.reject_import(services.graph, import_id, body.reason if body else None)
