"""The one Settings class. Nothing else in AtoCore reads the environment.

Every field can be set by an environment variable with the ``ATOCORE_``
prefix (``ATOCORE_API_PORT=8200``) or in a ``.env`` file in the working
directory. The Neo4j connection fields also accept the unprefixed names
the Neo4j tools use (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``), so an existing Neo4j environment works unchanged.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent  # the source checkout, when AtoCore runs from one
DOCS_SOURCE = "atocore-docs"  # the default source: this repository's docs/


def source_checkout() -> Path | None:
    """The repository AtoCore runs from (an editable install), or None when it was installed as a package."""
    return REPO_ROOT if (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "docs").is_dir() else None


def packaged_cypher_dir() -> Path:
    """``cypher/`` as installed with the package (``atocore/cypher/``), else the source checkout's top-level one."""
    installed = resources.files("atocore") / "cypher"
    return Path(str(installed)) if installed.is_dir() else REPO_ROOT / "cypher"


def _default_sources() -> dict[str, Path]:
    """This repository's docs/ as source 'atocore-docs'; none when installed without the repository."""
    checkout = source_checkout()
    return {DOCS_SOURCE: checkout / "docs"} if checkout else {}


def _xdg_dir(env_name: str, fallback: str) -> Path:
    base = os.environ.get(env_name) or str(Path.home() / fallback)
    return Path(base) / "atocore"


def default_data_dir() -> Path:
    return _xdg_dir("XDG_DATA_HOME", ".local/share")


def default_cache_dir() -> Path:
    return _xdg_dir("XDG_CACHE_HOME", ".cache")


