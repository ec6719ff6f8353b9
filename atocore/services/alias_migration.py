"""Rows written under a project name before it became an alias: find them, plan, re-key.

Reads canonicalize a project name (``canonical_project``), so a row filed
under ``p05`` before ``p05`` became an alias of ``p05-interferometer`` (or
under ``P05-Interferometer``, another spelling of the id) is invisible. The
migration finds such shadow rows for every node kind (any node whose
``project`` is such a name, and entity key locks by their slot) and plans:

- re-key: ``project`` becomes the canonical id, a ``project|type|key`` slot
  (conflicts) is rewritten; history (superseded, rejected rows) is kept;
- supersede: a current state entry with the value the canonical project
  already holds for its category and key, or an active memory with the type
  and content of an active canonical one, is re-keyed as ``superseded``;
- collision: a current state entry with another value than the canonical
  one, or a live entity whose type and key a live canonical entity holds.
  ``apply`` refuses while any collision stands (409, listing them): the
  operator resolves it (invalidates one of the two through the API under
  the right name) and runs the migration again;
- drop: lock nodes under a shadow name (they only serialise writes and are
  merged again on demand).

Running it again after ``apply`` finds nothing: it is idempotent. The plan is
a JSON document; `atocore migrate aliases` renders it as text too.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Any

from pydantic import BaseModel

from atocore.errors import ConflictError
from atocore.services.runtime import Services

LOCK_LABELS = {"EntityKeyLock", "ImportLock"}
LIVE_ENTITY = {"candidate", "active"}


class Collision(BaseModel):
    kind: str
    canonical: str
    name: str
    what: str
    shadow: dict[str, Any]
    existing: dict[str, Any]


class ProjectPlan(BaseModel):
    canonical: str
    names: list[str] = []
    rekey: dict[str, int] = {}  # per label
    supersede: list[str] = []  # ids
    drop_locks: int = 0
    collisions: list[Collision] = []


class AliasPlan(BaseModel):
    applied: bool = False
    projects: list[ProjectPlan] = []
    rows: int = 0
    collisions: int = 0
    duration_ms: int = 0

    @property
    def has_collisions(self) -> bool:
        return self.collisions > 0


def _slot(slot: Any, name: str, canonical: str) -> str | None:
    if isinstance(slot, str) and slot.split("|", 1)[0] == name:
        return canonical + slot[len(name) :]
    return None


class _Seen:
    """The rows the canonical project holds (or will hold once earlier shadows are re-keyed)."""

    def __init__(self) -> None:
        self.state: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.memories: set[tuple[str, Any, Any]] = set()
        self.entities: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(self, canonical: str, labels: list[str], props: dict[str, Any]) -> None:
        if "StateEntry" in labels and props.get("current"):
            self.state[(canonical, props["category"], props["key"])] = props
        elif "Memory" in labels and props.get("status") == "active":
            self.memories.add((canonical, props["memory_type"], props["content"]))
        elif "Entity" in labels and props.get("status") in LIVE_ENTITY:
            self.entities[(canonical, props["type"], props["key"])] = props


def _decide(seen: _Seen, plan: ProjectPlan, name: str, labels: list[str], props: dict[str, Any]) -> str:
    """rekey, supersede or collision, for one shadow row (and remember it as the canonical's)."""
    canonical = plan.canonical
    if "StateEntry" in labels and props.get("current"):
        held = seen.state.get((canonical, props["category"], props["key"]))
        if held is not None:
            if held.get("value") == props.get("value"):
                return "supersede"
            what = f"state {props['category']}/{props['key']}"
            plan.collisions.append(
                Collision(kind="StateEntry", canonical=canonical, name=name, what=what, shadow=props, existing=held)
            )
            return "collision"
    memory = (canonical, props.get("memory_type"), props.get("content"))
    if "Memory" in labels and props.get("status") == "active" and memory in seen.memories:
        return "supersede"
    if "Entity" in labels and props.get("status") in LIVE_ENTITY:
        held = seen.entities.get((canonical, props["type"], props["key"]))
        if held is not None:
            what = f"{props['type']} {props['key']}"
            plan.collisions.append(
                Collision(kind="Entity", canonical=canonical, name=name, what=what, shadow=props, existing=held)
            )
            return "collision"
    seen.add(canonical, labels, props)
    return "rekey"


def build_plan(services: Services) -> tuple[AliasPlan, list[dict[str, Any]], list[str]]:
    """The plan, the re-key rows and the lock keys to drop."""
    graph = services.graph
    shadows = graph.run("aliases.shadow_rows")
    plan = AliasPlan()
    by_project: dict[str, ProjectPlan] = {}
    seen = _Seen()
    canonicals = sorted({row["canonical"] for row in shadows})
    for row in graph.run("aliases.canonical_rows", projects=canonicals) if canonicals else []:
        seen.add(row["canonical"], row["labels"], row["props"])
    rows: list[dict[str, Any]] = []
    locks: list[str] = []
    for shadow in shadows:
        canonical, name, labels, props = shadow["canonical"], shadow["name"], shadow["labels"], shadow["props"]
        project = by_project.setdefault(canonical, ProjectPlan(canonical=canonical))
        if name not in project.names:
            project.names.append(name)
        plan.rows += 1
        if LOCK_LABELS & set(labels):
            project.drop_locks += 1
            locks.append(shadow["key"])
            continue
        decision = _decide(seen, project, name, labels, props)
        if decision == "collision":
            continue
        if decision == "supersede":
            project.supersede.append(str(props.get("id")))
        label = next((lb for lb in ("Entity", "StateEntry", "Memory") if lb in labels), "+".join(sorted(labels)))
        project.rekey[label] = project.rekey.get(label, 0) + 1
        rows.append(
            {
                "key": shadow["key"],
                "project": canonical,
                "slot": _slot(props.get("slot"), name, canonical),
                "supersede": decision == "supersede",
            }
        )
    plan.projects = list(by_project.values())
    plan.collisions = sum(len(p.collisions) for p in plan.projects)
    return plan, rows, locks


def migrate(services: Services, *, apply: bool = False) -> AliasPlan:
    """The plan (dry run), or the plan applied in one transaction; refused while collisions stand."""
    clock = time.monotonic()
    graph = services.graph
    with graph.write_gate.exclusive("the alias migration") if apply else nullcontext():
        plan, rows, locks = build_plan(services)
        if apply and plan.has_collisions:
            listed = [f"{c.canonical}: {c.what} (under {c.name})" for p in plan.projects for c in p.collisions]
            raise ConflictError(
                f"The alias migration found {plan.collisions} collision(s); nothing was changed: "
                f"{'; '.join(listed)}. Resolve each (invalidate one of the two values) and run it again.",
                collisions=listed,
            )
        if apply and (rows or locks):
            with graph.transaction() as tx:
                if rows:
                    tx.run("aliases.rekey", rows=rows)
                if locks:
                    tx.run("aliases.drop_locks", keys=locks)
            services.reset()
        plan.applied = apply
    plan.duration_ms = int((time.monotonic() - clock) * 1000)
    return plan
