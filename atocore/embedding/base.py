"""The contract every embedder meets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Embedder(Protocol):
    @property
    def dimensions(self) -> int:
        """Length of every vector this embedder returns."""

    @property
    def model_id(self) -> str:
        """A stable name for the model, recorded with what it embedded."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors, one per text, in order; deterministic."""
