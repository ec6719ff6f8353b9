"""Ingesting registered projects: one project's roots, or every project's."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from atocore.errors import AtoCoreError, ValidationError
from atocore.progress import Progress
from atocore.services.ingest.service import IngestReport, ingest_project
from atocore.services.projects import Project, get_project, list_projects, project_roots
from atocore.services.runtime import Services


class ProjectFailure(BaseModel):
    project: str
    error: str
    message: str


class IngestAllReport(BaseModel):
    reports: list[IngestReport]
    failures: list[ProjectFailure]


def _roots(services: Services, project: Project) -> list[Path]:
    if not project.ingest_roots:
        raise ValidationError(
            f"Project {project.id!r} has no ingest roots; add some with PUT /projects/{project.id} "
            '{"ingest_roots": [{"source": ..., "subpath": ...}]}.'
        )
    return [Path(root.path) for root in project_roots(services.graph, project)]


def refresh_project(services: Services, name: str, progress: Progress | None = None) -> IngestReport:
    """Re-ingest a project named by id or alias (incremental: unchanged files cost a hash)."""
    project = get_project(services.graph, name)
    return ingest_project(services, project.id, _roots(services, project), progress)


def ingest_all(services: Services, progress: Progress | None = None) -> IngestAllReport:
    """Refresh every project that has ingest roots; one project's failure does not stop the others."""
    reports, failures = [], []
    for project in list_projects(services.graph):
        if not project.ingest_roots:
            continue
        try:
            reports.append(ingest_project(services, project.id, _roots(services, project), progress))
        except AtoCoreError as exc:
            failures.append(ProjectFailure(project=project.id, error=exc.code, message=exc.message))
    return IngestAllReport(reports=reports, failures=failures)
