"""Mermaid diagrams for the Mirror's pages, built from catalog rows.

Each builder returns the diagram's source (no fence) or ``None`` when there
is nothing to draw, plus a note saying what was cut. A page never embeds a
diagram nobody can read: each builder keeps at most ``MAX_NODES`` nodes and
says what it left out; the tables on the same page always list everything.

- ``subsystem_tree`` (Q-004): the tree down to the deepest level that still
  fits whole; a subsystem whose children were cut gets a "+N below" node.
- ``contents`` (Q-001): a subsystem's direct contents and their children,
  the overflow of each parent folded into one "+N more" node.
- ``traceability`` (Q-018): one chain per requirement, requirement ->
  satisfiers -> analysis models -> results -> claims, a missing link drawn as
  a dashed red "missing" node; broken chains first, at most ``MAX_CHAINS``.
- ``decisions`` (Q-021, Q-009): decisions and what they are BASED_ON;
  assumptions flagged for review and the decisions resting on them
  (Q-009) highlighted. Whole connected groups are kept, those holding a
  flagged assumption first, while they fit; when the first group alone is
  too large, the part of it nearest its flagged assumptions (breadth first).

Node ids are ``n<number>`` in the order the nodes are met in sorted input,
so the same rows give the same text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

MAX_NODES = 40
MAX_CHAINS = 12
MAX_PER_STEP = 3  # keys listed in one node of a traceability chain
CLASSES = (
    "classDef doubtful fill:#fdecea,stroke:#c0392b,color:#7b241c",
    "classDef atrisk fill:#fff4e0,stroke:#d68910,color:#7e5109",
    "classDef missing fill:#ffffff,stroke:#c0392b,stroke-dasharray:5 5,color:#c0392b",
    "classDef more fill:#f4f6f7,stroke:#aab7b8,color:#566573",
    "classDef focus fill:#e8f1fb,stroke:#2e86c1,color:#1b4f72",
)
_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\n": " ", "|": "#124;"}


def label(text: Any) -> str:
    """Text made safe inside a Mermaid ``["..."]`` label."""
    return "".join(_ESCAPES.get(char, char) for char in str(text))


@dataclass
class Diagram:
    """A flowchart under construction: nodes by identity, edges, classes, and what was cut."""

    direction: str = "TD"
    lines: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    classes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def node(self, identity: str, *lines: Any, css: str | None = None) -> str:
        """The node's id, added with these lines of text (each escaped) the first time it is met."""
        if identity not in self.ids:
            self.ids[identity] = f"n{len(self.ids)}"
            self.lines.append(f'  {self.ids[identity]}["{"<br/>".join(label(line) for line in lines)}"]')
            if css:
                self.classes[css].append(self.ids[identity])
        return self.ids[identity]

    def edge(self, source: str, target: str, text: str = "", dashed: bool = False) -> None:
        arrow = "-.->" if dashed else "-->"
        self.lines.append(f"  {source} {arrow}{f'|{label(text)}|' if text else ''} {target}")

    def source(self) -> str | None:
        if not self.ids:
            return None
        used = [f"  {line}" for line in CLASSES if line.split()[1] in self.classes]
        assigned = [f"  class {','.join(ids)} {css}" for css, ids in sorted(self.classes.items())]
        return "\n".join([f"flowchart {self.direction}", *self.lines, *used, *assigned])


def _count(row: dict[str, Any]) -> str:
    count = row["total_components"]
    return f"{count} component{'s' if count != 1 else ''}"


def subsystem_tree(tree: list[dict[str, Any]], max_nodes: int = MAX_NODES) -> tuple[str | None, str]:
    """The subsystem tree (Q-004 rows) and a note on what was cut."""
    if not tree:
        return None, ""
    depths = sorted({row["depth"] for row in tree})
    keep_depth = depths[0]
    for depth in depths:
        if len({r["key"] for r in tree if r["depth"] <= depth}) <= max_nodes:
            keep_depth = depth
    kept = [r for r in tree if r["depth"] <= keep_depth]
    diagram = Diagram("TD")
    roots = sorted({r["key"] for r in kept if r["depth"] == 0})
    cut_roots = roots[max_nodes:]
    for row in sorted(kept, key=lambda r: r["path"]):
        if row["path"][0] in cut_roots:
            continue
        node = diagram.node(row["key"], row["name"], _count(row))
        if row["parent_key"]:
            diagram.edge(diagram.ids[row["parent_key"]], node)
    below: dict[str, set[str]] = defaultdict(set)
    for row in tree:
        if row["depth"] > keep_depth:
            below[row["path"][keep_depth]].add(row["key"])
    for key in sorted(below):
        if key in diagram.ids:
            count = len(below[key])
            more = diagram.node(f"more:{key}", f"+{count} subsystem{'s' if count != 1 else ''} below", css="more")
            diagram.edge(diagram.ids[key], more, dashed=True)
    if cut_roots:
        diagram.node("more:roots", f"+{len(cut_roots)} more root subsystems", css="more")
    shown = len({r["key"] for r in kept if r["path"][0] not in cut_roots})
    total = len({r["key"] for r in tree})
    note = "" if shown == total else f"The diagram draws {shown} of {total} subsystems (levels that fit whole)."
    return diagram.source(), note


