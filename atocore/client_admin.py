"""The HTTP client's admin calls (``AtoCoreClient`` has them).

Tokens, the project registry, backups, project transfer, the alias migration.

A mixin of ``client_transport.Transport``: it only composes the client's
``request``, ``download`` and ``post_watched`` calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from atocore.client_transport import Transport, seg
from atocore.progress import Counter, Progress


class AdminCalls(Transport):
    # -- API tokens (admin) ---------------------------------------------------------------------
    def create_token(self, name: str, scopes: list[str]) -> Any:
        """A new token, its secret included (the only time the server shows it)."""
        return self.request("POST", "/tokens", json={"name": name, "scopes": scopes})

    def tokens(self, *, include_revoked: bool = False) -> Any:
        return self.request("GET", "/tokens", params={"include_revoked": include_revoked or None})

    def revoke_token(self, name: str) -> Any:
        return self.request("POST", f"/tokens/{seg(name)}/revoke")

    # -- the project registry (its writes need admin) ---------------------------------------
    def projects(self) -> Any:
        return self.request("GET", "/projects")

    def project(self, name: str) -> Any:
        return self.request("GET", f"/projects/{seg(name)}")

    def project_template(self) -> Any:
        return self.request("GET", "/projects/template")

    def propose_project(self, spec: dict) -> Any:
        return self.request("POST", "/projects/proposal", json=spec)

    def register_project(self, spec: dict) -> Any:
        return self.request("POST", "/projects/register", json=spec)

    def update_project(self, name: str, change: dict) -> Any:
        return self.request("PUT", f"/projects/{seg(name)}", json=change)

    def export_projects(self) -> Any:
        return self.request("GET", "/projects/export")

    def import_projects(self, registry: dict) -> Any:
        return self.request("POST", "/projects/import", json=registry)

    # -- backups (admin) --------------------------------------------------------------
    def create_backup(
        self, kind: str = "logical", encrypt: bool = False, vectors: bool = True, progress: Progress | None = None
    ) -> Any:
        """A backup; with ``progress``, streamed: each step of its reading fed to it."""
        body = {"kind": kind, "encrypt": encrypt, "vectors": vectors}
        return self.post_watched("/admin/backups", progress, body=body)

    def backups(self) -> Any:
        return self.request("GET", "/admin/backups")

    def validate_backup(self, backup_id: str) -> Any:
        return self.request("POST", f"/admin/backups/{seg(backup_id)}/validate", json={}, long=True)

    def restore_backup(
        self, backup_id: str, confirm: bool, pre_snapshot: bool = True, progress: Progress | None = None
    ) -> Any:
        """A restore; with ``progress``, streamed: the safety snapshot's and the load's steps fed to it."""
        path, body = f"/admin/backups/{seg(backup_id)}/restore", {"confirm": confirm, "pre_snapshot": pre_snapshot}
        return self.post_watched(path, progress, body=body)

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
            return self.post_watched(
                "/admin/projects/import", progress, params={"as": as_id}, content=body(handle), headers=kind
            )

    def migrate_aliases(self, apply: bool) -> Any:
        return self.request("POST", "/admin/migrations/aliases", json={"apply": apply}, long=True)
