"""Files only their owner may read: the data directory, Neo4j's store, passwords, tokens, logs.

AtoCore's data directory holds the whole knowledge graph (Neo4j's store
files), the Neo4j password, the admin API token and the logs. Anyone who can
read them can copy the graph without a password or act as the admin, so the
directory is 0700 and everything in it 0600 (directories 0700):

- files AtoCore writes itself are created private (``write_private_text``,
  ``open_private_append``), not chmodded afterwards;
- the processes AtoCore starts (Neo4j's launcher and the server it spawns,
  the background API) run with ``PRIVATE_UMASK``, so the store files Neo4j
  creates later (new transaction logs, checkpoints, a new database) are
  private too;
- ``make_private`` takes group and other bits off a tree that an older
  AtoCore (or another umask) left readable; `atocore neo4j install|start`
  and `atocore up` run it. Symbolic links are not followed: ``<home>/lib``
  points at the shared jar cache, which holds nothing private.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_UMASK = 0o077
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def make_private_dir(path: Path) -> Path:
    """``path`` (and missing parents) as a directory only its owner can enter."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (0600 from the first byte), replacing what was there; missing parents are 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def open_private_append(path: Path) -> BinaryIO:
    """``path`` opened for appending bytes, created 0600 (a log); missing parents are 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, "ab")


def _tree(root: Path) -> Iterator[tuple[Path, int]]:
    """``root`` and everything under it with its mode; symbolic links are neither followed nor listed."""
    if root.is_symlink() or not root.exists():
        return
    yield root, root.lstat().st_mode
    for directory, dirs, files in os.walk(root):  # os.walk does not descend into linked directories
        for name in [*dirs, *files]:
            path = Path(directory, name)
            try:
                mode = path.lstat().st_mode
            except FileNotFoundError:  # a file Neo4j rotated away meanwhile
                continue
            if not stat.S_ISLNK(mode):
                yield path, mode


def make_private(root: Path) -> int:
    """Take group and other bits off ``root`` and everything under it; how many entries changed."""
    changed = 0
    for path, mode in _tree(root):
        if mode & _OTHERS:
            os.chmod(path, stat.S_IMODE(mode) & ~_OTHERS)
            changed += 1
    return changed


def readable_by_others(root: Path) -> list[Path]:
    """Everything under ``root`` that group or other may read, write or enter."""
    return [path for path, mode in _tree(root) if mode & _OTHERS]