def _both(name: str) -> AliasChoices:
    """Accept ATOCORE_<NAME> first, then the plain Neo4j-style <NAME>."""
    return AliasChoices(f"ATOCORE_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ATOCORE_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
    )

    # --- Neo4j connection -------------------------------------------------
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", validation_alias=_both("NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=_both("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(
        None,
        validation_alias=_both("NEO4J_PASSWORD"),
        description="When unset, the password file written by `atocore neo4j install` is used.",
    )
    neo4j_database: str = Field("neo4j", validation_alias=_both("NEO4J_DATABASE"))
    neo4j_connect_timeout_s: float = 5.0
    neo4j_retry_time_s: float = Field(5.0, description="How long the driver retries a transient failure.")
    neo4j_notifications_min_severity: Literal["OFF", "WARNING", "INFORMATION"] = Field(
        "OFF",
        description="Least severe Neo4j notification the server sends back (the driver logs them on the "
        "'neo4j.notifications' logger). OFF: the catalog is tested, and the usual ones are 'property key does "
        "not exist' on a fresh database; WARNING or INFORMATION while writing Cypher.",
    )

    # --- The local Neo4j server that `atocore neo4j ...` manages ----------
    data_dir: Path = Field(default_factory=default_data_dir)
    cache_dir: Path = Field(default_factory=default_cache_dir)
    neo4j_version: str = Field(
        "auto",
        description="'auto' picks the newest pinned release the installed JDKs can run.",
    )
    java_home: Path | None = Field(
        None,
        validation_alias=_both("JAVA_HOME"),
        description="JDK to run Neo4j with (ATOCORE_JAVA_HOME, else JAVA_HOME); the newest usable JDK found wins "
        "when it is older than another installed one.",
    )
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_heap: str = "2g"
    neo4j_pagecache: str = "2g"
    neo4j_start_timeout_s: float = 120.0
    neo4j_stop_timeout_s: float = 150.0

    # --- Embedding ----------------------------------------------------------
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="'all-MiniLM-L6-v2' (bundled, offline) or a path to a local sentence-transformers model directory.",
    )
    embedding_batch_size: int = 64

    # --- Sources, ingestion and context -------------------------------------
    sources: dict[str, Path] = Field(
        default_factory=_default_sources,
        description=(
            "Named source directories the server may read, as JSON: "
            'ATOCORE_SOURCES=\'{"notes": "/srv/notes", "docs": "/srv/docs"}\'. '
            "Project ingest roots are (source, subpath) pairs inside these; nothing outside is ever read. "
            "The default names this repository's docs/, which `atocore up` registers as project 'atocore' "
            "(none when AtoCore was installed as a package, without the repository)."
        ),
    )
    chunk_size: int = Field(1200, ge=200, description="Target characters per chunk.")
    chunk_overlap: int = Field(150, ge=0, description="Characters repeated between neighbouring chunks.")
    max_file_bytes: int = Field(2_000_000, description="Larger files are skipped and reported.")
    context_budget: int = Field(6000, ge=500, description="Default character budget of a context pack.")

    # --- Retrieval (chosen on the dev set: docs/architecture/ingestion-and-retrieval.md) ---
    retrieval_fusion: Literal["rrf", "weighted"] = Field(
        "rrf",
        description="How the vector and keyword lists are fused: 'rrf' (reciprocal rank: 1 / (k + rank)) or "
        "'weighted' (each list's scores rescaled to [0, 1], then weighted).",
    )
    retrieval_rrf_k: int = Field(60, ge=1, description="k of reciprocal rank fusion.")
    retrieval_vector_weight: float = Field(1.0, ge=0, description="Weight of the vector list; 0 skips it.")
    retrieval_keyword_weight: float = Field(1.0, ge=0, description="Weight of the keyword list; 0 skips it.")
    retrieval_document_weight: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Share of a list's value for a document's best chunk that the document's other chunks "
        "get from that list (agreement on a document, not only on a chunk); 0 fuses chunks alone.",
    )
    retrieval_title_boost: float = Field(
        1.0, gt=0, description="Keyword query: weight of a match in the chunk's title path (document title > headings)."
    )
    prompt_vector_cache: int = Field(
        256, ge=0, description="Prompt vectors kept (LRU), so /query then /context/build embed once; 0 keeps none."
    )
    context_neighbours: bool = Field(
        True,
        description="Context packs add a mid-section hit's NEXT_CHUNK neighbours and the active entities "
        "EVIDENCED_BY its chunks, within the budget.",
    )

    # --- Interactions (the reflection loop) ------------------------------------
    interaction_max_response_chars: int = Field(
        50_000,
        ge=1000,
        description="A captured response longer than this keeps its first this-many characters plus a visible "
        "'[... truncated by AtoCore ...]' marker, and the interaction records response_truncated = true.",
    )

    # --- API ------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = 8100

    # --- The HTTP client (CLI, hooks, MCP) ------------------------------------
    base_url: str | None = Field(None, description="API the client talks to; default http://API_HOST:API_PORT.")
    timeout_seconds: float = 30.0
    fail_open: bool = Field(
        True,
        description="When the API cannot be reached, client commands print "
        '{"status": "unavailable", "fail_open": true} and exit 0 instead of failing.',
    )

    # --- Build identity reported by /health -------------------------------
    build_sha: str = "unknown"
    build_time: str = "unknown"
    build_branch: str = "unknown"

    # --- Where the Cypher catalog lives ----------------------------------
    cypher_dir: Path = Field(
        default_factory=packaged_cypher_dir,
        description="The cypher/ directory queries are loaded from: by default the one installed with the package.",
    )

    @field_validator("sources", mode="after")
    @classmethod
    def _absolute_sources(cls, value: dict[str, Path]) -> dict[str, Path]:
        return {name: Path(path).expanduser().resolve() for name, path in value.items()}

    @field_validator("neo4j_notifications_min_severity", mode="before")
    @classmethod
    def _upper_severity(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("data_dir", "cache_dir", "cypher_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    # --- Derived locations ------------------------------------------------
    @property
    def api_url(self) -> str:
        return (self.base_url or f"http://{self.api_host}:{self.api_port}").rstrip("/")

    @property
    def neo4j_home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def neo4j_password_file(self) -> Path:
        return self.data_dir / "neo4j-password"

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    def resolved_neo4j_password(self) -> str | None:
        """The configured password, else the one `atocore neo4j install` generated."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        try:
            return self.neo4j_password_file.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None


def enforce_offline_models() -> None:
    """Keep Hugging Face libraries off the network (call before importing them): AtoCore never downloads weights."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def child_environment(**overrides: str) -> dict[str, str]:
    """The environment a child process (Neo4j's launcher, neo4j-admin) inherits, with ``overrides``."""
    return {**os.environ, **overrides}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
