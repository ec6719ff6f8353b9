"""`atocore doctor`: what works on this machine, and what to do about what does not.

Each check looks at one thing (Java, the local Neo4j, the API, the token,
the sources, the indexes, the embedding model, disk space, the last backup)
and answers a ``Check``: ``ok``, ``warn``, ``fail`` or ``skip`` (the feature
is absent or cannot be judged because something it needs failed first), a
line saying what it found and, unless ok, what to run or set. No check
raises: one broken piece never hides the others. The API is asked once
(/health, /sources, /projects); the rest is read on this machine.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from atocore.client import AtoCoreClient
from atocore.config import Settings
from atocore.errors import ApiUnavailableError, AtoCoreError

MIN_FREE_BYTES = 1 << 30  # below 1 GiB free: a warning (Neo4j's store and transaction logs grow)
LOW_FREE_BYTES = 200 << 20  # below 200 MiB: Neo4j may stop accepting writes
STATUSES = ("ok", "warn", "fail", "skip")


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail | skip
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class _Api:
    """What the API answered (None: it did not)."""

    health: dict[str, Any] | None = None
    health_status: int | None = None
    error: str = ""
    sources: dict[str, Any] | None = None
    projects_status: str = ""  # ok | unauthorized | forbidden | error: <message>


def run_checks(settings: Settings, client: AtoCoreClient) -> list[Check]:
    api = _ask_api(client)
    return [
        check_java(settings),
        check_neo4j(settings, api),
        check_api(client, api),
        check_token(api),
        check_sources(settings, api),
        check_indexes(api),
        check_embedding(settings, api),
        check_disk(settings),
        check_backup(api),
    ]


def _ask_api(client: AtoCoreClient) -> _Api:
    api = _Api()
    try:
        api.health_status, api.health = client.health()
    except ApiUnavailableError as exc:
        api.error = exc.message
        return api
    except (AtoCoreError, ValueError) as exc:  # a server that is not AtoCore, or answers no JSON
        api.error = str(exc)
        return api
    try:
        client.projects()
        api.projects_status = "ok"
    except AtoCoreError as exc:
        named = {401: "unauthorized", 403: "forbidden"}
        api.projects_status = named.get(exc.http_status, f"error: {exc.message}")
    try:
        api.sources = client.sources()
    except AtoCoreError:
        api.sources = None
    return api


def check_java(settings: Settings) -> Check:
    from atocore.runtime.java import RELEASES, find_javas

    try:
        javas = find_javas(settings.java_home)
    except AtoCoreError as exc:
        return Check("java", "fail", exc.message, "Point ATOCORE_JAVA_HOME at a JDK home (the directory above bin/).")
    if not javas:
        return Check(
            "java",
            "fail",
            "no Java found",
            "Install a JDK: `apt-get install openjdk-21-jdk-headless` (or 17 for Neo4j 5.26), "
            "or set ATOCORE_JAVA_HOME.",
        )
    usable = [j for j in javas if any(r.java_min <= j.major <= r.java_max for r in RELEASES)]
    found = ", ".join(f"Java {j.major} ({j.home})" for j in javas)
    if not usable:
        wants = "; ".join(f"Neo4j {r.version}: Java {r.java_min}-{r.java_max}" for r in RELEASES)
        return Check("java", "fail", f"{found}: none runs Neo4j ({wants})", "Install Java 21.")
    return Check("java", "ok", found)


def check_neo4j(settings: Settings, api: _Api) -> Check:
    from atocore.runtime.server import LocalNeo4j, ServerConfig

    neo4j = (api.health or {}).get("neo4j") or {}
    if neo4j.get("reachable"):
        return Check("neo4j", "ok", f"Neo4j {neo4j.get('server_version')} {neo4j.get('edition', '')} at {neo4j['uri']}")
    local = LocalNeo4j(ServerConfig.from_settings(settings)).status()
    if neo4j:  # the API answered and cannot reach it
        why = neo4j.get("error") or "unreachable"
        detail = f"the API cannot reach {neo4j.get('uri')}: {why}; local server {local.state}"
    else:
        detail = f"local server {local.state} ({local.bolt_uri})"
    if local.state == "not-installed":
        return Check("neo4j", "fail", detail, "`atocore up` installs and starts it (or set ATOCORE_NEO4J_URI).")
    if local.state == "stopped":
        return Check("neo4j", "fail", detail, "`atocore neo4j start` (or `atocore up`).")
    if neo4j:
        return Check("neo4j", "fail", detail, f"Read the server log: {local.log_file}.")
    return Check("neo4j", "skip", detail + "; the API did not answer, so the connection is untested")


def check_api(client: AtoCoreClient, api: _Api) -> Check:
    if api.health is None:
        return Check(
            "api",
            "fail",
            api.error or f"no answer from {client.base_url}",
            "`atocore up` (background) or `atocore serve`; or pass --url / set ATOCORE_BASE_URL.",
        )
    version = api.health.get("version", "?")
    if api.health_status != 200:
        return Check("api", "fail", f"{client.base_url} answers {api.health_status} (AtoCore {version})", "See neo4j.")
    return Check("api", "ok", f"AtoCore {version} at {client.base_url}")


def check_token(api: _Api) -> Check:
    if api.health is None:
        return Check("token", "skip", "the API did not answer")
    if api.projects_status == "ok":
        return Check("token", "ok", "the API accepts this client's requests")
    if api.projects_status == "unauthorized":
        return Check(
            "token", "fail", "the API asks for a token and got none it accepts", "Set ATOCORE_TOKEN (or its file)."
        )
    if api.projects_status == "forbidden":
        return Check("token", "warn", "the token is valid but may not read projects", "Use a token with read scope.")
    return Check("token", "fail", f"GET /projects: {api.projects_status}", "See the API's log.")


def check_sources(settings: Settings, api: _Api) -> Check:
    if api.sources is not None:
        sources = {s["name"]: (s["path"], s["exists"]) for s in api.sources.get("sources", [])}
        roots = [
            f"{p['project']}:{r['source']}:{r['subpath'] or '.'}"
            for p in api.sources.get("projects", [])
            for r in p.get("roots", [])
            if not r.get("exists")
        ]
        where = "the API's"
    else:
        sources = {name: (str(path), Path(path).is_dir()) for name, path in settings.sources.items()}
        roots, where = [], "configured (ATOCORE_SOURCES)"
    if not sources:
        return Check("sources", "warn", f"no {where} sources", "Add a folder of notes: see `atocore source --help`.")
    missing = [f"{name} ({path})" for name, (path, exists) in sources.items() if not exists]
    if missing:
        return Check("sources", "fail", "missing: " + ", ".join(missing), "Create the folder or fix its path.")
    if roots:
        return Check(
            "sources",
            "warn",
            "project roots missing: " + ", ".join(roots),
            "Fix the project's ingest_roots (`atocore project update`).",
        )
    return Check("sources", "ok", f"{len(sources)} {where} source(s), every one present")


def check_indexes(api: _Api) -> Check:
    if not api.health or not (api.health.get("neo4j") or {}).get("reachable"):
        return Check("indexes", "skip", "Neo4j was not reached through the API")
    indexes = api.health.get("indexes") or []
    if not indexes:
        return Check("indexes", "fail", "no index", "Restart the API: it applies the schema on start.")
    waiting = [f"{i['name']} ({i['state']})" for i in indexes if i["state"] != "ONLINE"]
    if waiting:
        failed = any(i["state"] == "FAILED" for i in indexes)
        return Check(
            "indexes",
            "fail" if failed else "warn",
            "not online: " + ", ".join(waiting),
            "Drop and recreate the failed index (`SHOW INDEXES` in Neo4j Browser)"
            if failed
            else "Wait: Neo4j is still populating them.",
        )
    return Check("indexes", "ok", f"{len(indexes)} online")


def check_embedding(settings: Settings, api: _Api) -> Check:
    from atocore.embedding.sentence import resolve_model_dir

    try:
        where = resolve_model_dir(settings.embedding_model)
    except AtoCoreError as exc:
        return Check("embedding", "fail", exc.message, "Install the model package or fix ATOCORE_EMBEDDING_MODEL.")
    if not api.health:
        return Check("embedding", "ok", f"{settings.embedding_model} at {where} (the API's model unchecked)")
    served = api.health.get("embedding") or {}
    vectors = [i for i in api.health.get("indexes") or [] if i.get("dimensions")]
    wrong = [f"{i['name']} ({i['dimensions']})" for i in vectors if i["dimensions"] != served.get("dimensions")]
    if wrong:
        return Check(
            "embedding",
            "fail",
            f"the API embeds with {served.get('model')} ({served.get('dimensions')} dimensions); "
            f"vector index {', '.join(wrong)} differs",
            "Use the model the graph was built with, or re-ingest into a fresh graph.",
        )
    return Check("embedding", "ok", f"{served.get('model')} ({served.get('dimensions')} dimensions) at {where}")


def check_disk(settings: Settings) -> Check:
    where = settings.data_dir
    while not where.exists() and where != where.parent:
        where = where.parent
    free = shutil.disk_usage(where).free
    detail = f"{free / (1 << 30):.1f} GiB free at {where}"
    if free < LOW_FREE_BYTES:
        return Check("disk", "fail", detail, "Free space: Neo4j stops writing when its disk is full.")
    if free < MIN_FREE_BYTES:
        return Check("disk", "warn", detail, "Free some space or move ATOCORE_DATA_DIR.")
    return Check("disk", "ok", detail)


def check_backup(api: _Api) -> Check:
    if api.health is None:
        return Check("backup", "skip", "the API did not answer")
    if "backups" not in api.health:
        return Check("backup", "skip", "this version of the API reports no backups")
    status = api.health["backups"] or {}
    when = status.get("last_backup_at")
    if not when:
        return Check("backup", "warn", "no backup yet", "`atocore backup create`, or set ATOCORE_BACKUP_SCHEDULE.")
    age = _age(when)
    detail = f"newest {status.get('last_backup_id') or ''} at {when}" + (f" ({age})" if age else "")
    if status.get("last_backup_valid") is False:
        return Check("backup", "fail", detail + ": it does not validate", "Make a new backup and validate it.")
    if status.get("stale") or status.get("last_scheduled_error"):
        why = status.get("warning") or status.get("last_scheduled_error") or "older than the schedule promises"
        return Check("backup", "warn", f"{detail}: {why}", "Check the API log and ATOCORE_BACKUP_SCHEDULE.")
    return Check("backup", "ok", detail)


def _age(when: Any) -> str:
    try:
        then = datetime.fromisoformat(str(when).replace("Z", "+00:00"))
    except ValueError:
        return ""
    hours = (datetime.now(UTC) - then).total_seconds() / 3600
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"