def contents(root: dict[str, Any], rows: list[dict[str, Any]], max_nodes: int = MAX_NODES) -> tuple[str | None, str]:
    """A subsystem's contents (Q-001 rows, depth 1 and 2); each parent shows at most a share of the nodes."""
    near = [r for r in rows if r["depth"] <= 2]
    if not near:
        return None, ""
    diagram = Diagram("LR")
    diagram.node(root["key"], root["name"], css="focus")
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(near, key=lambda r: (r["type"] != "Subsystem", r["key"])):
        children[row["parent_key"]].append(row)
    per_parent = max(3, max_nodes // max(1, len(children)))
    drawn = 0
    for parent in [root["key"], *sorted(k for k in children if k != root["key"])]:
        if parent not in diagram.ids:
            continue
        items = children.get(parent, [])
        for row in items[:per_parent]:
            lines = [row["name"]] if row["type"] == "Subsystem" else [row["name"], row["type"]]
            diagram.edge(diagram.ids[parent], diagram.node(row["key"], *lines))
            drawn += 1
        if len(items) > per_parent:
            more = diagram.node(f"more:{parent}", f"+{len(items) - per_parent} more", css="more")
            diagram.edge(diagram.ids[parent], more, dashed=True)
    note = "" if drawn == len(near) else f"The diagram draws {drawn} of the {len(near)} entities two levels down."
    return diagram.source(), note


_STEPS: tuple[tuple[str, str, str], ...] = (
    ("satisfiers", "satisfier", "satisfied by"),
    ("models", "analysis", "analyzed by"),
    ("results", "result", "produced"),
    ("claims", "claim", "supports"),
)
_MISSING = {"satisfier": "no satisfier", "analysis": "no analysis model", "result": "no result", "claim": "no claim"}


def _keys(keys: list[str]) -> list[str]:
    shown = keys[:MAX_PER_STEP]
    more = len(keys) - len(shown)
    return [*shown, f"+{more} more"] if more else shown


def traceability(rows: list[dict[str, Any]], max_chains: int = MAX_CHAINS) -> tuple[str | None, str]:
    """Requirement chains (Q-018 rows): broken chains first, then complete ones, by key."""
    if not rows:
        return None, ""
    chosen = sorted(rows, key=lambda r: (r["complete"], r["key"]))[:max_chains]
    diagram = Diagram("LR")
    for index, row in enumerate(sorted(chosen, key=lambda r: r["key"])):
        previous = diagram.node(f"{index}:req", row["name"], row["key"], css="focus")
        for column, step, verb in _STEPS:
            if step in row["missing"]:
                gap = diagram.node(f"{index}:{step}", f"missing: {_MISSING[step]}", css="missing")
                diagram.edge(previous, gap, verb, dashed=True)
                break
            current = diagram.node(f"{index}:{step}", *_keys(row[column]))
            diagram.edge(previous, current, verb)
            previous = current
    broken = sum(1 for r in rows if not r["complete"])
    note = f"{broken} of {len(rows)} requirement chains are broken."
    if len(chosen) < len(rows):
        note += f" The diagram draws {len(chosen)} of them, broken ones first; the table lists all."
    return diagram.source(), note


def decisions(
    dependencies: list[dict[str, Any]], flagged: list[dict[str, Any]], max_nodes: int = MAX_NODES
) -> tuple[str | None, str]:
    """Decisions and what they rest on (Q-021), flagged assumptions and the decisions on them (Q-009) highlighted."""
    edges = sorted((d["key"], b["key"]) for d in dependencies for b in d["based_on"])
    if not edges:
        return None, ""
    names = {d["key"]: d["name"] for d in dependencies}
    doubtful = {b["key"] for d in dependencies for b in d["based_on"] if b["needs_review"]}
    doubtful |= {f["assumption_key"] for f in flagged}
    at_risk = {f["key"] for f in flagged}
    for d in dependencies:
        names.update({b["key"]: b["name"] for b in d["based_on"]})
    groups = _connected(edges)
    groups.sort(key=lambda g: (not (g & doubtful), -len(g), min(g)))
    kept: set[str] = set()
    for group in groups:
        if len(kept) + len(group) <= max_nodes:
            kept |= group
        elif not kept:  # the first group alone is too large: the part nearest its doubtful assumptions
            kept = _nearest(group, edges, sorted(group & doubtful) or [min(group)], max_nodes)
    diagram = Diagram("LR")
    for key in sorted(kept):
        css = "doubtful" if key in doubtful else "atrisk" if key in at_risk else None
        diagram.node(key, names.get(key, key), key, css=css)
    for source, target in edges:
        if source in kept and target in kept:
            diagram.edge(diagram.ids[source], diagram.ids[target], "based on")
    total = len({k for edge in edges for k in edge})
    note = "" if len(kept) == total else f"The diagram draws {len(kept)} of {total} decisions and assumptions."
    return diagram.source(), note


def _nearest(group: set[str], edges: list[tuple[str, str]], starts: list[str], limit: int) -> set[str]:
    """At most ``limit`` keys of the group, breadth first from ``starts`` (in sorted order: deterministic)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a in group:
            neighbours[a].add(b)
            neighbours[b].add(a)
    kept: set[str] = set()
    queue = list(starts)
    while queue and len(kept) < limit:
        key = queue.pop(0)
        if key not in kept:
            kept.add(key)
            queue.extend(sorted(neighbours[key] - kept))
    return kept


def _connected(edges: list[tuple[str, str]]) -> list[set[str]]:
    """The connected groups of an undirected view of the edges."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[str] = set()
    groups = []
    for start in sorted(neighbours):
        if start in seen:
            continue
        group, stack = set(), [start]
        while stack:
            key = stack.pop()
            if key not in group:
                group.add(key)
                stack.extend(neighbours[key] - group)
        seen |= group
        groups.append(group)
    return groups
