"""Finding and reading the files of an ingest root, refusing what must not be read.

Only regular ``.md``, ``.markdown`` and ``.txt`` files are candidates; hidden
files and directories (``.git``, ``.obsidian``) are not visited. Symlinks are
followed only when their target stays inside the root: a link that points
outside is reported and never opened. A symlinked directory is not descended
into (its contents, when inside the root, are reached through their real path).

Reading a candidate never raises: the result is either the decoded text or a
``Skipped`` with the reason, which the ingestion report lists.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from atocore.services.ingest.chunker import Kind

EXTENSIONS: dict[str, Kind] = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}


@dataclass(frozen=True)
class Candidate:
    path: Path  # absolute, as found under the root (a symlink is not resolved)
    kind: Kind


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str
    keep_existing: bool = False  # a transient failure keeps what the graph already holds


@dataclass(frozen=True)
class FileContent:
    raw: bytes
    text: str
    mtime_ms: int
    size: int


def walk_root(root: Path) -> Iterator[Candidate | Skipped]:
    """Candidates under ``root`` in a stable order, and the entries refused on the way."""
    problems: list[Skipped] = []

    def unreadable_dir(error: OSError) -> None:
        problems.append(Skipped(Path(error.filename or root), f"unreadable directory: {error.strerror}", True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable_dir, followlinks=False):
        here = Path(dirpath)
        kept_dirs = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            entry = here / name
            if entry.is_symlink():
                if not _inside(entry, root):
                    yield Skipped(entry, "symlink leads outside the ingest root; not followed")
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            kind = EXTENSIONS.get(Path(name).suffix.lower())
            if name.startswith(".") or kind is None:
                continue
            entry = here / name
            if entry.is_symlink() and not _inside(entry, root):
                yield Skipped(entry, "symlink leads outside the ingest root; not followed")
                continue
            yield Candidate(entry, kind)
        yield from problems
        problems.clear()


def _inside(entry: Path, root: Path) -> bool:
    try:
        return entry.resolve(strict=False).is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_candidate(candidate: Candidate, max_bytes: int) -> FileContent | Skipped:
    path = candidate.path
    try:
        info = path.stat()
    except FileNotFoundError:
        return Skipped(path, "broken symlink or file vanished while reading")
    except OSError as exc:
        return Skipped(path, f"unreadable: {exc.strerror}", keep_existing=True)
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, "not a regular file")
    if info.st_size > max_bytes:
        return Skipped(path, f"too large: {info.st_size} bytes, the limit (ATOCORE_MAX_FILE_BYTES) is {max_bytes}")
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(path, f"unreadable: {exc.strerror}", keep_existing=True)
    if len(raw) > max_bytes:
        return Skipped(path, f"too large: over {max_bytes} bytes (ATOCORE_MAX_FILE_BYTES)")
    if b"\x00" in raw:
        return Skipped(path, "binary: contains NUL bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Skipped(path, f"not UTF-8: invalid byte at offset {exc.start}; convert the file to UTF-8")
    if not text.strip():
        return Skipped(path, "empty: no text to index")
    return FileContent(raw=raw, text=text, mtime_ms=int(info.st_mtime * 1000), size=len(raw))
