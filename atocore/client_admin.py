"""The HTTP client's admin calls: backups, project transfer, the alias migration (``AtoCoreClient`` has them).

A mixin, so the client module stays one screenful per resource; it only
composes ``request`` and ``download`` calls of the client.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

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

        def download(self, path: str, target: Path) -> httpx.Headers: ...

    # -- backups (admin) --------------------------------------------------------------
    def create_backup(self, kind: str = "logical", encrypt: bool = False, vectors: bool = True) -> Any:
        body = {"kind": kind, "encrypt": encrypt, "vectors": vectors}
        return self.request("POST", "/admin/backups", json=body, long=True)

    def backups(self) -> Any:
        return self.request("GET", "/admin/backups")

    def validate_backup(self, backup_id: str) -> Any:
        return self.request("POST", f"/admin/backups/{seg(backup_id)}/validate", json={}, long=True)

    def restore_backup(self, backup_id: str, confirm: bool, pre_snapshot: bool = True) -> Any:
        body = {"confirm": confirm, "pre_snapshot": pre_snapshot}
        return self.request("POST", f"/admin/backups/{seg(backup_id)}/restore", json=body, long=True)

    def prune_backups(self, dry_run: bool) -> Any:
        return self.request("POST", "/admin/backups/prune", json={"dry_run": dry_run})

    def export_project(self, name: str, path: Path) -> Any:
        """Download project ``name``'s export into ``path``; the server's report."""
        headers = self.download(f"/admin/projects/{seg(name)}/export", path)
        return {**json.loads(headers.get("x-atocore-export", "{}")), "path": str(path)}

    def import_project(self, path: Path, as_id: str | None = None) -> Any:
        """Upload an export; the server imports it (409 listing the ids that clash)."""
        with path.open("rb") as handle:
            body = iter(lambda: handle.read(1 << 20), b"")
            kind = {"Content-Type": "application/gzip"}
            return self.request(
                "POST", "/admin/projects/import", params={"as": as_id}, long=True, content=body, headers=kind
            )

    def migrate_aliases(self, apply: bool) -> Any:
        return self.request("POST", "/admin/migrations/aliases", json={"apply": apply}, long=True)
