"""The overview as the project stood at a past time (``?as_of=``), rendered on request, never stored.

The versions active at that moment and their relationships effective then
come from one catalog query (Q-022, read to the end); this module arranges
those rows in the shapes the overview's context takes from the current-state
queries (Q-004, Q-014, Q-005/Q-006, Q-010/Q-011), so the same template draws
it. Trusted state, conflicts, recent changes and traceability chains are
current-state facts with no history, and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from atocore.services import projects
from atocore.services.mirror import render
from atocore.services.mirror.facts import ProjectFacts, Reader, Row
from atocore.services.runtime import Services


def overview_as_of(services: Services, name: str, moment: datetime) -> tuple[str, str]:
    """(canonical project id, the overview's markdown as of ``moment``)."""
    project = projects.get_project(services.graph, name)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    as_of = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = Reader(services.graph, project.id).rows("Q-022", as_of=moment)
    facts = facts_as_of(project, rows)
    context = render.overview_context(facts, as_of=as_of)
    stamp = render.checksum(f"overview@{as_of}", context)
    generated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return project.id, render.page_text("overview.md.j2", context, generated_at=generated, stamp=stamp)


def facts_as_of(project: projects.Project, rows: list[Row]) -> ProjectFacts:
    by_type: dict[str, list[Row]] = defaultdict(list)
    incoming: dict[tuple[str, str], list[Row]] = defaultdict(list)  # (link type, target key) -> sources
    for row in rows:
        by_type[row["type"]].append(row)
        for link in row["links"]:
            incoming[(link["type"], link["key"])].append(row)
    supported = {c["key"] for c in by_type["ValidationClaim"] if _from(incoming, "SUPPORTS", c, "Result")}
    coverage = [_requirement(r, incoming, supported) for r in by_type["Requirement"]]
    claims = [_claim(c, incoming, supported) for c in by_type["ValidationClaim"]]
    return ProjectFacts(
        project={"id": project.id, "aliases": sorted(project.aliases), "description": project.description},
        state=[],
        tree=_tree(by_type["Subsystem"], by_type["Component"]),
        decisions=_decisions(by_type["Decision"]),
        dependencies=[],
        flagged=[],
        coverage=coverage,
        orphans=[r for r in coverage if not r["covered"]],
        claims=claims,
        unsupported=[c for c in claims if not c["supported"]],
        conflicts=[],
        recent=[],
        traceability=[],
    )


def _ident(row: Row) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "key", "name", "type")}


def _from(incoming: dict[tuple[str, str], list[Row]], link: str, target: Row, *types: str) -> list[Row]:
    return sorted((r for r in incoming[(link, target["key"])] if r["type"] in types), key=lambda r: r["key"])


def _requirement(req: Row, incoming: dict[tuple[str, str], list[Row]], supported: set[str]) -> Row:
    satisfiers = _from(incoming, "SATISFIES", req, "Component", "Subsystem")
    claims = _from(incoming, "VALIDATES", req, "ValidationClaim")
    return {
        **_ident(req),
        "text": req["facts"].get("text"),
        "covered": bool(satisfiers),
        "satisfied_by": [_ident(s) for s in satisfiers],
        "validated_by": [{**_ident(c), "supported": c["key"] in supported} for c in claims],
    }


def _claim(claim: Row, incoming: dict[tuple[str, str], list[Row]], supported: set[str]) -> Row:
    results = _from(incoming, "SUPPORTS", claim, "Result")
    return {
        **_ident(claim),
        "supported": claim["key"] in supported,
        "results": [
            {"key": r["key"], "value": r["facts"].get("value"), "unit": r["facts"].get("unit"), "model_key": None}
            for r in results
        ],
        "validates": sorted(link["key"] for link in claim["links"] if link["type"] == "VALIDATES"),
    }


def _decisions(decisions: list[Row]) -> list[Row]:
    ordered = sorted(decisions, key=lambda d: (d["facts"].get("decided_at") or "", d["key"]), reverse=True)
    return [
        {
            **_ident(d),
            "entry": "current",
            "statement": d["facts"].get("statement"),
            "decided_at": d["facts"].get("decided_at"),
            "conflict_id": None,
        }
        for d in ordered
    ]


def _tree(subsystems: list[Row], components: list[Row]) -> list[Row]:
    """Q-004's rows (depth, key, name, parent_key, path, counts) from the CONTAINS links effective then."""
    by_key = {s["key"]: s for s in subsystems}
    component_keys = {c["key"] for c in components}
    children = {
        s["key"]: sorted(k["key"] for k in s["links"] if k["type"] == "CONTAINS" and k["key"] in by_key)
        for s in subsystems
    }
    direct = {
        s["key"]: {k["key"] for k in s["links"] if k["type"] == "CONTAINS" and k["key"] in component_keys}
        for s in subsystems
    }
    contained = {child for kids in children.values() for child in kids}

    def below(key: str, seen: frozenset[str]) -> set[str]:
        found = set(direct[key])
        for child in children[key]:
            if child not in seen:
                found |= below(child, seen | {child})
        return found

    rows: list[Row] = []

    def walk(key: str, path: list[str]) -> None:
        node = by_key[key]
        rows.append(
            {
                **_ident(node),
                "depth": len(path) - 1,
                "parent_key": path[-2] if len(path) > 1 else None,
                "path": path,
                "direct_components": len(direct[key]),
                "total_components": len(below(key, frozenset(path))),
            }
        )
        for child in children[key]:
            if child not in path:
                walk(child, [*path, child])

    for root in sorted(k for k in by_key if k not in contained):
        walk(root, [root])
    return rows
