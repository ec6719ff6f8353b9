"""The project registry and the canonicalization rule.

Every service entry point that takes a project name passes it through
``canonical_project`` first: a registered id or alias (case-insensitive)
becomes the canonical id; an empty name becomes ``""`` (no project scope);
an unknown name passes through unchanged, so rows written under a name that
was never registered stay reachable.
"""

from __future__ import annotations

from atocore.graph import Graph


def canonical_project(graph: Graph, name: str | None) -> str:
    if not name or not name.strip():
        return ""
    name = name.strip()
    rows = graph.run("projects.resolve", name_lower=name.lower())
    return rows[0]["id"] if rows else name
