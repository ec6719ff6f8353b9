"""Turning facts into pages: the page contexts, the Jinja2 templates, the banner and the checksum.

Each page has a context: plain JSON values only (rows of catalog queries,
shaped for the template, every list already in a fixed order). The page's
checksum is the SHA-256 of that context together with the text of every
template, so a changed fact or a changed template changes it, and nothing
else does. The templates (``templates/*.md.j2``, shipped with the package)
only lay the context out; a template error is reported with the template's
file and line (``TemplateFailure``).
"""

from __future__ import annotations

import hashlib
import json
import re
import traceback
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2

from atocore.services.mirror import diagrams
from atocore.services.mirror.facts import RECENT_DAYS, RECENT_LIMIT, ProjectFacts, Row

TEMPLATES = "templates"
SHOWN_STATUSES = ("active", "superseded", "retired")  # reviewed versions; candidates and rejected ones never show
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


@dataclass(frozen=True)
class TemplateFailure(Exception):
    """A template could not be rendered: which file, which line, what went wrong."""

    template: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"templates/{self.template}:{self.line}: {self.problem}"


# -- filters -----------------------------------------------------------------------------
def md(value: Any) -> str:
    """Text shown as is in markdown: no markup, no raw HTML, on one line."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def when(value: Any) -> str:
    """An ISO 8601 time as 'YYYY-MM-DD HH:MM' (UTC, as the catalog writes it), or 'not dated'."""
    if not value:
        return "not dated"
    text = str(value)
    return f"{text[:10]} {text[11:16]}".strip() if len(text) >= 16 else text


def keyspan(key: Any) -> str:
    return f"`{key}`"


def page_file(key: str) -> str:
    return f"{quote(key, safe='')}.md"


def facts_cell(facts: dict[str, Any] | None) -> str:
    shown = [f"{name}: {md(value)}" for name, value in sorted((facts or {}).items()) if value is not None]
    return "<br>".join(shown)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("atocore.services.mirror", TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(md=md, when=when, keyspan=keyspan, page_file=page_file, facts=facts_cell)
    return env


@cache
def templates_digest() -> str:
    """A digest of every page template's text: editing one changes every page's checksum."""
    digest = hashlib.sha256()
    folder = resources.files("atocore.services.mirror") / TEMPLATES
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md.j2"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def checksum(page: str, context: dict[str, Any]) -> str:
    payload = json.dumps({"page": page, "templates": templates_digest(), "context": context}, sort_keys=True)
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render(template: str, context: dict[str, Any]) -> str:
    """The template filled with the context; a TemplateFailure naming the template's file and line."""
    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFailure(exc.name or template, exc.lineno, exc.message or str(exc)) from exc
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        where = frames[-1] if frames else None
        name = where.filename.rsplit("/", 1)[-1] if where else template
        raise TemplateFailure(name, where.lineno or 0 if where else 0, f"{type(exc).__name__}: {exc}") from exc


def page_text(template: str, context: dict[str, Any], *, generated_at: str, stamp: str) -> str:
    """The banner, then the page."""
    banner = render("banner.md.j2", {"project": context["project"], "generated_at": generated_at, "checksum": stamp})
    return banner + "\n" + render(template, context).rstrip("\n") + "\n"


# -- contexts ----------------------------------------------------------------------------
def _marked(rows: list[Row], disputed: dict[str, str], type_column: str = "type") -> list[Row]:
    """The rows, each with the id of the open conflict on its slot (or None)."""
    return [{**row, "conflict_id": disputed.get(f"{row[type_column]}|{row['key']}")} for row in rows]


def _requirement_status(row: Row) -> str:
    if not row["covered"]:
        return "open: nothing satisfies it"
    if any(claim["supported"] for claim in row["validated_by"]):
        return "satisfied, validated"
    if row["validated_by"]:
        return "satisfied, claim unsupported"
    return "satisfied, not validated"


def _requirements(rows: list[Row], disputed: dict[str, str]) -> list[Row]:
    return [
        {
            "key": r["key"],
            "name": r["name"],
            "satisfied_by": [s["key"] for s in r["satisfied_by"]],
            "validated_by": [{"key": c["key"], "supported": c["supported"]} for c in r["validated_by"]],
            "status": _requirement_status(r),
            "conflict_id": disputed.get(f"Requirement|{r['key']}"),
        }
        for r in rows
    ]


def _recent(rows: list[Row]) -> list[Row]:
    """Q-013's events of reviewed versions only (a candidate's creation is no change to what is known)."""
    keep = ("at", "change", "key", "name", "type", "version", "status")
    return [{k: r[k] for k in keep} for r in rows if r["status"] in SHOWN_STATUSES]


def _doubtful(facts: ProjectFacts) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in facts.flagged:
        found.setdefault(row["key"], []).append(row["assumption_key"])
    return {key: sorted(set(keys)) for key, keys in found.items()}


def _base(facts: ProjectFacts, root: str = "") -> dict[str, Any]:
    return {"project": facts.project, "root": root, "recent_days": RECENT_DAYS, "recent_limit": RECENT_LIMIT}


def _subsystem_rows(facts: ProjectFacts, disputed: dict[str, str]) -> list[Row]:
    keep = ("depth", "key", "name", "parent_key", "direct_components", "total_components")
    return [{**{k: r[k] for k in keep}, "conflict_id": disputed.get(f"Subsystem|{r['key']}")} for r in facts.tree]


