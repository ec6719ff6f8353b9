"""Regenerating a project's Mirror, reading its pages, and recording how the last attempt went.

``regenerate`` reads the facts, builds every page's context and checksum,
renders only the pages whose checksum differs from the file on disk and
then writes them. Everything is rendered before anything is written: a
failure (a query, a template, the disk) leaves every existing page as it
was ("stale is better than blank"), is logged, recorded on the project's
MirrorStatus node (``cypher/mirror/``) and raised as a
``MirrorRegenerationError``. Subsystem pages of subsystems that are no
longer active are removed only by a successful regeneration.

One regeneration per project runs at a time (a lock per project), whether
asked for by a request, the background worker or a first read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from atocore.errors import AtoCoreError, MirrorRegenerationError, NotFoundError
from atocore.graph import Graph
from atocore.services import projects
from atocore.services.mirror import render, store
from atocore.services.mirror.facts import ProjectFacts, Reader, project_facts, subsystem_facts
from atocore.services.runtime import Services

log = logging.getLogger("atocore.mirror")
_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
_locks_guard = threading.Lock()


class RegenerationReport(BaseModel):
    project: str
    generated_at: str = Field(description="When this regeneration ran (UTC); the time written into changed pages.")
    trigger: str
    pages: int = Field(description="Pages the project's Mirror has now.")
    written: list[str] = Field(description="Files written (their inputs changed), relative to the data directory.")
    unchanged: int = Field(description="Pages left byte-for-byte as they were (same inputs).")
    removed: list[str] = Field(description="Pages of subsystems that are no longer active, removed.")
    duration_ms: float


class PageInfo(BaseModel):
    name: str
    path: str
    generated_at: str | None
    inputs: str | None


class MirrorListing(BaseModel):
    project: str
    directory: str
    pages: list[PageInfo]
    status: dict[str, Any] | None = Field(description="The last regeneration attempt (MirrorStatus), or null.")


@dataclass(frozen=True)
class PagePlan:
    """One page to be: its name, template and context, and the checksum of its inputs."""

    name: str
    template: str
    context: dict[str, Any]
    checksum: str


def _lock(project: str) -> threading.Lock:
    with _locks_guard:
        return _locks[project]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan_pages(graph: Graph, project: projects.Project) -> list[PagePlan]:
    """Every page of the project with its context and checksum (the facts read, nothing rendered yet)."""
    reader = Reader(graph, project.id)
    facts = project_facts(graph, reader, project)
    return _plans(facts, reader)


def _plans(facts: ProjectFacts, reader: Reader) -> list[PagePlan]:
    planned = [
        (store.INDEX, "index.md.j2", render.index_context(facts)),
        (store.OVERVIEW, "overview.md.j2", render.overview_context(facts)),
        (store.DECISIONS, "decisions.md.j2", render.decisions_context(facts)),
    ]
    for key, found in subsystem_facts(reader, facts.subsystem_keys).items():
        context = render.subsystem_context(facts, key, found)
        planned.append((store.page_name(store.SUBSYSTEMS, key), "subsystem.md.j2", context))
    return [PagePlan(name, template, context, render.checksum(name, context)) for name, template, context in planned]


def regenerate(
    services: Services, name: str, *, trigger: str = "explicit", now: Callable[[], str] = _now
) -> RegenerationReport:
    """Regenerate one project's Mirror; a 404 for an unknown project, a MirrorRegenerationError on failure."""
    graph, mirror_dir = services.graph, services.settings.mirror_dir
    project = projects.get_project(graph, name)
    with _lock(project.id):
        started = time.perf_counter()
        generated_at = now()
        try:
            plans = plan_pages(graph, project)
            texts: dict[str, str] = {}
            for plan in plans:
                stamp = store.read_stamp(store.page_path(mirror_dir, project.id, plan.name))
                if stamp is None or stamp.checksum != plan.checksum:
                    texts[plan.name] = render.page_text(
                        plan.template, plan.context, generated_at=generated_at, stamp=plan.checksum
                    )
            for page, text in texts.items():
                store.write_atomically(store.page_path(mirror_dir, project.id, page), text)
            wanted = {plan.name for plan in plans}
            stale = [p for p in store.existing_pages(mirror_dir, project.id) if p not in wanted]
            for page in stale:
                store.remove_page(mirror_dir, project.id, page)
        except Exception as exc:
            _failed(graph, project.id, trigger, exc)
            raise _as_error(project.id, exc) from exc
        _record(graph, project.id, ok=True, trigger=trigger, error=None, written=len(texts), pages=len(plans))
    root = mirror_dir.parent
    return RegenerationReport(
        project=project.id,
        generated_at=generated_at,
        trigger=trigger,
        pages=len(plans),
        written=[str(store.page_path(mirror_dir, project.id, p).relative_to(root)) for p in sorted(texts)],
        unchanged=len(plans) - len(texts),
        removed=[str(store.page_path(mirror_dir, project.id, p).relative_to(root)) for p in stale],
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _as_error(project: str, exc: Exception) -> MirrorRegenerationError:
    detail: dict[str, Any] = {"project": project, "pages_kept": True}
    if isinstance(exc, render.TemplateFailure):
        detail.update(template=f"templates/{exc.template}", line=exc.line)
    reason = exc.message if isinstance(exc, AtoCoreError) else str(exc) or type(exc).__name__
    return MirrorRegenerationError(
        f"regenerating the Mirror of {project} failed; its pages were kept as they were: {reason}", **detail
    )


def _failed(graph: Graph, project: str, trigger: str, exc: Exception) -> None:
    log.warning("Mirror regeneration of %s (%s) failed; pages kept: %s", project, trigger, exc, exc_info=exc)
    _record(graph, project, ok=False, trigger=trigger, error=str(exc) or type(exc).__name__, written=0, pages=None)


def _record(
    graph: Graph, project: str, *, ok: bool, trigger: str, error: str | None, written: int, pages: int | None
) -> None:
    """The attempt on the project's MirrorStatus node; a failure to record it is logged, never raised."""
    try:
        graph.run(
            "mirror.record_status",
            project=project,
            ok=ok,
            trigger=trigger,
            error=error,
            written=written,
            pages=pages if pages is not None else 0,
        )
    except AtoCoreError as exc:
        log.warning("could not record the Mirror status of %s: %s", project, exc.message)


def statuses(graph: Graph, project: str | None = None) -> list[dict[str, Any]]:
    """The MirrorStatus of every project (or one), times as ISO 8601 text."""
    rows = graph.run("mirror.statuses", project=project)
    return [{k: _plain(v) for k, v in sorted(row["status"].items())} for row in rows]


def _plain(value: Any) -> Any:
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else value


# -- reading -----------------------------------------------------------------------------
def _ensure(services: Services, project: projects.Project) -> None:
    """A project whose Mirror was never generated gets it now (a first read must not 404)."""
    if not store.existing_pages(services.settings.mirror_dir, project.id):
        regenerate(services, project.id, trigger="read")


def read_page(services: Services, name: str, page: str, subsystem: str | None = None) -> tuple[str, str]:
    """(canonical project id, the page's markdown); 404 naming an unknown project or subsystem."""
    project = projects.get_project(services.graph, name)
    _ensure(services, project)
    page_name = store.page_name(page, subsystem)
    path = store.page_path(services.settings.mirror_dir, project.id, page_name)
    if not path.is_file() and subsystem is not None:
        path = _subsystem_page(services, project, subsystem)
    return project.id, path.read_text(encoding="utf-8")


def _subsystem_page(services: Services, project: projects.Project, key: str) -> Path:
    """The page of a subsystem that became active since the last regeneration, or a 404 listing the known ones."""
    reader = Reader(services.graph, project.id)
    known = sorted({row["key"] for row in reader.rows("Q-004")})
    if key in known:
        regenerate(services, project.id, trigger="read")
        return store.page_path(services.settings.mirror_dir, project.id, store.page_name(store.SUBSYSTEMS, key))
    raise NotFoundError(
        f"project {project.id} has no active subsystem {key!r}; its subsystems: {', '.join(known) or 'none'}",
        project=project.id,
        subsystem=key,
        valid=known,
    )


def listing(services: Services, name: str) -> MirrorListing:
    project = projects.get_project(services.graph, name)
    _ensure(services, project)
    mirror_dir = services.settings.mirror_dir
    pages = []
    for page in store.existing_pages(mirror_dir, project.id):
        path = store.page_path(mirror_dir, project.id, page)
        stamp = store.read_stamp(path)
        pages.append(
            PageInfo(
                name=page,
                path=str(path),
                generated_at=stamp.generated_at if stamp else None,
                inputs=stamp.checksum if stamp else None,
            )
        )
    found = statuses(services.graph, project.id)
    return MirrorListing(
        project=project.id,
        directory=str(store.project_dir(mirror_dir, project.id)),
        pages=pages,
        status=found[0] if found else None,
    )
