"""What entities and relationships share: provenance refs (list limits are ``atocore.services.paging``'s)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from atocore.errors import ValidationError
from atocore.graph.runner import Runner
from atocore.services import inputs
from atocore.services.common import checked

ARTIFACT_URI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")


class SourceRef(BaseModel):
    """Exactly one of chunk_id, interaction_id or artifact (a URI such as note://...)."""

    model_config = ConfigDict(extra="forbid")
    chunk_id: str | None = None
    interaction_id: str | None = None
    artifact: str | None = None


# What a caller may give as source_refs: SourceRef models or the dicts of a request body.
SourceRefs = Sequence[SourceRef | dict[str, Any]]


class Sources(BaseModel):
    chunk_ids: list[str] = []
    interaction_ids: list[str] = []
    artifacts: list[str] = []

    def is_empty(self) -> bool:
        return not (self.chunk_ids or self.interaction_ids or self.artifacts)

    def as_strings(self) -> list[str]:
        return (
            [f"chunk:{c}" for c in self.chunk_ids]
            + [f"interaction:{i}" for i in self.interaction_ids]
            + [f"artifact:{a}" for a in self.artifacts]
        )


_REF_HELP = 'each source_ref is one of {"chunk_id": ...}, {"interaction_id": ...} or {"artifact": "<uri>"}'


def parse_sources(refs: SourceRefs | None, *, required: bool) -> Sources:
    """Check source_refs; a 422 saying what to fix. ``required``: at least one.

    At most ``ATOCORE_MAX_SOURCE_REFS`` refs; repeats are dropped in one pass (a set per kind).
    """
    refs = refs or []
    most = inputs.limits().source_refs
    if len(refs) > most:
        raise ValidationError(
            f"{len(refs):,} source_refs given; the limit is {most:,} (ATOCORE_MAX_SOURCE_REFS)",
            field="source_refs",
            limit=most,
        )
    sources = Sources()
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(refs):
        if isinstance(raw, dict):
            unknown = sorted(set(raw) - set(SourceRef.model_fields))
            if unknown:
                raise ValidationError(
                    f"source_refs[{index}] has unknown fields {unknown}; {_REF_HELP}", field="source_refs"
                )
            raw = SourceRef.model_validate(raw)
        given = {k: (v or "").strip() for k, v in raw.model_dump().items() if v is not None and str(v).strip()}
        if len(given) != 1:
            raise ValidationError(
                f"source_refs[{index}] must name exactly one source; {_REF_HELP}", field="source_refs"
            )
        ((kind, value),) = given.items()
        value = checked(inputs.text, value, f"source_refs[{index}].{kind}")
        if kind == "artifact" and not ARTIFACT_URI.match(value):
            raise ValidationError(
                f"source_refs[{index}].artifact {value!r} is not a URI; write scheme://..., "
                "e.g. note://design-review-2026-11",
                field="source_refs",
            )
        if (kind, value) not in seen:
            seen.add((kind, value))
            {"artifact": sources.artifacts, "chunk_id": sources.chunk_ids}.get(kind, sources.interaction_ids).append(
                value
            )
    if required and sources.is_empty():
        raise ValidationError(
            f"provenance is mandatory: give source_refs with at least one source; {_REF_HELP} "
            "(hand-authored facts use an artifact URI such as note://...)",
            field="source_refs",
        )
    return sources


def check_sources_exist(run: Runner, sources: Sources) -> None:
    """422 naming the chunk and interaction ids that point at nothing."""
    if not (sources.chunk_ids or sources.interaction_ids):
        return
    row = run.run("entities.missing_sources", chunk_ids=sources.chunk_ids, interaction_ids=sources.interaction_ids)[0]
    if row["missing_chunks"] or row["missing_interactions"]:
        parts = []
        if row["missing_chunks"]:
            parts.append(f"unknown chunk ids {row['missing_chunks']}")
        if row["missing_interactions"]:
            parts.append(f"unknown interaction ids {row['missing_interactions']}")
        raise ValidationError(
            f"source_refs point at nothing: {'; '.join(parts)}",
            field="source_refs",
            missing_chunks=row["missing_chunks"],
            missing_interactions=row["missing_interactions"],
        )


def slug(text: str) -> str:
    """The key-safe form of a name (entity keys made from names: entities, imported materials)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:150] or "unnamed"
