"""Rule-based extraction: candidate memories from structural cues in a response.

No language model: a fixed table of rules (``RULES``) reads markdown headings,
``Label:`` lead-ins and a few sentence cues for four kinds of statement
(decision, constraint, requirement, preference) and proposes each hit as a
candidate memory. docs/architecture/reflection-loop.md documents the table.

A pass over one interaction:

* skips fenced code blocks; every line or sentence yields at most one
  proposal, by the first rule that claims it;
* drops a proposal whose normalized content (``content_key``) equals an
  active memory in the interaction's scope (its project plus the global
  memories), one an earlier pass already extracted from this interaction
  (whatever its status now, so a rejected candidate is not proposed again),
  or an earlier proposal of the same pass; and one shorter than
  ``MIN_CONTENT_CHARS`` or longer than ``MAX_CONTENT_CHARS``. Every drop is
  reported with its reason;
* keeps at most ``MAX_CANDIDATES`` proposals (the rest are reported as
  ``over_limit``; a later pass picks them up).

``persist=False`` (the default) only reads. ``persist=True`` writes the kept
proposals as ``candidate`` memories with the interaction's project, linked
``(:Memory)-[:EXTRACTED_FROM {rule, extractor_version, at}]->(:Interaction)``,
in one transaction that first claims the interaction, so running persist
again (even concurrently) creates nothing new.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from pydantic import BaseModel

from atocore.errors import NotFoundError
from atocore.graph import Graph
from atocore.services.interactions import get_interaction
from atocore.services.memories import MemoryType

EXTRACTOR_VERSION = "rules-1"
MAX_CANDIDATES = 50
MIN_CONTENT_CHARS = 12
MAX_CONTENT_CHARS = 1000

KINDS = ("decision", "constraint", "requirement", "preference")

# What each kind of statement becomes. Decisions, constraints and requirements
# are stable facts about the project the interaction belongs to; preferences
# are the user's own way of working.
MEMORY_TYPE: dict[str, MemoryType] = {
    "decision": MemoryType.PROJECT,
    "constraint": MemoryType.PROJECT,
    "requirement": MemoryType.PROJECT,
    "preference": MemoryType.PREFERENCE,
}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    confidence: float  # the candidate's starting confidence
    cue: str  # what the rule looks for, for people

    @property
    def memory_type(self) -> MemoryType:
        return MEMORY_TYPE[self.kind]


def _structural(kind: str) -> list[Rule]:
    title = kind.capitalize()
    return [
        Rule(
            f"{kind}.heading",
            kind,
            0.6,
            f"a markdown heading '## {title}' or '## {title}s' "
            "(text after a ':' on the heading, else each bullet below it, else its first paragraph)",
        ),
        Rule(
            f"{kind}.label",
            kind,
            0.6,
            f"a line led by '{title}:' or '**{title}:**' (the rest of the line, else the block below it)",
        ),
    ]


# In the order they are tried on one sentence; structural rules come first.
RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        *(r for kind in KINDS for r in _structural(kind)),
        Rule(
            "constraint.must_not",
            "constraint",
            0.5,
            "a sentence with 'must not', 'must never', 'mustn't', 'shall not' or 'shall never'",
        ),
        Rule("requirement.shall", "requirement", 0.5, "a sentence with 'shall' ('The system shall ...')"),
        Rule(
            "decision.we_decided",
            "decision",
            0.5,
            "a sentence with 'we/I decided to|that|on', 'we agreed to|that|on' or 'we chose to'",
        ),
        Rule(
            "preference.i_prefer",
            "preference",
            0.5,
            "a sentence with 'I prefer', 'I'd prefer' or 'I would prefer' "
            "(an -ly word may come before 'prefer'), or 'my preference is'",
        ),
    ]
}

SENTENCE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("constraint.must_not", re.compile(r"\b(?:must|shall)\s+(?:not|never)\b|\bmustn['’]t\b", re.I)),
    ("requirement.shall", re.compile(r"\bshall\b", re.I)),
    (
        "decision.we_decided",
        re.compile(
            r"\b(?:we|i)\s+(?:have\s+|['’]ve\s+)?(?:decided\s+(?:to|that|on)|agreed\s+(?:to|that|on)|chose\s+to)\b",
            re.I,
        ),
    ),
    (
        "preference.i_prefer",
        re.compile(r"\bi(?:['’]d|\s+would)?\s+(?:\w+ly\s+)?prefer\b|\bmy\s+preference\s+is\b", re.I),
    ),
]

_KIND_WORD = r"(decision|constraint|requirement|preference)s?"
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*$")
_HEADING_KIND = re.compile(rf"^{_KIND_WORD}\b\s*(?:[:\-–—]\s*(?P<rest>.*))?$", re.I)
_LABEL = re.compile(rf"^(?:\*\*|__)?{_KIND_WORD}(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<rest>.*)$", re.I)
_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_FENCE = re.compile(r"^(```|~~~)")
_QUOTE = re.compile(r"^(?:>\s?)+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*_`A-Z0-9])")


class Candidate(BaseModel):
    rule: str
    memory_type: MemoryType
    content: str
    confidence: float
    memory_id: str | None = None  # set once persisted


class Dropped(BaseModel):
    rule: str
    content: str
    reason: str  # duplicate_active | already_extracted | duplicate_in_pass | too_short | too_long | over_limit
    memory_id: str | None = None  # the memory it duplicates, when there is one


class Extraction(BaseModel):
    interaction_id: str
    extractor_version: str
    persist: bool
    candidates: list[Candidate]
    dropped: list[Dropped]
    limit_reached: bool


# -- reading a response ---------------------------------------------------------------
def clean(text: str) -> str:
    """Markdown emphasis removed and whitespace collapsed."""
    text = re.sub(r"(\*\*|__)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def content_key(text: str) -> str:
    """What two contents must share to count as the same memory: case, spacing and end punctuation ignored."""
    return clean(text).lower().strip(" .;:!,")


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]


def _by_sentence_cue(text: str) -> list[tuple[str, str]]:
    found = []
    for sentence in _sentences(clean(text)):
        if sentence.endswith("?"):  # a question states nothing
            continue
        for rule_id, cue in SENTENCE_CUES:
            if cue.search(sentence):
                found.append((rule_id, sentence))
                break
    return found


def propose(response: str) -> list[tuple[str, str]]:
    """(rule id, content) for every cue in ``response``, in reading order, before any filtering."""
    found: list[tuple[str, str]] = []
    in_code = False
    section: str | None = None  # kind of the heading whose body we are in
    section_blocks = 0  # blocks seen since that heading
    label: str | None = None  # kind of a bare 'Decision:' line waiting for its block
    label_used = False
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal label, label_used, section_blocks
        if not paragraph:
            return
        text = clean(" ".join(paragraph))
        paragraph.clear()
        if label:
            found.append((f"{label}.label", text))
            label, label_used = None, False
        elif section and section_blocks == 0 and not text.endswith(":"):
            found.append((f"{section}.heading", text))
        else:
            found.extend(_by_sentence_cue(text))
        section_blocks += 1

    for raw in response.splitlines():
        stripped = raw.strip()
        if _FENCE.match(stripped):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        line = _QUOTE.sub("", stripped).strip()
        if not line:
            flush()
            if label and label_used:
                label, label_used = None, False
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            label, section, section_blocks = None, None, 0
            kind = _HEADING_KIND.match(clean(heading.group("text")))
            if kind:
                rest = clean(kind.group("rest") or "")
                if rest:
                    found.append((f"{kind.group(1).lower()}.heading", rest))
                else:
                    section = kind.group(1).lower()
            continue
        item = _ITEM.match(line)
        body = item.group("text") if item else line
        labelled = _LABEL.match(body)
        if labelled:
            flush()
            rest = clean(labelled.group("rest"))
            if rest:
                found.append((f"{labelled.group(1).lower()}.label", rest))
                label, label_used = None, False
            else:
                label, label_used = labelled.group(1).lower(), False
            continue
        if item:
            flush()
            text = clean(body)
            if label:
                found.append((f"{label}.label", text))
                label_used = True
            elif section:
                found.append((f"{section}.heading", text))
                section_blocks += 1
            else:
                found.extend(_by_sentence_cue(text))
            continue
        if label and label_used:  # prose after a label's bullet list ends the list
            label, label_used = None, False
        paragraph.append(line)
    flush()
    return found


# -- a pass -----------------------------------------------------------------------------
def _plan(
    proposals: list[tuple[str, str]], active: list[dict], extracted: list[dict]
) -> tuple[list[Candidate], list[Dropped], bool]:
    active_keys = {content_key(m["content"] or ""): m["id"] for m in active}
    extracted_keys = {content_key(m["content"] or ""): m["id"] for m in extracted}
    seen: set[str] = set()
    kept: list[Candidate] = []
    dropped: list[Dropped] = []
    for rule_id, content in proposals:
        rule, key = RULES[rule_id], content_key(content)

        def drop(reason: str, memory_id: str | None = None) -> None:  # called only within this iteration
            dropped.append(Dropped(rule=rule_id, content=content, reason=reason, memory_id=memory_id))  # noqa: B023

        if len(content) < MIN_CONTENT_CHARS:
            drop("too_short")
        elif len(content) > MAX_CONTENT_CHARS:
            drop("too_long")
        elif key in active_keys:
            drop("duplicate_active", active_keys[key])
        elif key in extracted_keys:
            drop("already_extracted", extracted_keys[key])
        elif key in seen:
            drop("duplicate_in_pass")
        elif len(kept) >= MAX_CANDIDATES:
            drop("over_limit")
        else:
            seen.add(key)
            kept.append(
                Candidate(rule=rule_id, memory_type=rule.memory_type, content=content, confidence=rule.confidence)
            )
    limit_reached = any(d.reason == "over_limit" for d in dropped)
    return kept, dropped, limit_reached


def extract(graph: Graph, interaction_id: str, *, persist: bool = False) -> Extraction:
    """Propose candidate memories from an interaction's response; write them only with ``persist``."""
    interaction = get_interaction(graph, interaction_id)
    proposals = propose(interaction.response)
    if not persist:
        kept, dropped, limit_reached = _plan(
            proposals,
            graph.run("reflection.active_in_scope", project=interaction.project),
            graph.run("reflection.extracted_from", interaction_id=interaction.id),
        )
        return Extraction(
            interaction_id=interaction.id,
            extractor_version=EXTRACTOR_VERSION,
            persist=False,
            candidates=kept,
            dropped=dropped,
            limit_reached=limit_reached,
        )
    with graph.transaction() as tx:
        claimed = tx.run("reflection.claim_interaction", id=interaction.id)
        if not claimed:  # deleted since we read it
            raise NotFoundError(f"no interaction with id {interaction_id!r}", id=interaction_id)
        kept, dropped, limit_reached = _plan(
            proposals,
            tx.run("reflection.active_in_scope", project=claimed[0]["project"]),
            tx.run("reflection.extracted_from", interaction_id=interaction.id),
        )
        for candidate in kept:
            candidate.memory_id = str(uuid.uuid4())
        if kept:
            tx.run(
                "reflection.create_candidates",
                interaction_id=interaction.id,
                candidates=[
                    {
                        "id": c.memory_id,
                        "memory_type": c.memory_type.value,
                        "content": c.content,
                        "confidence": c.confidence,
                        "rule": c.rule,
                    }
                    for c in kept
                ],
                source=f"interaction:{interaction.id}",
                extractor_version=EXTRACTOR_VERSION,
            )
    return Extraction(
        interaction_id=interaction.id,
        extractor_version=EXTRACTOR_VERSION,
        persist=True,
        candidates=kept,
        dropped=dropped,
        limit_reached=limit_reached,
    )
