from __future__ import annotations

from fastapi import APIRouter

from atocore.api.deps import ServicesDep
from atocore.api.security import ADMIN, READ
from atocore.services import projects
from atocore.services.projects import ImportReport, Project, ProjectSpec, ProjectUpdate, Proposal, RegistryImport

router = APIRouter(tags=["projects"])


@router.get("/projects", response_model=list[Project], dependencies=[READ])
def list_projects(services: ServicesDep) -> list[Project]:
    """Every registered project with its aliases and ingest roots."""
    return projects.list_projects(services.graph)


@router.get("/projects/template", dependencies=[READ])
def project_template(services: ServicesDep) -> dict:
    """A starter registration, naming the source directories this server has."""
    return projects.template(services.graph)


@router.post("/projects/proposal", response_model=Proposal, dependencies=[ADMIN])
def propose_project(spec: ProjectSpec, services: ServicesDep) -> Proposal:
    """Preview a registration: collisions and resolved roots. Changes nothing."""
    return projects.propose(services.graph, spec)


@router.post("/projects/register", response_model=Project, status_code=201, dependencies=[ADMIN])
def register_project(spec: ProjectSpec, services: ServicesDep) -> Project:
    """Register a project; 409 when its id or an alias is taken, 422 for a bad root."""
    return projects.register(services.graph, spec)


@router.get("/projects/export", dependencies=[READ])
def export_registry(services: ServicesDep) -> dict:
    """The registry as a JSON document for POST /projects/import on another install."""
    return projects.export_registry(services.graph)


@router.post("/projects/import", response_model=ImportReport, dependencies=[ADMIN])
def import_registry(data: RegistryImport, services: ServicesDep) -> ImportReport:
    """Create or update every project of a registry document; checked whole before writing."""
    return projects.import_registry(services.graph, data)


@router.get("/projects/{name}", response_model=Project, dependencies=[READ])
def get_project(name: str, services: ServicesDep) -> Project:
    """One project by id or alias."""
    return projects.get_project(services.graph, name)


@router.put("/projects/{name}", response_model=Project, dependencies=[ADMIN])
def update_project(name: str, change: ProjectUpdate, services: ServicesDep) -> Project:
    """Change aliases, description or ingest roots of a project named by id or alias."""
    return projects.update(services.graph, name, change)
