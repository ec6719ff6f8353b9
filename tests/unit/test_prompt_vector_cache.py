"""The prompt-vector LRU: bounded, one embedding per prompt, dropped when the model changes."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from atocore.embedding.cache import PromptVectorCache


def done(value: list[float]) -> Future[list[float]]:
    future: Future[list[float]] = Future()
    future.set_result(value)
    return future


def failed() -> Future[list[float]]:
    future: Future[list[float]] = Future()
    future.set_exception(RuntimeError("model crashed"))
    return future


def test_a_prompt_is_started_once_and_the_oldest_is_evicted() -> None:
    cache = PromptVectorCache(2)
    started: list[str] = []

    def start(prompt: str):
        return lambda: (started.append(prompt), done([float(len(prompt))]))[1]

    assert cache.future("m", "a", start("a")).result() == [1.0]
    cache.future("m", "bb", start("bb"))
    cache.future("m", "a", start("a"))  # a is now the most recent
    cache.future("m", "ccc", start("ccc"))  # evicts bb
    cache.future("m", "a", start("a"))
    cache.future("m", "bb", start("bb"))
    assert started == ["a", "bb", "ccc", "bb"] and len(cache) == 2


def test_another_model_drops_every_vector() -> None:
    cache = PromptVectorCache(8)
    cache.future("model-a", "p", lambda: done([1.0]))
    assert cache.future("model-b", "p", lambda: done([2.0])).result() == [2.0]
    assert cache.future("model-b", "p", lambda: done([3.0])).result() == [2.0]
    assert len(cache) == 1


def test_a_failed_embedding_is_tried_again() -> None:
    cache = PromptVectorCache(8)
    cache.future("m", "p", failed)
    assert cache.future("m", "p", lambda: done([1.0])).result() == [1.0]


def test_size_zero_keeps_nothing() -> None:
    cache = PromptVectorCache(0)
    cache.future("m", "p", lambda: done([1.0]))
    assert cache.future("m", "p", lambda: done([2.0])).result() == [2.0] and len(cache) == 0


def test_concurrent_callers_share_one_embedding() -> None:
    cache = PromptVectorCache(8)
    gate = threading.Event()
    starts: list[int] = []

    def start():
        starts.append(1)
        return pool.submit(lambda: (gate.wait(5), [0.5])[1])

    with ThreadPoolExecutor(max_workers=9) as pool:
        waiting = [pool.submit(lambda: cache.future("m", "same", start).result()) for _ in range(8)]
        gate.set()
        assert [w.result() for w in waiting] == [[0.5]] * 8
    assert len(starts) == 1
