"""The HTTP client's engineering calls (``AtoCoreClient`` has them): the query catalog, the Human Mirror,
entities, relationships, conflicts and KB-CAD / KB-FEM imports.
"""

from __future__ import annotations

import json
from typing import Any

from atocore.client_transport import Transport, seg
from atocore.errors import error_for_status
from atocore.progress import Progress


class EngineeringCalls(Transport):
    # -- the engineering query catalog ---------------------------------------------------------
    def catalog(self) -> Any:
        """The catalog queries: id, title, question, parameters, columns (GET /queries)."""
        return self.request("GET", "/queries")

    def run_catalog_query(
        self,
        query_id: str,
        params: dict[str, Any] | None = None,
        project: str | None = None,
        *,
        all_pages: bool = False,
    ) -> Any:
        """Run one catalog query: {query, columns, rows, next, duration_ms}.

        ``project``, when given, is its project parameter.

        A paged listing answers one page and ``next`` (the parameters of the
        following page, or null). ``all_pages`` follows ``next`` to the end and
        answers every row, with ``pages`` read and the summed ``duration_ms``.
        """
        params = dict(params or {})
        if project is not None:
            params["project"] = project
        result, pages, seen = None, 0, set()
        while result is None or (all_pages and result.get("next")):
            following: dict[str, Any] = result["next"] if result else {}
            cursor = json.dumps(following, sort_keys=True)
            if cursor in seen:  # a server that repeats itself must not loop forever
                raise error_for_status(
                    502, f"{query_id}: the server answered the page after {cursor} twice", next=following
                )
            seen.add(cursor)
            page = self.request("POST", f"/queries/{seg(query_id)}", json={"params": {**params, **following}})
            result = (
                page
                if result is None
                else {
                    **page,
                    "rows": result["rows"] + page["rows"],
                    "duration_ms": round(result["duration_ms"] + page["duration_ms"], 2),
                }
            )
            pages += 1
        return {**result, "pages": pages} if all_pages else result

    # -- the Human Mirror -----------------------------------------------------------------------
    def mirror_page(self, project: str, page: str | None = None, *, as_of: str | None = None) -> str:
        """A Mirror page's markdown: the index without ``page``; overview, decisions, or a subsystem's key."""
        path = f"/mirror/{seg(project)}"
        if page in ("index", "overview", "decisions"):
            path += f"/{page}"
        elif page:
            path += f"/subsystems/{seg(page.removeprefix('subsystems/'))}"
        return self.request_text("GET", path, params={"as_of": as_of})

    def mirror_listing(self, project: str) -> Any:
        """The project's Mirror pages with their stamps, and the last regeneration's status."""
        return self._send("GET", f"/mirror/{seg(project)}", headers={"Accept": "application/json"}).json()

    def regenerate_mirror(self, project: str) -> Any:
        return self.request("POST", f"/mirror/{seg(project)}/regenerate")

    def mirror_session(self) -> Any:
        """A Mirror browser session for this client's token: its one-time ticket and when both expire."""
        return self.request("POST", "/mirror/session")

    # -- engineering: entities, relationships, conflicts --------------------------------
    def entities(self, *, all_pages: bool = False, **filters: Any) -> Any:
        return self.listing("/entities", "entities", filters, all_pages=all_pages)

    def entity(self, ref: str, project: str | None = None) -> Any:
        return self.request("GET", f"/entities/{seg(ref)}", params={"project": project})

    def entity_action(self, ref: str, action: str, project: str | None = None, reason: str | None = None) -> Any:
        path = f"/entities/{seg(ref)}/{seg(action)}"
        return self.request("POST", path, json={"reason": reason}, params={"project": project})

    def create_entity(self, body: dict[str, Any]) -> Any:
        return self.request("POST", "/entities", json={k: v for k, v in body.items() if v is not None})

    def update_entity(self, ref: str, changes: dict[str, Any], project: str | None = None) -> Any:
        body = {k: v for k, v in changes.items() if v is not None}
        return self.request("PUT", f"/entities/{seg(ref)}", json=body, params={"project": project})

    def supersede_entity(self, ref: str, by: str | None, project: str | None = None, reason: str | None = None) -> Any:
        body = {"by": by, "reason": reason}
        return self.request("POST", f"/entities/{seg(ref)}/supersede", json=body, params={"project": project})

    def relationships(self, *, all_pages: bool = False, **filters: Any) -> Any:
        return self.listing("/relationships", "relationships", filters, all_pages=all_pages)

    def relationship(self, relationship_id: str) -> Any:
        return self.request("GET", f"/relationships/{seg(relationship_id)}")

    def relate(self, kind: str, source: str, target: str, project: str | None, status: str | None = None) -> Any:
        body = {"type": kind, "from_id": source, "to_id": target, "project": project, "status": status}
        return self.request("POST", "/relationships", json={k: v for k, v in body.items() if v is not None})

    def relationship_action(self, relationship_id: str, action: str, reason: str | None = None) -> Any:
        return self.request("POST", f"/relationships/{seg(relationship_id)}/{seg(action)}", json={"reason": reason})

    def conflicts(self, *, all_pages: bool = False, **filters: Any) -> Any:
        return self.listing("/conflicts", "conflicts", filters, all_pages=all_pages)

    def conflict(self, conflict_id: str) -> Any:
        return self.request("GET", f"/conflicts/{seg(conflict_id)}")

    def resolve_conflict(self, conflict_id: str, body: dict) -> Any:
        return self.request("POST", f"/conflicts/{seg(conflict_id)}/resolve", json=body)

    # -- imports from KB-CAD / KB-FEM ---------------------------------------------------------
    def import_export(self, tool: str, export: Any, progress: Progress | None = None) -> Any:
        """POST an export to /ingest/<tool>/export (tool: kb-cad or kb-fem); the import's report.

        With ``progress``, the import is streamed and each step fed to it.
        """
        if progress is not None:
            return self._streamed(f"/ingest/{seg(tool)}/export", progress, body=export)
        return self.request("POST", f"/ingest/{seg(tool)}/export", json=export)

    def export_schema(self, tool: str) -> Any:
        return self.request("GET", f"/ingest/{seg(tool)}/schema")

    def imports(
        self, *, project: str | None = None, tool: str | None = None, limit: int | None = None, all_pages: bool = False
    ) -> Any:
        params = {"project": project, "tool": tool, "limit": limit}
        return self.listing("/imports", "imports", params, all_pages=all_pages)

    def get_import(self, import_id: str) -> Any:
        return self.request("GET", f"/imports/{seg(import_id)}")

    def promote_import(self, import_id: str, reason: str | None = None) -> Any:
        return self.request("POST", f"/imports/{seg(import_id)}/promote", json={"reason": reason})

    def reject_import(self, import_id: str, reason: str | None = None) -> Any:
        return self.request("POST", f"/imports/{seg(import_id)}/reject", json={"reason": reason})
