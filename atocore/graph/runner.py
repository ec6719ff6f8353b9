"""What services run catalog queries on: the Graph itself or one of its open transactions."""

from __future__ import annotations

from typing import Any, Protocol


class Runner(Protocol):
    """A Graph or an open Transaction: both run catalog queries by name."""

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]: ...
