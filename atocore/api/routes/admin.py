"""Operator routes: backups, project transfer, the alias migration.

Thin over ``atocore.services.backup``, ``transfer`` and ``alias_migration``.
Backups are written and read on the server's disk (ATOCORE_BACKUP_DIR).
Every route here needs the ``admin`` scope.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.background import BackgroundTask

from atocore.api.deps import LocalServicesDep, ServicesDep
from atocore.api.security import ADMIN
from atocore.api.streaming import STREAM_DOC, stream_progress
from atocore.progress import Progress
from atocore.services import alias_migration, transfer
from atocore.services.backup import create, offline, restore
from atocore.services.backup.create import BackupResult
from atocore.services.backup.restore import RestoreReport
from atocore.services.backup.retention import PrunePlan, Retention, prune
from atocore.services.backup.validate import ValidationReport

router = APIRouter(prefix="/admin", tags=["admin"])
# A whole project's export: its body gets ATOCORE_MAX_IMPORT_BODY_BYTES, not the default limit.
PROJECT_IMPORT_PATH = "/admin/projects/import"


class BackupRequest(BaseModel):
    kind: Literal["logical", "dump"] = "logical"
    encrypt: bool = False
    vectors: bool = True


class PassphraseRequest(BaseModel):
    passphrase: str | None = None


class RestoreRequest(PassphraseRequest):
    confirm: bool = False
    pre_snapshot: bool = True


class PruneRequest(BaseModel):
    dry_run: bool = True


@router.post("/backups", response_model=BackupResult, status_code=201, responses=STREAM_DOC, dependencies=[ADMIN])
def create_backup(request: BackupRequest, services: ServicesDep, stream: bool = False):
    """Back up the whole database while the API keeps serving; validated, reported valid or not."""

    def work(progress: Progress | None = None) -> BackupResult:
        if request.kind == "dump":
            return offline.create_dump(services)
        return create.create_backup(services, encrypt=request.encrypt, vectors=request.vectors, progress=progress)

    return stream_progress(work) if stream else work()


@router.get("/backups", dependencies=[ADMIN])
def list_backups(services: LocalServicesDep) -> dict:
    """Every backup under the backup dir, newest first, with a quick check."""
    return create.list_backups(services)


@router.post("/backups/{backup_id}/validate", response_model=ValidationReport, dependencies=[ADMIN])
def validate_backup(backup_id: str, request: PassphraseRequest, services: LocalServicesDep) -> ValidationReport:
    """Manifest, checksums, content and whether this AtoCore can restore it."""
    return create.validate(services, backup_id, request.passphrase)


@router.post("/backups/{backup_id}/restore", response_model=RestoreReport, responses=STREAM_DOC, dependencies=[ADMIN])
def restore_backup(backup_id: str, request: RestoreRequest, services: ServicesDep, stream: bool = False):
    """Replace the database's content with a backup's; refuses without confirm and refuses invalid backups."""

    def work(progress: Progress | None = None) -> RestoreReport:
        return restore.restore_backup(
            services,
            backup_id,
            confirm=request.confirm,
            pre_snapshot=request.pre_snapshot,
            passphrase=request.passphrase,
            progress=progress,
        )

    return stream_progress(work) if stream else work()


@router.post("/backups/prune", response_model=PrunePlan, dependencies=[ADMIN])
def prune_backups(request: PruneRequest, services: LocalServicesDep) -> PrunePlan:
    """Apply retention (ATOCORE_BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY); dry_run (the default) only says what."""
    settings = services.settings
    policy = Retention(
        daily=settings.backup_keep_daily, weekly=settings.backup_keep_weekly, monthly=settings.backup_keep_monthly
    )
    return prune(settings.backups_root, policy, dry_run=request.dry_run)


# -- project transfer ----------------------------------------------------------------------
@router.get("/projects/{project}/export", response_class=FileResponse, dependencies=[ADMIN])
def export_project(project: str, services: ServicesDep) -> FileResponse:
    """One project's whole knowledge as a gzip JSON-lines file (ids preserved); the report in X-AtoCore-Export."""
    work = Path(tempfile.mkdtemp(prefix="atocore-export-"))
    try:
        report = transfer.export_project(services, project, work / "export.jsonl.gz")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return FileResponse(
        report.path,
        media_type="application/gzip",
        filename=f"{report.project}.atocore-project.jsonl.gz",
        headers={"X-AtoCore-Export": report.model_dump_json(exclude={"path"})},
        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True),
    )


@router.post(
    PROJECT_IMPORT_PATH.removeprefix("/admin"),
    response_model=transfer.ImportReport,
    responses=STREAM_DOC,
    dependencies=[ADMIN],
)
async def import_project(
    request: Request,
    services: ServicesDep,
    as_id: str | None = Query(None, alias="as", description="Import under this project id instead."),
    stream: bool = False,
):
    """Import an export (the request body); importing twice changes nothing; clashing ids answer 409."""
    work = Path(tempfile.mkdtemp(prefix="atocore-import-"))
    path = work / "import.jsonl.gz"

    def imported(progress: Progress | None = None) -> transfer.ImportReport:
        try:
            return transfer.import_project(services, path, as_id, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    try:
        with path.open("wb") as out:
            async for block in request.stream():
                out.write(block)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if stream:
        return stream_progress(imported)
    return await run_in_threadpool(imported)


# -- the alias migration ---------------------------------------------------------------------
class AliasMigrationRequest(BaseModel):
    apply: bool = False


@router.post("/migrations/aliases", response_model=alias_migration.AliasPlan, dependencies=[ADMIN])
def migrate_aliases(request: AliasMigrationRequest, services: ServicesDep) -> alias_migration.AliasPlan:
    """Rows written under a name that later became an alias: the plan (default), or apply it (refused on collisions)."""
    return alias_migration.migrate(services, apply=request.apply)