def index_context(facts: ProjectFacts) -> dict[str, Any]:
    return {**_base(facts), "subsystems": [{k: r[k] for k in ("depth", "key", "name")} for r in facts.tree]}


def is_empty(facts: ProjectFacts) -> bool:
    return not (facts.tree or facts.decisions or facts.coverage or facts.claims or facts.conflicts or facts.state)


def overview_context(facts: ProjectFacts, *, as_of: str | None = None) -> dict[str, Any]:
    disputed = facts.disputed()
    doubtful = _doubtful(facts)
    tree_diagram, tree_note = diagrams.subsystem_tree(facts.tree)
    trace_diagram, trace_note = diagrams.traceability(facts.traceability)
    current = [r for r in facts.decisions if r["entry"] == "current"]
    return {
        **_base(facts),
        "as_of": as_of,
        "empty": is_empty(facts) and not facts.recent,
        "state": facts.state,
        "tree": _subsystem_rows(facts, disputed),
        "tree_diagram": tree_diagram,
        "tree_note": tree_note,
        "conflicts": _conflicts(facts.conflicts),
        "decisions": [
            {
                **{k: d[k] for k in ("key", "name", "statement", "decided_at", "conflict_id")},
                "doubtful": doubtful.get(d["key"], []),
            }
            for d in current
        ],
        "requirements": _requirements(facts.coverage, disputed),
        "orphans": [r["key"] for r in facts.orphans],
        "trace_diagram": trace_diagram,
        "trace_note": trace_note,
        "claims": [
            {
                **{k: c[k] for k in ("key", "name", "validates")},
                "results": [{k: r[k] for k in ("key", "value", "unit", "model_key")} for r in c["results"]],
                "conflict_id": disputed.get(f"ValidationClaim|{c['key']}"),
            }
            for c in facts.claims
        ],
        "unsupported": [c["key"] for c in facts.unsupported],
        "recent": _recent(facts.recent),
    }


def _conflicts(rows: list[Row]) -> list[Row]:
    grouped: dict[str, Row] = {}
    for row in rows:
        conflict = grouped.setdefault(
            row["conflict_id"],
            {
                "id": row["conflict_id"],
                "type": row["type"],
                "key": row["key"],
                "detected_at": row["detected_at"],
                "members": [],
            },
        )
        conflict["members"].append({k: row[k] for k in ("version", "status", "name", "facts", "sources")})
    return list(grouped.values())


def decisions_context(facts: ProjectFacts) -> dict[str, Any]:
    disputed = facts.disputed()
    doubtful = _doubtful(facts)
    details = {row["key"]: row for row in facts.dependencies}
    entries: list[Row] = []
    for row in facts.decisions:
        if row["entry"] == "current":
            detail = details.get(row["key"], {"affects": [], "based_on": [], "sources": []})
            entries.append(
                {
                    **{k: row[k] for k in ("key", "name", "version", "statement", "rationale", "decided_at")},
                    "valid_from": row["valid_from"],
                    "conflict_id": row["conflict_id"] or disputed.get(f"Decision|{row['key']}"),
                    "affects": [{k: t[k] for k in ("key", "type")} for t in detail["affects"]],
                    "based_on": [{k: b[k] for k in ("key", "type", "needs_review")} for b in detail["based_on"]],
                    "sources": detail["sources"],
                    "doubtful": [
                        k for k in doubtful.get(row["key"], []) if k not in {b["key"] for b in detail["based_on"]}
                    ],
                    "history": [],
                }
            )
        elif entries:
            keep = ("version", "statement", "rationale", "valid_from", "valid_to")
            entries[-1]["history"].append({k: row[k] for k in keep})
    diagram, note = diagrams.decisions(facts.dependencies, facts.flagged)
    return {**_base(facts), "decisions": entries, "diagram": diagram, "diagram_note": note}


def subsystem_context(facts: ProjectFacts, key: str, reads: dict[str, list[Row]]) -> dict[str, Any]:
    disputed = facts.disputed()
    places = [r for r in facts.tree if r["key"] == key]
    names = {r["key"]: r["name"] for r in facts.tree}
    name = places[0]["name"] if places else key
    requirement_keys = {r["key"] for r in reads["requirements"]}
    chains = [r for r in facts.traceability if r["key"] in requirement_keys]
    trace_diagram, trace_note = diagrams.traceability(chains)
    contents_diagram, contents_note = diagrams.contents({"key": key, "name": name}, reads["contents"])
    return {
        **_base(facts, root="../"),
        "subsystem": {
            "key": key,
            "name": name,
            "conflict_id": disputed.get(f"Subsystem|{key}"),
            "paths": [[{"key": k, "name": names.get(k, k)} for k in p["path"]] for p in places if len(p["path"]) > 1],
        },
        "contents": [
            {
                **{k: c[k] for k in ("depth", "key", "name", "type", "parent_key")},
                "overrides": c["overrides"],
                "conflict_id": disputed.get(f"{c['type']}|{c['key']}"),
            }
            for c in reads["contents"]
        ],
        "contents_diagram": contents_diagram,
        "contents_note": contents_note,
        "interfaces": _marked(reads["interfaces"], disputed),
        "constraints": _marked(reads["constraints"], disputed),
        "decisions": _marked(reads["decisions"], disputed),
        "requirements": _requirements(reads["requirements"], disputed),
        "trace_diagram": trace_diagram,
        "trace_note": trace_note,
        "recent": _recent(reads["recent"]),
    }
