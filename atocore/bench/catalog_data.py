"""The P4 bench's synthetic project: its shape, written fast, and the parameters drawn from it.

The project (``bench-catalog``) is written with UNWIND batches
(``cypher/bench/catalog_*.cypher``) in the shape the API gives real data; see
``atocore.bench.catalog`` for what is measured on it.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from atocore.services.engineering import ontology
from atocore.services.runtime import Services

STATISTICS_SETTLE_S = 3.0
PROJECT = "bench-catalog"
BATCH = 5000
# Share of the entities per type (roughly what a mid-size instrument project holds).
TYPE_SHARES = {
    "Subsystem": 0.02,
    "Component": 0.24,
    "Interface": 0.05,
    "Material": 0.02,
    "Parameter": 0.19,
    "Requirement": 0.14,
    "Constraint": 0.04,
    "Decision": 0.08,
    "Assumption": 0.03,
    "AnalysisModel": 0.03,
    "Result": 0.08,
    "ValidationClaim": 0.05,
    "Fact": 0.03,
}
# Relationships added beyond the base shape to reach the requested count, by type (never BASED_ON, CONTAINS
# or USES_MATERIAL, so the subsystem tree stays a tree and decision chains stay short, as in real projects).
EXTRA_SHARES = {
    "AFFECTS": 0.25,
    "CONSTRAINS": 0.15,
    "HAS_PARAMETER": 0.15,
    "DERIVED_FROM": 0.15,
    "ADDRESSES": 0.1,
    "HAS_INTERFACE": 0.05,
    "CONNECTS": 0.05,
    "SATISFIES": 0.05,
    "VALIDATES": 0.05,
}
FACTS = {
    "Component": lambda r, i: {"part_number": f"P-{i}"},
    "Interface": lambda r, i: {"interface_kind": r.choice(["mechanical", "thermal", "electrical"])},
    "Material": lambda r, i: {"specification": f"grade {i}"},
    "Parameter": lambda r, i: {"value": round(r.uniform(0.1, 500), 2), "unit": r.choice(["mm", "N", "K", "Pa"])},
    "Requirement": lambda r, i: {
        "text": f"The system shall meet condition {i}.",
        "priority": r.choice(["must", "should"]),
    },
    "Constraint": lambda r, i: {"text": f"Limit {i}.", "value": r.randint(1, 900), "unit": "kg"},
    "Decision": lambda r, i: {
        "rationale": f"reason {i}",
        "statement": f"decision {i}",
        "decided_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i),
    },
    "Assumption": lambda r, i: {"text": f"assumption {i}", "needs_review": r.random() < 0.1},
    "AnalysisModel": lambda r, i: {"tool": "kb-fem", "method": "FEM"},
    "Result": lambda r, i: {"value": round(r.uniform(0, 10), 3), "unit": "MPa"},
    "ValidationClaim": lambda r, i: {"text": f"claim {i}"},
    "Fact": lambda r, i: {"text": f"fact {i}"},
}


class Synthetic:
    """The synthetic project: entity and relationship rows plus what the queries need as parameters."""

    def __init__(self, entities: int, relationships: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC)
        self.entity_rows: list[dict[str, Any]] = []
        self.rel_rows: list[dict[str, Any]] = []
        self.live: dict[str, list[dict[str, Any]]] = defaultdict(list)  # active entities by type
        self.state: list[dict[str, str]] = []
        self.conflicts: list[dict[str, Any]] = []
        self._make_entities(entities)
        self._make_relationships(relationships)

    def _when(self) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(0, 120))

    def _entity(self, type_: str, index: int, status: str, version: int = 1, key: str | None = None) -> dict[str, Any]:
        created = self._when()
        kind = ontology.ENTITY_TYPES[type_]
        row = {
            "id": str(uuid.uuid4()),
            "type": type_,
            "key": key or f"{kind.key_prefix}.bench-{index}",
            "name": f"{type_} {index}",
            "status": status,
            "version": version,
            "facts": FACTS.get(type_, lambda r, i: {})(self.rng, index),
            "created_at": created,
            "valid_from": created if status in ("active", "superseded", "retired") else None,
            "valid_to": created + timedelta(days=1) if status in ("superseded", "retired") else None,
            "artifact": f"bench://export/{index % 50}",
            "home": "kb-cad" if type_ in ("Component", "Material") else "atocore",
            "reviewed": "promote" if status != "candidate" and self.rng.random() < 0.5 else None,
        }
        self.entity_rows.append(row)
        return row

    def _make_entities(self, total: int) -> None:
        for type_, share in TYPE_SHARES.items():
            for index in range(max(3, int(total * share))):
                roll = self.rng.random()
                if roll < 0.05 and type_ != "Subsystem":
                    status = "candidate"
                elif roll < 0.08 and type_ != "Subsystem":
                    status = "invalid"
                else:
                    status = "active"
                row = self._entity(type_, index, status)
                if status == "active":
                    self.live[type_].append(row)
                    if self.rng.random() < 0.05:  # an earlier version, superseded by this one
                        old = self._entity(type_, index, "superseded", key=row["key"])
                        row["version"] = 2
                        self.rel_rows.append(
                            {
                                "id": None,
                                "type": "SUPERSEDES",
                                "from": row["id"],
                                "to": old["id"],
                                "status": None,
                                "created_at": row["created_at"],
                            }
                        )

    def _rel(self, type_: str, source: dict, target: dict) -> None:
        roll = self.rng.random()
        status = "active" if roll < 0.9 else "candidate" if roll < 0.95 else "invalid"
        self.rel_rows.append(
            {
                "id": str(uuid.uuid4()),
                "type": type_,
                "from": source["id"],
                "to": target["id"],
                "status": status,
                "created_at": source["created_at"],
            }
        )

    def _any_of(self, types: tuple[str, ...]) -> dict:
        pool = [t for t in types if self.live[t]]
        return self.rng.choice(self.live[self.rng.choice(pool)])

    def _some(self, type_: str, low: int, high: int) -> list[dict]:
        pool = self.live[type_]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high))) if pool else []

    def _make_relationships(self, total: int) -> None:
        """The base shape real review leaves (degrees per entity), then extra links up to ``total``."""
        live, rng = self.live, self.rng
        subsystems, components = live["Subsystem"], live["Component"]
        for index, sub in enumerate(subsystems[1:], start=1):  # a tree: each subsystem under an earlier one
            self._rel("CONTAINS", subsystems[rng.randrange(max(1, index // 3 + 1))], sub)
        for component in components:
            self._rel("CONTAINS", rng.choice(subsystems), component)
            self._rel("USES_MATERIAL", component, rng.choice(live["Material"]))
        for parameter in live["Parameter"]:
            self._rel("HAS_PARAMETER", self._any_of(("Component",) * 8 + ("Material", "AnalysisModel")), parameter)
        for interface in live["Interface"]:
            for owner in rng.sample(components, 2):
                self._rel("HAS_INTERFACE", owner, interface)
                self._rel("CONNECTS", interface, rng.choice(components))
        for requirement in live["Requirement"]:
            if rng.random() < 0.85:
                for satisfier in self._some("Component", 1, 3):
                    self._rel("SATISFIES", satisfier, requirement)
            if rng.random() < 0.4:
                self._rel("DERIVED_FROM", requirement, rng.choice(live["Requirement"]))
        for constraint in live["Constraint"]:
            for target in self._some("Component", 1, 2) + self._some("Subsystem", 0, 1):
                self._rel("CONSTRAINS", constraint, target)
        decisions = live["Decision"]
        for index, decision in enumerate(decisions):
            for target in self._some("Component", 1, 3) + self._some("Subsystem", 0, 1):
                self._rel("AFFECTS", decision, target)
            if rng.random() < 0.7:
                self._rel("BASED_ON", decision, rng.choice(live["Assumption"]))
            if index and rng.random() < 0.3:  # rests on an earlier decision: chains, never cycles
                self._rel("BASED_ON", decision, decisions[rng.randrange(index)])
            if rng.random() < 0.5:
                self._rel("ADDRESSES", decision, rng.choice(live["Requirement"]))
        for model in live["AnalysisModel"]:
            for target in self._some("Component", 1, 2):
                self._rel("ANALYZES", model, target)
        for result in live["Result"]:
            self._rel("PRODUCED", rng.choice(live["AnalysisModel"]), result)
            if rng.random() < 0.8:
                self._rel("SUPPORTS", result, rng.choice(live["ValidationClaim"]))
        for claim in live["ValidationClaim"]:
            for requirement in self._some("Requirement", 1, 2):
                self._rel("VALIDATES", claim, requirement)
        left = max(0, total - sum(1 for r in self.rel_rows if r["id"] is not None))
        for type_, share in EXTRA_SHARES.items():
            kind = ontology.RELATIONSHIP_TYPES[type_]
            for _ in range(int(left * share)):
                source, target = self._any_of(kind.sources), self._any_of(kind.targets)
                if source is not target:
                    self._rel(type_, source, target)
        for component in rng.sample(components, min(40, len(components))):
            field = self.rng.choice(["part_number", "name"])
            self.state.append({"key": f"{component['key']}.{field}", "category": "decision", "value": "override"})
        for parameter in self.rng.sample(self.live["Parameter"], min(40, len(self.live["Parameter"]))):
            self.state.append({"key": f"{parameter['key']}.value", "category": "constraint", "value": "42"})
        for decision in self.rng.sample(self.live["Decision"], min(10, len(self.live["Decision"]))):
            rivals = [
                self._entity("Decision", 90_000 + len(self.entity_rows), "candidate", 2, key=decision["key"])
                for _ in range(2)
            ]
            self.conflicts.append(
                {
                    "id": str(uuid.uuid4()),
                    "slot": f"{PROJECT}|Decision|{decision['key']}",
                    "member_ids": [r["id"] for r in rivals],
                }
            )

    def samples(self, count: int) -> dict[str, list[dict[str, Any]]]:
        """Parameters per query, drawn from the active data (``count`` each, cycled when fewer exist)."""
        rng = random.Random(5)

        def keys(*types: str) -> list[str]:
            pool = [row["key"] for t in types for row in self.live[t]]
            return [rng.choice(pool) for _ in range(count)]

        project = [{"project": PROJECT}] * count

        def pages(*types: str) -> list[dict[str, Any]]:
            """A paged listing's calls: half the first page, half a page starting after a random key."""
            return [{"project": PROJECT, "after": key if rng.random() < 0.5 else None} for key in keys(*types)]

        def some_within_subsystem(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
            """A quarter of the calls scoped to a random subsystem (from a leaf to the root of a tree)."""
            return [
                {**call, "subsystem": key} if rng.random() < 0.25 else call
                for call, key in zip(calls, keys("Subsystem"), strict=True)
            ]

        as_of = [self.now - timedelta(days=rng.uniform(0, 60)) for _ in range(count)]
        return {
            "Q-001": [{"project": PROJECT, "subsystem": k} for k in keys("Subsystem")],
            "Q-002": [{"project": PROJECT, "entity": k} for k in keys("Component", "Material")],
            "Q-003": [{"project": PROJECT, "entity": k} for k in keys("Component", "Subsystem")],
            "Q-004": project,
            "Q-005": some_within_subsystem(pages("Requirement")),
            "Q-006": project,
            "Q-007": [{"project": PROJECT, "entity": k} for k in keys("Component")],
            "Q-008": [{"project": PROJECT, "entity": k} for k in keys("Subsystem", "Component")],
            "Q-009": project,
            "Q-010": pages("ValidationClaim"),
            "Q-011": project,
            "Q-012": [{"project": PROJECT, "component": k} for k in keys("Component")],
            "Q-013": some_within_subsystem(project),
            "Q-014": pages("Decision"),
            "Q-015": [
                {"project": PROJECT, "key": k, "as_of": t.isoformat()}
                for k, t in zip(keys("Subsystem", "Component"), as_of, strict=True)
            ],
            "Q-016": [{"project": PROJECT, "entity": k} for k in keys("Component", "Parameter", "Material")],
            "Q-017": [{"project": PROJECT, "key": k} for k in keys("Component", "Requirement")],
            "Q-018": pages("Requirement"),
            "Q-019": project,
            "Q-020": project,
            "Q-021": pages("Decision"),
            "Q-022": [{"project": PROJECT, "as_of": t.isoformat()} for t in as_of],
        }


def fill(services: Services, entities: int, relationships: int, seed: int, progress=print) -> dict[str, Any]:
    graph = services.graph
    have = graph.run("bench.catalog_count", project=PROJECT)[0]
    data = Synthetic(entities, relationships, seed)
    if have["entities"]:
        progress(f"  removing the previous {PROJECT} ({have['entities']} entities)")
        graph.run_schema("bench.catalog_wipe", project=PROJECT)
    started = time.perf_counter()
    for start in range(0, len(data.entity_rows), BATCH):
        graph.run("bench.catalog_entities", project=PROJECT, rows=data.entity_rows[start : start + BATCH])
        progress(f"  entities {min(start + BATCH, len(data.entity_rows))}/{len(data.entity_rows)}")
    for start in range(0, len(data.rel_rows), BATCH):
        graph.run("bench.catalog_relationships", rows=data.rel_rows[start : start + BATCH])
        progress(f"  relationships {min(start + BATCH, len(data.rel_rows))}/{len(data.rel_rows)}")
    graph.run("bench.catalog_extras", project=PROJECT, state=data.state, conflicts=data.conflicts)
    graph.run_schema("graph.await_indexes", timeout_s=600)
    # plans cached on the pre-fill statistics made whichever queries were planned first run 100x slower
    graph.run_schema("graph.refresh_statistics")
    time.sleep(STATISTICS_SETTLE_S)  # resampling is scheduled, not awaited
    graph.run_schema("graph.refresh_statistics")
    counted = graph.run("bench.catalog_count", project=PROJECT)[0]
    return {
        "data": data,
        "entities": counted["entities"],
        "relationships": counted["relationships"],
        "fill_s": round(time.perf_counter() - started, 1),
    }
