"""The project registry and the canonicalization rule.

A project has a canonical ``id`` that never changes, case-insensitively
unique ``aliases``, a ``description`` and ``ingest_roots``: ``{source,
subpath}`` pairs where ``source`` names a directory configured on the server
(``atocore.services.sources``: seeded from ``ATOCORE_SOURCES``, added and
removed at run time) and ``subpath`` stays inside it. The server never reads
files outside a source.

Every service entry point that takes a project name passes it through
``canonical_project`` first: a registered id or alias (case-insensitive)
becomes the canonical id; an empty name becomes ``""`` (no project scope:
global memories, unfiltered lists); a name that was never registered but
already holds knowledge (written before registration) stays as it is; any
other name is a 404 naming it and the closest registered names, for reads,
list filters and writes alike, so a typo never looks like a clean empty
answer nor starts a phantom project: a project is registered before anything
is written under its name. ``writable_project`` is the form for writes (the
name is also checked as an identifier).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, AliasChoices, BaseModel, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from atocore.errors import ConflictError, NotFoundError, ValidationError
from atocore.graph import Graph
from atocore.graph.runner import Runner
from atocore.services import inputs, sources
from atocore.services.common import checked
from atocore.services.inputs import Identifier, Text
from atocore.services.names import unknown

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# Claims of project names (register, update, registry import) run one at a time in this process: a
# concurrent claim reads the first one's result and answers 409 before it writes. The uniqueness
# constraints stay the guard across processes (two APIs, a script): the loser's write fails there.
# (Ten threads failing on the constraint at once could leave a request waiting on the driver's pool.)
_CLAIMS = threading.Lock()
MAX_ALIASES = 100
MAX_ROOTS = 100


def canonical_project(graph: Runner, name: str | None) -> str:
    """The canonical id of a registered project named by id or alias; ``""`` for no name; else a 404."""
    if not name or not name.strip():
        return ""
    name = name.strip()
    rows = graph.run("projects.resolve", name_lower=name.lower())
    if rows:
        return rows[0]["id"]
    if graph.run("projects.holds_data", project=name)[0]["holds"]:
        return name
    known = [n for row in graph.run("projects.list") for n in [row["id"], *(row["aliases"] or [])]]
    raise unknown("project", name, known, listing="`atocore projects` lists them; register it first.")


def writable_project(graph: Runner, name: str | None) -> str:
    """``canonical_project`` for a write, the name first checked as an identifier (a 422 if malformed)."""
    if not name or not name.strip():
        return ""
    return canonical_project(graph, checked(inputs.identifier, name, "project"))


def _subpath(value: str) -> str:
    return inputs.text(value, 4096)


# -- models -------------------------------------------------------------------
class IngestRoot(BaseModel):
    source: Identifier = Field(description="Name of a source directory configured on the server.")
    subpath: Annotated[str, AfterValidator(_subpath)] = Field(
        "", description="Path inside the source; absolute paths must lie inside it."
    )


def _clean_aliases(aliases: list[str]) -> list[str]:
    """Aliases without blanks, each once (compared case-insensitively); a blank one is a mistake."""
    cleaned: list[str] = []
    for alias in aliases:
        if not alias:
            raise ValueError("aliases must not be empty strings")
        if alias.lower() not in {a.lower() for a in cleaned}:
            cleaned.append(alias)
    return cleaned


Aliases = Annotated[list[Identifier], Field(max_length=MAX_ALIASES), AfterValidator(_clean_aliases)]
Roots = Annotated[list[IngestRoot], Field(max_length=MAX_ROOTS)]


class ProjectSpec(BaseModel):
    """What a client sends to propose, register or update a project."""

    id: Identifier = Field(validation_alias=AliasChoices("id", "project_id"), pattern=ID_PATTERN)
    aliases: Aliases = []
    description: Text = ""
    ingest_roots: Roots = []

    @model_validator(mode="after")
    def _aliases_other_than_id(self) -> ProjectSpec:
        self.aliases = [a for a in self.aliases if a.lower() != self.id.lower()]
        return self

    def names_lower(self) -> list[str]:
        """The id and the aliases lower-cased, the id first: the names the project claims."""
        return [self.id.lower(), *(a.lower() for a in self.aliases)]


class ProjectUpdate(BaseModel):
    aliases: Aliases | None = None
    description: Text | None = None
    ingest_roots: Roots | None = None


class ResolvedRoot(BaseModel):
    source: str
    subpath: str
    path: str
    exists: bool


class Project(BaseModel):
    id: str
    aliases: list[str]
    description: str
    ingest_roots: list[IngestRoot]
    created_at: datetime | None = None
    created_by: str | None = None  # the token whose request wrote it (null: auth off, or no request)
    updated_at: datetime | None = None


class Collision(BaseModel):
    project_id: str
    names: list[str]


class Proposal(BaseModel):
    project: Project
    valid: bool
    collisions: list[Collision]
    roots: list[ResolvedRoot]
    problems: list[str]


# -- ingest roots -----------------------------------------------------------------
def _sources_hint(dirs: Mapping[str, Path]) -> str:
    if not dirs:
        return "No source directories exist yet; add one with `atocore sources add NAME PATH`."
    listed = ", ".join(f"{name} ({path})" for name, path in sorted(dirs.items()))
    return f"Configured sources: {listed}; `atocore sources add NAME PATH` adds one."


def resolve_root(dirs: Mapping[str, Path], root: IngestRoot) -> ResolvedRoot:
    """The absolute directory of an ingest root among the source ``dirs``; 422 if it leaves its source."""
    base = dirs.get(root.source)
    if base is None:
        raise ValidationError(
            f"Unknown source {root.source!r}. {_sources_hint(dirs)}",
            sources=sorted(dirs),
        )
    sub = Path(root.subpath)
    target = (sub if sub.is_absolute() else base / sub).resolve()
    if not target.is_relative_to(base):
        raise ValidationError(
            f"Ingest root {root.subpath!r} leaves source {root.source!r} ({base}); the server reads only inside "
            f"sources. {_sources_hint(dirs)}",
            sources=sorted(dirs),
        )
    relative = target.relative_to(base).as_posix()
    return ResolvedRoot(
        source=root.source, subpath="" if relative == "." else relative, path=str(target), exists=target.is_dir()
    )


def _normalized_roots(graph: Runner, roots: list[IngestRoot]) -> list[IngestRoot]:
    dirs = sources.directories(graph)
    return [IngestRoot(source=r.source, subpath=resolve_root(dirs, r).subpath) for r in roots]


# -- the registry -----------------------------------------------------------------
def _project(row: dict) -> Project:
    return Project(
        id=row["id"],
        aliases=row["aliases"] or [],
        description=row["description"] or "",
        ingest_roots=[IngestRoot(**r) for r in json.loads(row["ingest_roots"] or "[]")],
        created_at=row["created_at"].to_native() if row.get("created_at") else None,
        updated_at=row["updated_at"].to_native() if row.get("updated_at") else None,
        created_by=row.get("created_by"),
    )


def list_projects(graph: Graph) -> list[Project]:
    return [_project(row) for row in graph.run("projects.list")]


def get_project(graph: Graph, name: str) -> Project:
    project_id = canonical_project(graph, name)
    rows = graph.run("projects.get", id=project_id) if project_id else []
    if not rows:
        raise NotFoundError(f"No project named {name!r} is registered (GET /projects lists them).", name=name)
    return _project(rows[0])


def _collisions(graph: Graph, spec: ProjectSpec, exclude_id: str) -> list[Collision]:
    rows = graph.run("projects.collisions", names_lower=spec.names_lower(), exclude_id=exclude_id)
    return [Collision(**row) for row in rows]


def _names_taken(collisions: list[Collision]) -> ConflictError:
    described = "; ".join(f"{', '.join(c.names)} (project {c.project_id!r})" for c in collisions)
    return ConflictError(
        f"Names already in use, compared case-insensitively: {described}.",
        collisions=[c.model_dump() for c in collisions],
    )


def propose(graph: Graph, spec: ProjectSpec, *, exclude_id: str = "") -> Proposal:
    """Preview a registration: normalized entry, collisions, roots. Writes nothing."""
    problems: list[str] = []
    roots: list[ResolvedRoot] = []
    dirs = sources.directories(graph)
    for root in spec.ingest_roots:
        try:
            roots.append(resolve_root(dirs, root))
        except ValidationError as exc:
            problems.append(exc.message)
    collisions = _collisions(graph, spec, exclude_id)
    problems += [f"{', '.join(c.names)} already used by project {c.project_id!r}" for c in collisions]
    project = Project(
        id=spec.id,
        aliases=spec.aliases,
        description=spec.description,
        ingest_roots=[IngestRoot(source=r.source, subpath=r.subpath) for r in roots]
        if not problems
        else spec.ingest_roots,
    )
    return Proposal(project=project, valid=not problems, collisions=collisions, roots=roots, problems=problems)


def _fields(graph: Runner, spec: ProjectSpec) -> dict:
    """What projects.create / projects.upsert store for the spec (422 on a bad root)."""
    roots = _normalized_roots(graph, spec.ingest_roots)
    return {
        "id": spec.id,
        "names_lower": spec.names_lower(),
        "aliases": spec.aliases,
        "description": spec.description,
        "ingest_roots": json.dumps([r.model_dump() for r in roots]),
    }


def _save(graph: Graph, spec: ProjectSpec, *, exclude_id: str) -> dict:
    fields = _fields(graph, spec)
    with _CLAIMS:
        collisions = _collisions(graph, spec, exclude_id)
        if collisions:
            raise _names_taken(collisions)
        try:
            return graph.run("projects.upsert", **fields)[0]
        except ConflictError:  # another process claimed a name meanwhile: the constraint refused ours
            raise _names_taken(_collisions(graph, spec, exclude_id)) from None


def register(graph: Graph, spec: ProjectSpec) -> Project:
    """A new project; 409 when its id or a name is taken, also by a registration running at the same time."""
    fields = _fields(graph, spec)
    with _CLAIMS:
        if graph.run("projects.get", id=spec.id):
            raise _already_registered(spec.id)
        collisions = _collisions(graph, spec, "")
        if collisions:
            raise _names_taken(collisions)
        try:
            graph.run("projects.create", **fields)
        except ConflictError:  # another process registered one of its names first: the constraints refused it
            if graph.run("projects.get", id=spec.id):
                raise _already_registered(spec.id) from None
            raise _names_taken(_collisions(graph, spec, "")) from None
    return get_project(graph, spec.id)


def _already_registered(project_id: str) -> ConflictError:
    return ConflictError(
        f"Project {project_id!r} is already registered; update it with PUT /projects/{project_id}.", id=project_id
    )


def update(graph: Graph, name: str, change: ProjectUpdate) -> Project:
    current = get_project(graph, name)
    merged = {
        "id": current.id,
        "aliases": current.aliases if change.aliases is None else change.aliases,
        "description": current.description if change.description is None else change.description,
        "ingest_roots": current.ingest_roots if change.ingest_roots is None else change.ingest_roots,
    }
    try:
        spec = ProjectSpec.model_validate(merged)
    except PydanticValidationError as exc:  # a value kept from before the rules tightened
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise ValidationError(
            f"Project {current.id!r} cannot be saved as it is: {'; '.join(problems)}; give new values for them.",
            problems=problems,
        ) from exc
    _save(graph, spec, exclude_id=current.id)
    return get_project(graph, current.id)


def template(graph: Runner) -> dict:
    names = sorted(sources.directories(graph))
    source = next(iter(names), "notes")
    return {
        "id": "p01-example",
        "aliases": ["p01"],
        "description": "What this project is, in one line.",
        "ingest_roots": [{"source": source, "subpath": "projects/p01-example"}],
        "sources": names,
    }


class RegistryImport(BaseModel):
    projects: list[ProjectSpec]


class ImportReport(BaseModel):
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []


def export_registry(graph: Graph) -> dict:
    return {
        "projects": [
            p.model_dump(include={"id", "aliases", "description", "ingest_roots"}) for p in list_projects(graph)
        ]
    }


def import_registry(graph: Graph, data: RegistryImport) -> ImportReport:
    """Upsert every project of a registry file; all entries are checked before any is written."""
    ids = [p.id.lower() for p in data.projects]
    if len(ids) != len(set(ids)):
        raise ValidationError("The registry file lists a project id twice.")
    for spec in data.projects:
        _normalized_roots(graph, spec.ingest_roots)
        taken = [c for c in _collisions(graph, spec, spec.id) if c.project_id.lower() not in ids]
        if taken:
            raise ConflictError(
                f"Project {spec.id!r}: names already used by other projects: "
                + "; ".join(f"{', '.join(c.names)} ({c.project_id})" for c in taken)
                + ". Nothing was imported."
            )
    report = ImportReport()
    for spec in data.projects:
        row = _save(graph, spec, exclude_id=spec.id)
        bucket = report.created if row["created"] else report.updated if row["changed"] else report.unchanged
        bucket.append(row["id"])
    return report


class ProjectRoots(BaseModel):
    project: str
    roots: list[ResolvedRoot]


class SourcesReport(BaseModel):
    sources: list[sources.Source]
    projects: list[ProjectRoots]


def project_roots(graph: Runner, project: Project) -> list[ResolvedRoot]:
    """A project's ingest roots resolved to directories (each still checked against its source)."""
    dirs = sources.directories(graph)
    return [resolve_root(dirs, root) for root in project.ingest_roots]


def sources_report(graph: Graph) -> SourcesReport:
    """The source directories and every project's roots, with whether they exist."""
    listed = sources.list_sources(graph)
    dirs = {s.name: Path(s.path) for s in listed}
    projects: list[ProjectRoots] = []
    for project in list_projects(graph):
        roots: list[ResolvedRoot] = []
        for root in project.ingest_roots:
            try:
                roots.append(resolve_root(dirs, root))
            except ValidationError:  # its source is gone
                roots.append(ResolvedRoot(source=root.source, subpath=root.subpath, path="", exists=False))
        projects.append(ProjectRoots(project=project.id, roots=roots))
    return SourcesReport(sources=listed, projects=projects)


def remove_source(graph: Graph, name: str) -> sources.Source:
    """Remove a source no project reads from; 409 naming the projects that still do."""
    sources.get_source(graph, name)  # 404 with suggestions first
    users = [p.id for p in list_projects(graph) if any(r.source == name for r in p.ingest_roots)]
    if users:
        raise ConflictError(
            f"Source {name!r} is an ingest root of project(s) {', '.join(users)}; change their roots first "
            "(PUT /projects/<id>).",
            name=name,
            projects=users,
        )
    return sources.delete(graph, name)
