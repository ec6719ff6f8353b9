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
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from atocore.errors import ConfigurationError

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


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
ANY_INTERFACE = ("0.0.0.0", "::", "")
TOKEN_FILE_NAME = "api-token"

# A list setting given as "a,b,c" (or a JSON list) in the environment.
Names = Annotated[list[str], NoDecode]
Networks = Annotated[list[IPv4Network | IPv6Network], NoDecode]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 possibly in brackets) is this machine only."""
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _split(value: object) -> object:
    """'a, b' or '["a", "b"]' -> ['a', 'b']; a list stays a list."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        import json

        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


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
    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687",
        validation_alias=_both("NEO4J_URI"),
        description="Unset: the local server's, bolt://127.0.0.1:<ATOCORE_NEO4J_BOLT_PORT>.",
    )
    neo4j_user: str = Field("neo4j", validation_alias=_both("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(
        None,
        validation_alias=_both("NEO4J_PASSWORD"),
        description="When unset, the password file written by `atocore neo4j install` is used.",
    )
    neo4j_database: str = Field("neo4j", validation_alias=_both("NEO4J_DATABASE"))
    neo4j_connect_timeout_s: float = Field(
        0.8, description="How long opening a connection to Neo4j may take: an unreachable server answers 503 this fast."
    )
    neo4j_retry_time_s: float = Field(
        5.0, description="How long a write that hit a transient error (a deadlock, a lock timeout) is retried."
    )
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
    source_roots: list[Path] = Field(
        default_factory=lambda: [Path.home()],
        description=(
            "Directories under which `atocore sources add` (POST /sources) may name a source, as JSON: "
            'ATOCORE_SOURCE_ROOTS=\'["/home/me", "/srv/notes"]\'. Default: the home directory of the user '
            "running the server. System directories are refused even inside a root, and so is a path whose "
            "symlinks lead outside every root. Sources in ATOCORE_SOURCES are the operator's own and exempt."
        ),
    )
    chunk_size: int = Field(1200, ge=200, description="Target characters per chunk.")
    chunk_overlap: int = Field(150, ge=0, description="Characters repeated between neighbouring chunks.")
    max_file_bytes: int = Field(2_000_000, description="Larger files are skipped and reported.")
    context_budget: int = Field(6000, ge=500, description="Default character budget of a context pack.")

    # --- Retrieval (chosen on the dev set: docs/architecture/ingestion-and-retrieval.md) ---
    retrieval_fusion: Literal["rrf", "weighted"] = Field(
        "weighted",
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

    # --- The trust boundary (docs/operations/security.md) ----------------------
    auth_disabled: bool = Field(
        False,
        description="Serve without tokens. Refused unless the API listens on loopback only (ATOCORE_API_HOST).",
    )
    token_file: Path | None = Field(
        None,
        description="The admin token's file (default <data dir>/api-token, mode 0600). The API creates it on "
        "first start when it is the default and missing, and registers its hash; clients read it when "
        "ATOCORE_TOKEN is unset. A file named here must exist (a Docker secret, say).",
    )
    token_cache_seconds: float = Field(
        10.0,
        ge=0,
        description="How long the API trusts a token it verified before asking Neo4j again; a revocation made "
        "through another process takes effect within this time (0: verify every request).",
    )
    allowed_hosts: Names = Field(
        default_factory=list,
        description="Host names (and addresses) the API answers to besides the loopback names, comma-separated: "
        "the names clients and a TLS proxy use. Any other Host header gets 421.",
    )
    allowed_ips: Networks = Field(
        default_factory=list,
        description="When set, only clients in these networks (CIDR, comma-separated) are served; the others "
        "get 403 before any token is read.",
    )
    cors_origins: Names = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (CORS), comma-separated; none by default.",
    )

    # --- Limits (each answered with a 413 or 422 that names it) ------------------
    max_body_bytes: int = Field(10_000_000, ge=1024, description="Largest request body, in bytes.")
    max_import_body_bytes: int = Field(
        100_000_000,
        ge=1024,
        description="Largest body of the KB-CAD / KB-FEM export endpoints and of a project import, in bytes.",
    )
    max_text_chars: int = Field(
        50_000, ge=1000, description="Longest text field: a memory, a state value, an entity property, a prompt kept."
    )
    max_prompt_chars: int = Field(20_000, ge=100, description="Longest prompt of /query and /context/build.")
    max_source_refs: int = Field(1_000, ge=1, description="Most source_refs one entity or relationship write takes.")

    # --- The HTTP client (CLI, hooks, MCP) ------------------------------------
    token: SecretStr | None = Field(
        None, description="The token clients send (default: the one in the token file); never logged."
    )
    base_url: str | None = Field(None, description="API the client talks to; default http://API_HOST:API_PORT.")
    timeout_seconds: float = 30.0
    fail_open: bool = Field(
        True,
        description="When the API or Neo4j cannot be reached, the context-side client commands (context build and "
        'auto, query, q, interaction capture) print {"status": "unavailable", "fail_open": true} and exit 0 instead '
        "of failing; writes and admin commands always fail closed (docs/cli.md, Exit codes).",
    )

    # --- Backups ---------------------------------------------------------------
    backup_dir: Path | None = Field(
        default=None, description="Where backups are written; any mounted path (default <data dir>/backups)."
    )
    backup_passphrase: SecretStr | None = Field(
        default=None, description="Passphrase of encrypted backups (--encrypt, and scheduled backups when set)."
    )
    backup_passphrase_file: Path | None = Field(default=None, description="A file whose first line is that passphrase.")
    backup_schedule: str = Field(
        default="",
        description="Backups inside the API process: 'HH:MM' (daily at that UTC time) or 'Nh' (every N hours); "
        "empty: none. Each is validated, then old ones are pruned.",
    )
    backup_keep_daily: int = Field(default=7, ge=0, description="Retention: newest backup of each of the last N days.")
    backup_keep_weekly: int = Field(default=4, ge=0, description="Retention: newest backup of the last N Sundays.")
    backup_keep_monthly: int = Field(default=6, ge=0, description="Retention: newest backup of the 1st, last N months.")
    backup_write_wait_s: float = Field(
        default=900.0, description="How long a write waits while a backup reads or a restore writes (then 409)."
    )

    # --- The Human Mirror (derived markdown pages under DATA_DIR/mirror/) -----
    mirror_auto: bool = Field(
        True,
        description="Regenerate a project's Mirror pages after its entities, relationships, conflicts or trusted "
        "state change (one background worker in the API process), and every day at MIRROR_DAILY_AT.",
    )
    mirror_debounce_s: float = Field(
        30.0, ge=0, description="Changes to one project within this many seconds trigger one regeneration."
    )
    mirror_daily_at: str = Field(
        "03:30",
        pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^$",
        description="Local time (HH:MM) of the daily full regeneration of every project's Mirror; empty: none.",
    )
    mirror_session_minutes: int = Field(
        30,
        ge=1,
        le=720,
        description="Lifetime of a browser session on the Mirror's pages (the cookie POST /mirror/session or "
        "/mirror/login sets; it opens the read-only Mirror pages only).",
    )
    neo4j_browser_url: str | None = Field(
        None,
        description="Neo4j Browser the Mirror's HTML pages link entities to; default "
        "http://127.0.0.1:NEO4J_HTTP_PORT/browser/.",
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

    @field_validator("token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        """ATOCORE_TOKEN= (empty) means no token: the token file is read then."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("allowed_hosts", "cors_origins", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        return _split(value)

    @field_validator("allowed_ips", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        """CIDR networks; a bare address is a /32 (/128), and host bits are ignored (10.1.2.3/8 is 10.0.0.0/8)."""
        listed = _split(value)
        return [ip_network(str(n), strict=False) for n in listed] if isinstance(listed, list) else listed

    @field_validator("neo4j_notifications_min_severity", mode="before")
    @classmethod
    def _upper_severity(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("source_roots", mode="after")
    @classmethod
    def _absolute_roots(cls, value: list[Path]) -> list[Path]:
        return [Path(path).expanduser().resolve() for path in value]

    @field_validator("data_dir", "cache_dir", "cypher_dir", "token_file", mode="after")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return value.expanduser().resolve() if value is not None else None

    @field_validator("backup_dir", "backup_passphrase_file", mode="after")
    @classmethod
    def _absolute_optional(cls, value: Path | None) -> Path | None:
        return value.expanduser().resolve() if value is not None else None

    @model_validator(mode="after")
    def _uri_follows_the_bolt_port(self) -> Settings:
        """Without ATOCORE_NEO4J_URI, AtoCore talks to the local server where ATOCORE_NEO4J_BOLT_PORT put it."""
        if "neo4j_uri" not in self.model_fields_set:
            self.neo4j_uri = f"bolt://127.0.0.1:{self.neo4j_bolt_port}"
        return self

    # --- Derived locations ------------------------------------------------
    @property
    def api_url(self) -> str:
        """Where clients on this machine reach the API: an all-interfaces bind is reached on 127.0.0.1."""
        host = "127.0.0.1" if self.api_host in ANY_INTERFACE else self.api_host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return (self.base_url or f"http://{host}:{self.api_port}").rstrip("/")

    @property
    def neo4j_home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def neo4j_password_file(self) -> Path:
        return self.data_dir / "neo4j-password"

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    @property
    def api_token_file(self) -> Path:
        return self.token_file or self.data_dir / TOKEN_FILE_NAME

    def resolved_token(self) -> str | None:
        """The token a client sends: ATOCORE_TOKEN, else the token file's content, else None."""
        if self.token is not None:
            return self.token.get_secret_value().strip()
        try:
            return self.api_token_file.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    @property
    def backups_root(self) -> Path:
        return self.backup_dir or self.data_dir / "backups"

    def resolved_backup_passphrase(self) -> str | None:
        """ATOCORE_BACKUP_PASSPHRASE, else the first line of ATOCORE_BACKUP_PASSPHRASE_FILE, else None."""
        if self.backup_passphrase is not None:
            return self.backup_passphrase.get_secret_value() or None
        if self.backup_passphrase_file is not None:
            try:
                lines = self.backup_passphrase_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ConfigurationError(f"ATOCORE_BACKUP_PASSPHRASE_FILE cannot be read: {exc}") from exc
            return lines[0].strip() if lines and lines[0].strip() else None
        return None

    @property
    def mirror_dir(self) -> Path:
        return self.data_dir / "mirror"

    @property
    def browser_url(self) -> str:
        return self.neo4j_browser_url or f"http://127.0.0.1:{self.neo4j_http_port}/browser/"

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
