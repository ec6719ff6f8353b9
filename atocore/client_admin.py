"""The HTTP client's admin calls: backups, project transfer, the alias migration (``AtoCoreClient`` has them).

A mixin, so the client module stays one screenful per resource; it only
composes ``request`` and ``download`` calls of the client.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import quote

from atocore.progress import Counter, Progress

if TYPE_CHECKING:
    import httpx


def seg(value: str) -> str:
    """One URL path segment: everything percent-encoded, '/' included."""
    return quote(str(value), safe="")


class AdminCalls:
    if TYPE_CHECKING:

        def request(
            self,
            method: str,
            path: str,
            *,
            json: Any = None,
            params: dict | None = None,
            long: bool = False,
            **raw: Any,
        ) -> Any: ...

        def download(self, path: str, target: Path, progress: Progress | None = None) -> httpx.Headers: ...

        def _streamed(
            self, path: str, progress: Progress | None, body: Any = None, params: dict | None = None, **raw: Any
        ) -> Any: ...

    # -- backups (admin) --------------------------------------------------------------
    def create_backup(
        self, kind: str = "logical", encrypt: bool = False, vectors: bool = True, progress: Progress | None = None
    ) -> Any:
        """A backup; with ``progress``, streamed: each step of its reading fed to it."""
        body = {"kind": kind, "encrypt": encrypt, "vectors": vectors}
        if progress is not None:
            return self._streamed("/admin/backups", progress, body=body)
        return self.request("POST", "/admin/backups", json=body, long=True)

    def backups(self) -> Any:
        return self.request("GET", "/admin/backups")

    def validate_backup(self, backup_id: str) -> Any:
        return self.request("POST", f"/admin/backups/{seg(backup_id)}/validate", json={}, long=True)

    def restore_backup(
        self, backup_id: str, confirm: bool, pre_snapshot: bool = True, progress: Progress | None = None
    ) -> Any:
        """A restore; with ``progress``, streamed: the safety snapshot's and the load's steps fed to it."""
        path, body = f"/admin/backups/{seg(backup_id)}/restore", {"confirm": confirm, "pre_snapshot": pre_snapshot}
        if progress is not None:
            return self._streamed(path, progress, body=body)
        return self.request("POST", path, json=body, long=True)

    def prune_backups(self, dry_run: bool) -> Any:
        return self.request("POST", "/admin/backups/prune", json={"dry_run": dry_run})

    def export_project(self, name: str, path: Path, progress: Progress | None = None) -> Any:
        """Download project ``name``'s export into ``path``; the server's report."""
        headers = self.download(f"/admin/projects/{seg(name)}/export", path, progress)
        return {**json.loads(headers.get("x-atocore-export", "{}")), "path": str(path)}

    def import_project(self, path: Path, as_id: str | None = None, progress: Progress | None = None) -> Any:
        """Upload an export; the server imports it (409 listing the ids that clash).

        With ``progress``: the bytes sent, then (streamed) the nodes and relationships written.
        """
        sent = Counter(progress, "bytes", path.stat().st_size, label="upload")

        def body(handle: BinaryIO) -> Iterator[bytes]:
            while block := handle.read(1 << 20):
                yield block
                sent.advance(len(block))

        kind = {"Content-Type": "application/gzip"}
        with path.open("rb") as handle:
            if progress is not None:
                return self._streamed(
                    "/admin/projects/import", progress, params={"as": as_id}, content=body(handle), headers=kind
                )
            return self.request(
                "POST", "/admin/projects/import", params={"as": as_id}, long=True, content=body(handle), headers=kind
            )

    def migrate_aliases(self, apply: bool) -> Any:
        return self.request("POST", "/admin/migrations/aliases", json={"apply": apply}, long=True)
