"""Source directories: the named folders the server may read, kept in the graph.

A source is a ``(:Source {name, path})`` node. ``ATOCORE_SOURCES`` seeds
its entries at every startup (``seed``: the setting wins over a run-time
path of the same name); ``add`` and ``projects.remove_source`` change the
set while the server runs, and every ingest root is resolved against what
the graph holds at that moment, so a new source needs no restart.

A source added at run time must lie under one of ``ATOCORE_SOURCE_ROOTS``
(default: the home directory) once its symlinks are resolved; system
directories and AtoCore's own data directory are refused even inside a root.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field

from atocore.config import Settings
from atocore.errors import ConflictError, ValidationError
from atocore.graph.runner import Runner
from atocore.services.names import unknown

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# Never a source, even inside an allowed root: the system's own trees ("/" itself only as itself).
SYSTEM_DIRS = tuple(
    Path(p)
    for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr")
)
SYSTEM_ROOTS = (Path("/"), Path("/var"), Path("/opt"), Path("/srv"), Path("/mnt"), Path("/media"), Path("/home"))


class SourceSpec(BaseModel):
    """What a client sends to add a source."""

    name: str = Field(pattern=NAME_PATTERN, description="The source's name, as project ingest roots will use it.")
    path: str = Field(min_length=1, description="An existing directory under one of ATOCORE_SOURCE_ROOTS.")


class Source(BaseModel):
    name: str
    path: str
    exists: bool
    configured: bool = Field(description="Seeded from ATOCORE_SOURCES (it comes back at the next startup).")
    added_at: datetime | None = None


def directories(graph: Runner) -> dict[str, Path]:
    """Every source's directory by name, as the graph holds them now."""
    return {row["name"]: Path(row["path"]) for row in graph.run("sources.list")}


def list_sources(graph: Runner) -> list[Source]:
    return [
        Source(
            name=row["name"],
            path=row["path"],
            exists=Path(row["path"]).is_dir(),
            configured=row["configured"],
            added_at=row["added_at"].to_native() if row["added_at"] else None,
        )
        for row in graph.run("sources.list")
    ]


def get_source(graph: Runner, name: str) -> Source:
    sources = {s.name: s for s in list_sources(graph)}
    if name not in sources:
        raise unknown("source", name, sources, listing="`atocore sources list` shows them.")
    return sources[name]


def seed(graph: Runner, settings: Settings) -> None:
    """Make the sources of ATOCORE_SOURCES present (idempotent; run at startup)."""
    if settings.sources:
        rows = [{"name": name, "path": str(path)} for name, path in sorted(settings.sources.items())]
        graph.run("sources.seed", sources=rows)


def _refuse(message: str, path: str, **detail: object) -> ValidationError:
    return ValidationError(message, path=path, **detail)


def allowed_path(settings: Settings, given: str) -> Path:
    """The directory ``given`` names, symlinks resolved, if a source may be there; 422 saying why not."""
    literal = Path(os.path.normpath(Path(given).expanduser()))
    if not literal.is_absolute():
        raise _refuse(f"Source path {given!r} is not absolute; give the full path (~ is expanded).", given)
    real = literal.resolve()
    if not real.is_dir():
        raise _refuse(f"Source path {given!r} does not exist or is not a directory.", given)
    roots = settings.source_roots
    shown = ", ".join(str(r) for r in roots) or "(none)"
    system = [d for d in SYSTEM_DIRS if real.is_relative_to(d)] + [d for d in SYSTEM_ROOTS if real == d]
    if system:
        raise _refuse(
            f"Source path {given!r} ({real}) is the system directory {system[0]} or inside it; AtoCore never "
            "reads system directories.",
            given,
            system_dir=str(system[0]),
        )
    if real.is_relative_to(settings.data_dir) or settings.data_dir.is_relative_to(real):
        raise _refuse(
            f"Source path {given!r} ({real}) holds AtoCore's own data directory ({settings.data_dir}), which "
            "keeps the Neo4j password; choose a folder of notes.",
            given,
        )
    if any(real.is_relative_to(root) for root in roots):
        return real
    through = [root for root in roots if literal.is_relative_to(root)]
    if through:
        raise _refuse(
            f"Source path {given!r} lies under the allowed root {through[0]} but its symlinks lead to {real}, "
            f"outside every allowed root ({shown}). Add the real directory's root to ATOCORE_SOURCE_ROOTS if "
            "the server may read there.",
            given,
            root=str(through[0]),
            resolved=str(real),
        )
    raise _refuse(
        f"Source path {given!r} ({real}) is outside the allowed roots ({shown}); the server adds sources only "
        "under ATOCORE_SOURCE_ROOTS.",
        given,
        roots=[str(r) for r in roots],
    )


def add(graph: Runner, settings: Settings, spec: SourceSpec) -> Source:
    """Add a source at run time (effective at once); adding the same name and path again changes nothing."""
    path = allowed_path(settings, spec.path)
    row = graph.run("sources.add", source_name=spec.name, path=str(path))[0]
    if row["path"] != str(path):
        raise ConflictError(
            f"Source {spec.name!r} already names {row['path']}; remove it first (`atocore sources remove "
            f"{spec.name}`) or choose another name.",
            name=spec.name,
            path=row["path"],
        )
    return get_source(graph, spec.name)


def delete(graph: Runner, name: str) -> Source:
    """Remove a source that no project uses any more (``projects.remove_source`` checks that first)."""
    source = get_source(graph, name)
    graph.run("sources.remove", source_name=name)
    return source
