"""Reference pages rendered from the ontology, so the docs cannot drift from the code.

``docs/architecture/entities/*.md``, the generated block of
``docs/architecture/engineering-model.md`` and the Neo4j Browser style sheet
``deploy/neo4j/atocore.grass`` (a colour and a caption for every entity
type); ``python -m atocore.docs`` rewrites them with the other generated
files, and its ``--check`` (run by CI and the unit tests) fails when they are
stale.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path

from atocore.config import REPO_ROOT
from atocore.services.engineering.ontology import (
    ENTITY_TYPES,
    RELATIONSHIP_TYPES,
    EntityType,
    Family,
)

ENTITIES_DIR = REPO_ROOT / "docs" / "architecture" / "entities"
MODEL_PAGE = REPO_ROOT / "docs" / "architecture" / "engineering-model.md"
GRASS = REPO_ROOT / "deploy" / "neo4j" / "atocore.grass"
# One colour per entity type, in ontology order (fill, border, caption text).
PALETTE = (
    ("#4C8EDA", "#2870c2", "#FFFFFF"),
    ("#F79767", "#f36924", "#FFFFFF"),
    ("#8DCC93", "#5db665", "#2A2C34"),
    ("#C990C0", "#b261a5", "#FFFFFF"),
    ("#FFC454", "#d7a013", "#2A2C34"),
    ("#DA7194", "#cc3c6c", "#FFFFFF"),
    ("#569480", "#447666", "#FFFFFF"),
    ("#D9C8AE", "#c0a378", "#2A2C34"),
    ("#ECB5C9", "#da7298", "#2A2C34"),
    ("#57C7E3", "#23b3d7", "#2A2C34"),
    ("#F16667", "#eb2728", "#FFFFFF"),
    ("#8DD3C7", "#5fbfae", "#2A2C34"),
    ("#A5ABB6", "#9aa1ac", "#2A2C34"),
)
OTHER_NODES = {
    "Chunk": "{source_file}",
    "Artifact": "{uri}",
    "Interaction": "{client}",
    "Memory": "{memory_type}",
    "Conflict": "{slot}",
    "StateEntry": "{key}",
    "Project": "{id}",
    "Document": "{path}",
}
BEGIN = "<!-- BEGIN generated from atocore/services/engineering/ontology/: do not edit by hand -->"
END = "<!-- END generated -->"

HEADER_DOCS = (
    ("id", "string", "Unique per version (a uuid); a revision has a new id."),
    ("type", "string", "The entity type; the node also carries it as a label next to `Entity`."),
    ("key", "string", "Stable external key, unique per (project, type) among live versions; kept across revisions."),
    ("name", "string", "Display name."),
    ("project", "string", "Canonical project id (aliases are resolved on every entry point)."),
    ("status", "string", "candidate, active, superseded, invalid or retired."),
    ("confidence", "float", "0..1."),
    ("canonical_home", "string", "The system that owns the truth: atocore, kb-cad, kb-fem, ..."),
    ("extractor_version", "string?", "What produced it (an extractor, an importer), absent for a person."),
    ("version", "integer", "1, then predecessor + 1 for each revision."),
    ("created_at / updated_at", "datetime", "When the version was written / last changed."),
    ("valid_from / valid_to", "datetime?", "When the version became active / stopped being active (as-of reads)."),
    ("superseded_at / retired_at", "datetime?", "When it was superseded / retired."),
    ("reviewed_at, review_action, review_reason", "", "The last lifecycle step; every step is also a ReviewRecord."),
    ("fingerprint", "string", "Hash of the type's fact fields (description excluded), compared by conflict detection."),
    (
        "orphan_provenance",
        "boolean?",
        "true when every source is a `memory://` artifact: graduated from a memory that came "
        "from no chunk, interaction or document. Absent otherwise.",
    ),
)


def _type_name(annotation: object) -> str:
    if typing.get_origin(annotation) is typing.Annotated:  # a checked type (atocore.services.inputs): its base
        return _type_name(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        parts = [_type_name(a) for a in typing.get_args(annotation)]
        optional = "None" in parts
        parts = [p for p in parts if p != "None"]
        return " \\| ".join(parts) + ("?" if optional else "")
    if annotation is type(None):
        return "None"
    return {"str": "string", "float": "float", "int": "integer", "bool": "boolean", "datetime": "datetime"}.get(
        getattr(annotation, "__name__", str(annotation)), str(annotation)
    )


def _facts_table(kind: EntityType) -> list[str]:
    rows = ["| property | type | required | default | meaning |", "|---|---|---|---|---|"]
    for name, field in kind.facts.model_fields.items():
        required = field.is_required()
        default = "" if required or field.default is None else f"`{field.default!r}`"
        cells = [f"`{name}`", _type_name(field.annotation), "yes" if required else "no", default]
        rows.append(f"| {' | '.join(cells)} | {field.description or ''} |")
    return rows


def _relationship_lines(kind: EntityType) -> list[str]:
    lines = []
    for rel in RELATIONSHIP_TYPES.values():
        if rel.family is Family.PROVENANCE:
            continue
        if kind.name in rel.sources:
            lines.append(f"- out: `({kind.name})-[:{rel.name}]->({'|'.join(rel.targets)})`: {rel.meaning}")
        if kind.name in rel.targets:
            lines.append(f"- in: `({'|'.join(rel.sources)})-[:{rel.name}]->({kind.name})`: {rel.meaning}")
    lines.append(
        f"- provenance: `({kind.name})-[:EVIDENCED_BY]->(Chunk|Interaction|Artifact)` (at least one), "
        f"`({kind.name})-[:SUPERSEDES]->({kind.name})` between versions"
        + f", `(Memory)-[:GRADUATED_TO]->({kind.name})` when graduated from a memory"
    )
    return lines


def render_entity_page(kind: EntityType) -> str:
    lines = [
        f"# {kind.name}",
        "",
        "<!-- Generated from atocore/services/engineering/ontology/ by "
        "`python -m atocore.docs`; do not edit by hand. -->",
        "",
        f"**Purpose.** {kind.purpose}",
        "",
        f"Node labels: `:Entity:{kind.name}`. Default key: `{kind.key_prefix}.<slug of the name>`.",
        "",
        "## Typed properties",
        "",
        *_facts_table(kind),
        "",
        "Unknown properties are refused (422 naming them). The header fields every entity carries are listed in",
        "[the engineering model](../engineering-model.md#header-fields).",
        "",
        "## Lifecycle",
        "",
        kind.lifecycle,
        "",
        "## Relationships",
        "",
        *_relationship_lines(kind),
        "",
        "## Catalog queries that read it",
        "",
        ", ".join(kind.queries) + " (see [the query catalog](../../queries.md)).",
        "",
    ]
    return "\n".join(lines)


def render_index() -> str:
    lines = [
        "# Entity types",
        "",
        "<!-- Generated from atocore/services/engineering/ontology/; do not edit by hand. -->",
        "",
        "| type | purpose |",
        "|---|---|",
        *[f"| [{k.name}]({k.name}.md) | {k.purpose} |" for k in ENTITY_TYPES.values()],
        "",
    ]
    return "\n".join(lines)


def render_model_block() -> str:
    lines = [BEGIN, "", "### Header fields", "", "| field | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {type_} | {meaning} |" for name, type_, meaning in HEADER_DOCS]
    lines += [
        "",
        "### Relationship types and allowed pairs",
        "",
        "| family | type | from | to | meaning |",
        "|---|---|---|---|---|",
    ]
    for rel in RELATIONSHIP_TYPES.values():
        managed = " (maintained by AtoCore; not creatable through POST /relationships)" if rel.managed else ""
        cells = [rel.family.value, f"`{rel.name}`", ", ".join(rel.sources), ", ".join(rel.targets)]
        lines.append(f"| {' | '.join(cells)} | {rel.meaning}{managed} |")
    lines += ["", END]
    return "\n".join(lines)


def render_model_page(current: str) -> str:
    start, end = current.index(BEGIN), current.index(END) + len(END)
    return current[:start] + render_model_block() + current[end:]


def _grass_rule(selector: str, color: str, border: str, text: str, caption: str, diameter: str = "55px") -> list[str]:
    return [
        f"node.{selector} {{",
        f"  diameter: {diameter};",
        f"  color: {color};",
        f"  border-color: {border};",
        "  border-width: 2px;",
        f"  text-color-internal: {text};",
        "  font-size: 10px;",
        f"  caption: '{caption}';",
        "}",
    ]


def render_grass() -> str:
    """A Neo4j Browser style sheet (GraSS): every entity type gets a colour and shows its name.

    Browser's GraSS reader knows no comments (a comment's text becomes part of
    the first selector, and the ``:style`` inside the old header cut the command
    short: InvalidGrassError), so the sheet is rules only; where it comes from
    is said in docs/browser-guide.md. Captions are in single quotes, the one
    string quote every Browser version's reader takes.
    """
    if len(PALETTE) < len(ENTITY_TYPES):
        raise ValueError(f"the palette has {len(PALETTE)} colours for {len(ENTITY_TYPES)} entity types: add colours")
    lines = [
        "node {",
        "  diameter: 40px;",
        "  color: #A5ABB6;",
        "  border-color: #9AA1AC;",
        "  border-width: 2px;",
        "  text-color-internal: #FFFFFF;",
        "  font-size: 10px;",
        "}",
        "relationship {",
        "  color: #A5ABB6;",
        "  shaft-width: 1px;",
        "  font-size: 8px;",
        "  padding: 3px;",
        "  text-color-external: #000000;",
        "  text-color-internal: #FFFFFF;",
        "  caption: '<type>';",
        "}",
    ]
    for kind, (color, border, text) in zip(ENTITY_TYPES.values(), PALETTE, strict=False):
        lines += _grass_rule(kind.name, color, border, text, "{name}")
    for label, caption in OTHER_NODES.items():
        lines += _grass_rule(label, "#E0E0E0", "#BDBDBD", "#2A2C34", caption, diameter="30px")
    return "\n".join(lines) + "\n"


def expected_files() -> dict[Path, str]:
    files = {ENTITIES_DIR / f"{k.name}.md": render_entity_page(k) for k in ENTITY_TYPES.values()}
    files[GRASS] = render_grass()
    files[ENTITIES_DIR / "README.md"] = render_index()
    files[MODEL_PAGE] = render_model_page(MODEL_PAGE.read_text(encoding="utf-8"))
    return files
