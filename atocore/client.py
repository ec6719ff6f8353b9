"""The HTTP client every frontend uses (the CLI's client commands, hooks, MCP).

It composes API calls and never reimplements what the API does. Every id put
into a URL path is percent-encoded with no safe characters, so an id such as
``mem/evil/action`` stays one path segment. Settings: ATOCORE_BASE_URL,
ATOCORE_TIMEOUT_SECONDS, ATOCORE_FAIL_OPEN, and the token it sends:
ATOCORE_TOKEN, else the token file (``<data dir>/api-token``,
ATOCORE_TOKEN_FILE).

An answer of 401 or 403 raises ``AuthenticationError`` or
``PermissionDeniedError`` with a message saying which token was sent (or that
none was found) and what the server wants; they are never an "unavailable"
API, so no frontend's fail-open hides them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx

from atocore import __version__
from atocore.client_admin import AdminCalls
from atocore.client_engineering import EngineeringCalls
from atocore.client_transport import seg
from atocore.config import get_settings
from atocore.errors import ApiUnavailableError, AtoCoreError, error_for_status
from atocore.progress import Counter, Progress, Step

CLIENT_VERSION = __version__


def configured_token() -> tuple[str | None, str]:
    """The token the settings name and where it comes from (for messages): ATOCORE_TOKEN, else the token file."""
    settings = get_settings()
    source = "ATOCORE_TOKEN" if settings.token is not None else str(settings.api_token_file)
    return settings.resolved_token(), source


class AtoCoreClient(AdminCalls, EngineeringCalls):
    def __init__(
        self,
        base_url: str,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        *,
        token: str | None = None,
    ) -> None:
        """``token`` is sent as ``Authorization: Bearer``; None takes the configured one; "" sends none."""
        self.base_url = base_url.rstrip("/")
        self.token_source = "the caller"
        if token is None:
            token, self.token_source = configured_token()
        self.token = token or None
        headers = {"User-Agent": f"atocore-client/{CLIENT_VERSION}"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport, headers=headers)

    def close(self) -> None:
        self._http.close()

    def request(
        self, method: str, path: str, *, json: Any = None, params: dict | None = None, long: bool = False, **raw: Any
    ) -> Any:
        """One call; ``long`` lifts the timeout for operations that take minutes (backups, restores).

        ``raw`` passes on to httpx (``content`` and ``headers`` of an upload).
        """
        response = self._send(method, path, json=json, params=params, long=long, **raw)
        return response.json() if response.content else None

    def request_text(self, method: str, path: str, *, params: dict | None = None) -> str:
        """An answer that is text, not JSON (a Mirror page's markdown)."""
        return self._send(method, path, params=params).text

    def _send(
        self, method: str, path: str, *, json: Any = None, params: dict | None = None, long: bool = False, **raw: Any
    ) -> httpx.Response:
        """The response to one request; transport failures and 4xx/5xx answers as AtoCore errors."""
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        extra: dict[str, Any] = {"timeout": None} if long else {}
        try:
            response = self._http.request(method, path, json=json, params=clean or None, **extra, **raw)
        except httpx.TransportError as exc:
            raise ApiUnavailableError(f"AtoCore API at {self.base_url} is unavailable: {exc}") from exc
        if response.status_code >= 400:
            raise self._error(response)
        return response

    def _error(self, response: httpx.Response) -> AtoCoreError:
        """The AtoCore error an answer of 400 or more stands for; a 401/403 says which token was sent."""
        try:
            body = response.json()
        except ValueError:
            body = {"message": response.text[:500]}
        message = str(body.get("message") or body.get("detail") or response.reason_phrase)
        detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
        if response.status_code == 401 and not self.token:
            message = (
                f"AtoCore at {self.base_url} needs a token and none was found: set ATOCORE_TOKEN, or put the "
                f"token in {self.token_source}"
            )
        elif response.status_code == 401:
            message = f"AtoCore at {self.base_url} refused the token from {self.token_source}: {message}"
        elif response.status_code == 403:
            message = f"AtoCore at {self.base_url} refused the request: {message}"
        return error_for_status(response.status_code, message, **detail)

    def listing(self, path: str, key: str, params: dict | None = None, *, all_pages: bool = False) -> Any:
        """GET a paged list: one page ({count, limit, <key>, next}), or with ``all_pages`` every page joined.

        Every list endpoint answers ``next`` (the parameters of the following
        page) while more rows follow; ``all_pages`` follows it to the end and
        answers all rows in one list with ``next`` null and ``pages`` read.
        """
        params = dict(params or {})
        answer, pages, seen = self.request("GET", path, params=params), 1, set()
        while all_pages and answer.get("next"):
            cursor = json.dumps(answer["next"], sort_keys=True)
            if cursor in seen:  # a server that repeats itself must not loop forever
                raise error_for_status(502, f"{path}: the server answered the page after {cursor} twice")
            seen.add(cursor)
            following = self.request("GET", path, params={**params, **answer["next"]})
            rows = answer[key] + following[key]
            answer, pages = {**following, key: rows, "count": len(rows)}, pages + 1
        return {**answer, "pages": pages} if all_pages else answer

    def stream_lines(self, method: str, path: str, *, json: Any = None, params: dict | None = None, **raw: Any):
        """NDJSON lines of a streaming endpoint, parsed (``raw``: httpx's content and headers of an upload)."""
        import json as jsonlib

        try:
            with self._http.stream(method, path, json=json, params=params, timeout=None, **raw) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._error(response)
                for line in response.iter_lines():
                    if line.strip():
                        yield jsonlib.loads(line)
        except httpx.TransportError as exc:
            raise ApiUnavailableError(f"AtoCore API at {self.base_url} is unavailable: {exc}") from exc

    def download(self, path: str, target: Path, progress: Progress | None = None) -> httpx.Headers:
        """GET ``path`` into the file ``target`` (a temp name, renamed once whole); the response's headers.

        ``progress`` counts the bytes received (of the Content-Length, when the server sends one).
        """
        partial = target.with_name(target.name + ".partial")
        try:
            with self._http.stream("GET", path, timeout=None) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._error(response)
                size = response.headers.get("content-length")
                received = Counter(progress, "bytes", int(size) if size and size.isdigit() else None, label="download")
                # 0600 from the first byte: an export is a project's whole knowledge
                with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                    for block in response.iter_bytes():
                        out.write(block)
                        received.advance(len(block))
        except httpx.TransportError as exc:
            partial.unlink(missing_ok=True)
            raise ApiUnavailableError(f"AtoCore API at {self.base_url} is unavailable: {exc}") from exc
        partial.replace(target)
        return response.headers

    # -- health and sources ---------------------------------------------------
    def health(self) -> tuple[int, Any]:
        """(status code, report): /health answers 503 when Neo4j is down (the full report with a read token)."""
        try:
            response = self._http.get("/health")
        except httpx.TransportError as exc:
            raise ApiUnavailableError(f"AtoCore API at {self.base_url} is unavailable: {exc}") from exc
        if response.status_code not in (200, 503):
            raise self._error(response)
        return response.status_code, response.json()

    def sources(self) -> Any:
        return self.request("GET", "/sources")

    def add_source(self, name: str, path: str) -> Any:
        return self.request("POST", "/sources", json={"name": name, "path": path})

    def remove_source(self, name: str) -> Any:
        return self.request("DELETE", f"/sources/{seg(name)}")

    def stats(self) -> Any:
        return self.request("GET", "/stats")

    # -- ingestion ------------------------------------------------------------------
    def refresh_project(self, name: str, progress: Progress | None = None) -> Any:
        return self._streamed(f"/projects/{seg(name)}/refresh", progress)

    def ingest_sources(self, progress: Progress | None = None) -> Any:
        return self._streamed("/ingest/sources", progress)

    def post_watched(
        self, path: str, progress: Progress | None, *, body: Any = None, params: dict | None = None, **raw: Any
    ) -> Any:
        """POST ``path``: streamed with each step fed to ``progress`` when one is given, else one long answer."""
        if progress is not None:
            return self._streamed(path, progress, body=body, params=params, **raw)
        return self.request("POST", path, json=body, params=params, long=True, **raw)

    def _streamed(
        self, path: str, progress: Progress | None, body: Any = None, params: dict | None = None, **raw: Any
    ) -> Any:
        """POST a streaming operation; feed each progress event to ``progress`` as a Step; return the result."""
        query = {k: v for k, v in (params or {}).items() if v is not None} | {"stream": "true"}
        for event in self.stream_lines("POST", path, json=body, params=query, **raw):
            if event["event"] == "progress" and progress is not None:
                progress(Step.from_event(event))
            elif event["event"] == "result":
                return event["result"]
            elif event["event"] == "error":
                raise error_for_status(event["status"], event.get("message", "ingestion failed"))
        raise ApiUnavailableError(f"AtoCore API at {self.base_url} closed the stream before the result.")

    # -- trusted state ---------------------------------------------------------------
    def project_state(self, name: str, include_history: bool = False, category: str | None = None) -> Any:
        return self.request(
            "GET",
            f"/project/state/{seg(name)}",
            params={"include_history": include_history or None, "category": category},
        )

    def set_project_state(self, **entry: Any) -> Any:
        return self.request("POST", "/project/state", json={k: v for k, v in entry.items() if v is not None})

    def invalidate_project_state(self, **address: Any) -> Any:
        return self.request("DELETE", "/project/state", json={k: v for k, v in address.items() if v is not None})

    # -- retrieval and context --------------------------------------------------------
    def query(self, prompt: str, top_k: int = 10, project: str | None = None) -> Any:
        return self.request("POST", "/query", json={"prompt": prompt, "top_k": top_k, "project": project})

    def context_build(self, prompt: str, project: str | None = None, budget: int | None = None) -> Any:
        return self.request("POST", "/context/build", json={"prompt": prompt, "project": project, "budget": budget})

    def debug_context(self) -> Any:
        return self.request("GET", "/debug/context")

    def detect_project(self, prompt: str) -> str | None:
        """The first registered project whose id or alias appears in the prompt as a word."""
        import re

        best: tuple[int, str] | None = None
        for project in self.projects():
            for name in [project["id"], *project.get("aliases", [])]:
                match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", prompt, re.IGNORECASE)
                if match and (best is None or match.start() < best[0]):
                    best = (match.start(), project["id"])
        return best[1] if best else None

    def auto_context(self, prompt: str, budget: int | None = None) -> Any:
        project = self.detect_project(prompt)
        pack = self.context_build(prompt, project=project, budget=budget)
        return {"detected_project": project, **pack}

    def audit_query(self, prompt: str, project: str, top_k: int = 10) -> Any:
        """Search without a project filter and label each hit's project against the expected one."""
        canonical = self.project(project)["id"]
        hits = self.query(prompt, top_k=top_k)["hits"]
        labelled = []
        for hit in hits:
            owner = hit.get("project") or ""
            label = "in-project" if owner == canonical else "no-project" if not owner else "other-project"
            labelled.append(
                {
                    "label": label,
                    "project": owner,
                    "chunk_id": hit["chunk_id"],
                    "source_file": hit["source_file"],
                    "score": hit["score"],
                }
            )
        counts = {
            label: sum(1 for h in labelled if h["label"] == label)
            for label in ("in-project", "other-project", "no-project")
        }
        return {"project": canonical, "prompt": prompt, "counts": counts, "hits": labelled}

    # -- memories -------------------------------------------------------------------------
    def create_memory(self, **memory: Any) -> Any:
        return self.request("POST", "/memory", json={k: v for k, v in memory.items() if v is not None})

    def memories(self, *, all_pages: bool = False, **filters: Any) -> Any:
        return self.listing("/memory", "memories", filters, all_pages=all_pages)

    def memory(self, memory_id: str) -> Any:
        return self.request("GET", f"/memory/{seg(memory_id)}")

    def update_memory(self, memory_id: str, **change: Any) -> Any:
        return self.request("PUT", f"/memory/{seg(memory_id)}", json={k: v for k, v in change.items() if v is not None})

    def graduate_memory(self, memory_id: str, **choices: Any) -> Any:
        """POST /memory/{id}/graduate: target_type, project, name, key, properties, reason (all optional)."""
        return self.request(
            "POST", f"/memory/{seg(memory_id)}/graduate", json={k: v for k, v in choices.items() if v is not None}
        )

    # -- interactions and the reflection loop ------------------------------------------
    def capture(
        self,
        prompt: str,
        response: str,
        *,
        project: str | None = None,
        client: str | None = None,
        session_id: str | None = None,
        reinforce: bool = True,
        memories_used: list[str] | None = None,
        chunks_used: list[str] | None = None,
    ) -> Any:
        body: dict[str, Any] = {
            "prompt": prompt,
            "response": response,
            "project": project,
            "client": client,
            "session_id": session_id,
            "reinforce": reinforce,
        }
        if memories_used:
            body["memories_used"] = memories_used
        if chunks_used:
            body["chunks_used"] = chunks_used
        return self.request("POST", "/interactions", json=body)

    def list_interactions(
        self,
        *,
        project: str | None = None,
        session_id: str | None = None,
        client: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        all_pages: bool = False,
    ) -> Any:
        params = {"project": project, "session_id": session_id, "client": client, "since": since, "limit": limit}
        return self.listing("/interactions", "interactions", params, all_pages=all_pages)

    def get_interaction(self, interaction_id: str) -> Any:
        return self.request("GET", f"/interactions/{seg(interaction_id)}")

    def reinforce_interaction(self, interaction_id: str) -> Any:
        return self.request("POST", f"/interactions/{seg(interaction_id)}/reinforce")

    def extract(self, interaction_id: str, *, persist: bool = False) -> Any:
        return self.request("POST", f"/interactions/{seg(interaction_id)}/extract", json={"persist": persist})

    # -- the review queue ------------------------------------------------------------------
    def queue(self, *, project: str | None = None, limit: int | None = None, all_pages: bool = False) -> Any:
        """Candidate memories waiting for review (GET /memory?status=candidate)."""
        return self.memories(status="candidate", project=project, limit=limit, all_pages=all_pages)

    def promote(self, memory_id: str, reason: str | None = None) -> Any:
        return self.request("POST", f"/memory/{seg(memory_id)}/promote", json={"reason": reason})

    def reject(self, memory_id: str, reason: str | None = None) -> Any:
        return self.request("POST", f"/memory/{seg(memory_id)}/reject", json={"reason": reason})

    def reviews(
        self,
        *,
        target_id: str | None = None,
        action: str | None = None,
        limit: int | None = None,
        all_pages: bool = False,
    ) -> Any:
        params = {"target_id": target_id, "action": action, "limit": limit}
        return self.listing("/reviews", "reviews", params, all_pages=all_pages)

    # -- the review queue across kinds --------------------------------------------------------
    def review_queue(
        self,
        *,
        project: str | None = None,
        kinds: list[str] | None = None,
        limit: int | None = None,
        after: str | None = None,
        all_pages: bool = False,
    ) -> Any:
        params = {"project": project, "kind": kinds or None, "limit": limit, "after": after}
        return self.listing("/review-queue", "items", params, all_pages=all_pages)

    def decide(self, kind: str, item_id: str, decision: str, reason: str | None = None) -> Any:
        path = f"/review-queue/{seg(kind)}/{seg(item_id)}/{seg(decision)}"
        return self.request("POST", path, json={"reason": reason})
