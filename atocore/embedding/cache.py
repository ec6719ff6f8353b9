"""A bounded, thread-safe LRU of prompt vectors, so one prompt is embedded once.

A client that calls ``/query`` and then ``/context/build`` with the same
prompt (or a hook that retries) pays for the embedding once. The cache holds
futures, so a second caller asking while the first embedding still runs waits
for it instead of embedding again; a failed embedding is not kept. Entries
belong to one model: when the embedder's ``model_id`` differs from the one the
entries were made with, they are all dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future


class PromptVectorCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, Future[list[float]]] = OrderedDict()
        self._model: str | None = None
        self._lock = threading.Lock()

    def future(self, model_id: str, prompt: str, start: Callable[[], Future[list[float]]]) -> Future[list[float]]:
        """The vector of ``prompt`` under ``model_id``: the cached future, else ``start()``'s (then kept)."""
        with self._lock:
            if model_id != self._model:
                self._entries.clear()
                self._model = model_id
            found = self._entries.get(prompt)
            if found is not None and not (found.done() and found.exception() is not None):
                self._entries.move_to_end(prompt)
                return found
            future = start()
            if self.size > 0:
                self._entries[prompt] = future
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            return future

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
