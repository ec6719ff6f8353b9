"""The Mirror's files: ``<data dir>/mirror/<project>/`` holds ``index.md``, ``overview.md``,
``decisions.md`` and ``subsystems/<key>.md``.

Every file starts with the banner (``render.banner``), whose last two lines
carry the generation time and the checksum of the page's inputs. A page is
written only when its checksum differs from the file's, atomically (a
temporary file renamed over the old one), so a reader never sees half a page
and unchanged inputs leave the file, its generation time included,
byte-for-byte as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

INDEX, OVERVIEW, DECISIONS, SUBSYSTEMS = "index", "overview", "decisions", "subsystems"
SUFFIX = ".md"
_INPUTS = re.compile(r"^\s*inputs: (?P<checksum>sha256:[0-9a-f]{64})$", re.M)
_GENERATED = re.compile(r"^\s*generated: (?P<at>\S+)$", re.M)
_BANNER_BYTES = 2048  # the banner is well within the first 2 KiB of a page


@dataclass(frozen=True)
class Stamp:
    """What a page's banner says: when it was generated and from which inputs."""

    generated_at: str
    checksum: str


def page_name(kind: str, key: str | None = None) -> str:
    """A page's name, which is also its path under the project's directory without the suffix."""
    return f"{SUBSYSTEMS}/{quote(key or '', safe='')}" if kind == SUBSYSTEMS else kind


def subsystem_key(name: str) -> str | None:
    """The subsystem key a page name stands for, or None for the project pages."""
    prefix = f"{SUBSYSTEMS}/"
    return unquote(name[len(prefix) :]) if name.startswith(prefix) else None


def project_dir(mirror_dir: Path, project: str) -> Path:
    return mirror_dir / quote(project, safe="")


def page_path(mirror_dir: Path, project: str, name: str) -> Path:
    return project_dir(mirror_dir, project) / f"{name}{SUFFIX}"


def read_stamp(path: Path) -> Stamp | None:
    """The banner's stamp of an existing page, or None (no file, or not a page this renderer wrote)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_BANNER_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    inputs, generated = _INPUTS.search(head), _GENERATED.search(head)
    if not inputs or not generated:
        return None
    return Stamp(generated_at=generated.group("at"), checksum=inputs.group("checksum"))


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def existing_pages(mirror_dir: Path, project: str) -> list[str]:
    """The names of the pages on disk for a project, sorted."""
    root = project_dir(mirror_dir, project)
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root).with_suffix("")) for p in root.rglob(f"*{SUFFIX}") if p.is_file())


def remove_page(mirror_dir: Path, project: str, name: str) -> None:
    page_path(mirror_dir, project, name).unlink(missing_ok=True)
