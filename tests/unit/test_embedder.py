"""The bundled embedder: offline, 384 dimensions, unit length, deterministic."""

from __future__ import annotations

import math

import pytest

from atocore.config import Settings
from atocore.embedding import Embedder
from atocore.embedding.sentence import SentenceTransformerEmbedder, get_embedder
from atocore.errors import ConfigurationError


def test_dimensions_normalization_and_determinism(embedder) -> None:
    assert isinstance(embedder, Embedder)
    assert embedder.dimensions == 384
    assert embedder.model_id == "all-MiniLM-L6-v2"
    texts = ["The lateral support pad uses PTFE.", "Mirror cell thermal requirement", "x"]
    first = embedder.embed(texts)
    second = embedder.embed(list(reversed(texts)))[::-1]
    assert len(first) == 3 and all(len(v) == 384 for v in first)
    for vector in first:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-4)
    for a, b in zip(first, second, strict=True):
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-5


def test_related_texts_are_closer_than_unrelated(embedder) -> None:
    a, b, c = embedder.embed(
        ["mirror support pad material", "the pad that supports the mirror", "quarterly tax filing"]
    )
    cos = lambda u, v: sum(x * y for x, y in zip(u, v, strict=True))  # noqa: E731 - unit vectors
    assert cos(a, b) > cos(a, c) + 0.2


def test_empty_input_gives_empty_output(embedder) -> None:
    assert embedder.embed([]) == []


def test_loaded_once_per_process() -> None:
    settings = Settings(_env_file=None)
    assert get_embedder(settings) is get_embedder(settings)


def test_unknown_model_path_is_refused_without_download(tmp_path) -> None:
    with pytest.raises(ConfigurationError, match="never downloads"):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))


def test_a_short_call_goes_before_the_next_slice_of_a_bulk_call(embedder) -> None:
    """A search's prompt waits for at most one slice of an ingestion batch, never for the whole batch."""
    import threading

    from atocore.embedding.sentence import SLICE

    order: list[str] = []
    real_encode = embedder._encode
    short_done = threading.Event()

    def recording_encode(texts):
        order.append("short" if texts == ["the prompt"] else "bulk")
        if len(order) == 1:  # the bulk call's first slice: a search arrives and waits for its turn
            threading.Thread(target=lambda: (embedder.embed(["the prompt"]), short_done.set())).start()
            while not embedder._turns._short_waiting:
                threading.Event().wait(0.001)
        return real_encode(texts)

    embedder._encode = recording_encode
    try:
        vectors = embedder.embed([f"chunk {i}" for i in range(SLICE * 4)])
    finally:
        del embedder._encode
    assert short_done.wait(30)
    assert order == ["bulk", "short", "bulk", "bulk", "bulk"]
    assert len(vectors) == SLICE * 4 and vectors == embedder.embed([f"chunk {i}" for i in range(SLICE * 4)])
