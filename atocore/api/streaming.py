"""Long operations streamed as NDJSON progress events.

``?stream=true`` on an ingestion endpoint answers 200 with one JSON object a
line: ``{"event": "progress", "done": n, "total": m}`` while it works, then
``{"event": "result", "result": {...}}`` or ``{"event": "error", "status":
409, "error": "conflict", "message": ...}``. Clients draw a progress bar
from it; without ``stream`` the endpoint answers once, as usual.
"""

from __future__ import annotations

import contextvars
import json
import queue
import threading
from collections.abc import Callable, Iterator

from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from atocore.errors import AtoCoreError

Work = Callable[[Callable[[int, int], None]], BaseModel]
_DONE = object()


def stream_progress(work: Work) -> StreamingResponse:
    events: queue.Queue = queue.Queue()

    def progress(done: int, total: int) -> None:
        events.put({"event": "progress", "done": done, "total": total})

    def run() -> None:
        try:
            events.put({"event": "result", "result": work(progress).model_dump(mode="json")})
        except AtoCoreError as exc:
            events.put({"event": "error", "status": exc.http_status, **exc.to_dict()})
        except Exception:
            events.put(
                {
                    "event": "error",
                    "status": 500,
                    "error": "internal_error",
                    "message": "unexpected error; see the server log",
                }
            )
            raise
        finally:
            events.put(_DONE)

    def lines() -> Iterator[str]:
        # the request's context (its audit actor) goes with the work into its thread
        threading.Thread(target=contextvars.copy_context().run, args=(run,), daemon=True).start()
        while (event := events.get()) is not _DONE:
            yield json.dumps(event) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")
