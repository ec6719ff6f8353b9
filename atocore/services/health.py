"""The health report: is Neo4j there, is the schema in place, what is stored."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from atocore import __version__
from atocore.errors import AtoCoreError, GraphUnavailableError
from atocore.services.backup.schedule import BackupStatus, Scheduler, backup_status
from atocore.services.mirror import service as mirror_service
from atocore.services.runtime import Services


class IndexState(BaseModel):
    name: str
    type: str
    state: str
    labels: list[str] = []
    properties: list[str] = []
    dimensions: int | None = None


class Neo4jState(BaseModel):
    reachable: bool
    uri: str
    database: str
    server_version: str | None = None
    edition: str | None = None
    error: str | None = None


class MirrorHealth(BaseModel):
    auto: bool  # regenerated after changes and daily by the API's worker
    projects: int  # projects whose Mirror was ever regenerated
    failing: list[dict[str, Any]] = []  # projects whose last attempt failed: their pages are stale, not blank


class HealthReport(BaseModel):
    status: str  # ok | unavailable | error
    version: str
    build_sha: str
    build_time: str
    build_branch: str
    neo4j: Neo4jState
    embedding: dict[str, Any]
    indexes: list[IndexState] = []
    node_counts: dict[str, int] = {}
    migrations_applied: list[str] = []
    open_conflicts_count: int | None = None  # engineering conflicts waiting for a decision
    backups: BackupStatus | None = None  # the newest backup; stale (a warning, still 200) when the schedule is late
    mirror: MirrorHealth | None = None  # the Human Mirror's last regeneration per project

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _index_state(row: dict[str, Any]) -> IndexState:
    config = (row.get("options") or {}).get("indexConfig") or {}
    dims = config.get("vector.dimensions")
    return IndexState(
        name=row["name"],
        type=row["type"],
        state=row["state"],
        labels=row.get("labels") or [],
        properties=row.get("properties") or [],
        dimensions=int(dims) if dims is not None else None,
    )


def health_status(services: Services) -> str:
    """ok | unavailable | error, checked cheaply: all /health tells a caller without a token."""
    try:
        services.graph.verify()
        services.ensure_schema()
    except GraphUnavailableError:
        return "unavailable"
    except AtoCoreError:
        return "error"
    return "ok"


def health_report(services: Services, scheduler: Scheduler | None = None) -> HealthReport:
    settings = services.settings
    embedder = services.embedder
    report = HealthReport(
        status="ok",
        version=__version__,
        build_sha=settings.build_sha,
        build_time=settings.build_time,
        build_branch=settings.build_branch,
        neo4j=Neo4jState(reachable=False, uri=settings.neo4j_uri, database=settings.neo4j_database),
        embedding={"model": embedder.model_id, "dimensions": embedder.dimensions},
        backups=backup_status(services, scheduler),
    )
    graph = services.graph
    try:
        graph.verify()  # fails fast when Neo4j is down, instead of retrying queries
        components = graph.run("graph.components")
        kernel = next((c for c in components if c["name"] == "Neo4j Kernel"), components[0])
        report.neo4j.reachable = True
        report.neo4j.server_version = kernel["versions"][0]
        report.neo4j.edition = kernel["edition"]
        services.ensure_schema()
        report.migrations_applied = [r["id"] for r in graph.run("migrations.applied")]
        report.indexes = [_index_state(row) for row in graph.run("graph.indexes")]
        report.node_counts = {row["label"]: row["count"] for row in graph.run("health.label_counts")}
        report.open_conflicts_count = graph.run("conflicts.open_count")[0]["count"]
        found = mirror_service.statuses(graph)
        report.mirror = MirrorHealth(
            auto=settings.mirror_auto, projects=len(found), failing=[s for s in found if not s.get("ok")]
        )
    except GraphUnavailableError as exc:
        report.status = "unavailable"
        report.neo4j.reachable = False
        report.neo4j.error = exc.message
    except AtoCoreError as exc:
        report.status = "error"
        report.neo4j.error = exc.message
    return report
