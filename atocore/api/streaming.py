"""Long operations streamed as NDJSON progress events.

``?stream=true`` on an ingestion endpoint answers 200 with one JSON object a
line: ``{"event": "progress", "stage": "files", "done": n, "total": m,
"label": "p05"}`` each time a count moves (an ``atocore.progress.Step``; a
total is null while unknown), then
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
from typing import Any

from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from atocore.errors import AtoCoreError
from atocore.progress import Progress, Step

Work = Callable[[Progress], BaseModel]
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {"description": "With ?stream=true: NDJSON progress events, then the result"}
}
_DONE = object()


def stream_progress(work: Work) -> StreamingResponse:
    events: queue.Queue = queue.Queue()

    def progress(step: Step) -> None:
        events.put(step.to_event())

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
