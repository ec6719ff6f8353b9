"""What the graph holds, per project: documents, chunks, and chunks with vectors."""

from __future__ import annotations

from pydantic import BaseModel

from atocore.services.projects import canonical_project
from atocore.services.runtime import Services


class Counts(BaseModel):
    documents: int = 0
    chunks: int = 0
    chunks_with_vectors: int = 0


class ProjectCounts(Counts):
    project: str


class Stats(BaseModel):
    projects: list[ProjectCounts]
    totals: Counts


def stats(services: Services, project: str | None = None) -> Stats:
    """Counts for every project, or for one when ``project`` names it (id or alias)."""
    scope = canonical_project(services.graph, project)
    rows = [ProjectCounts(**row) for row in services.graph.run("stats.by_project", project=scope)]
    totals = Counts(
        documents=sum(r.documents for r in rows),
        chunks=sum(r.chunks for r in rows),
        chunks_with_vectors=sum(r.chunks_with_vectors for r in rows),
    )
    return Stats(projects=rows, totals=totals)
