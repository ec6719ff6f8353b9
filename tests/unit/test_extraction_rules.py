"""The rule-based extractor's reading of a response, and the `since` parser: no graph."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from atocore.errors import ValidationError
from atocore.services.extraction import MAX_CANDIDATES, MEMORY_TYPE, RULES, _plan, content_key, propose
from atocore.services.interactions import parse_since, truncate_response
from atocore.services.memories import MemoryType


def test_headings_with_inline_text_and_with_bullets() -> None:
    response = (
        "## Decision: merge the two bind mounts into one\n\n"
        "The reason is that restores failed.\n\n"
        "### Constraints\n"
        "These are hard limits:\n"
        "- total mass below 2 kg\n"
        "- no magnetic parts near the sensor\n\n"
        "## Preferences\n"
        "Answers in SI units, always.\n\n"
        "A later paragraph that is not a preference.\n"
    )
    assert propose(response) == [
        ("decision.heading", "merge the two bind mounts into one"),
        ("constraint.heading", "total mass below 2 kg"),
        ("constraint.heading", "no magnetic parts near the sensor"),
        ("preference.heading", "Answers in SI units, always."),
    ]


def test_label_lead_ins_inline_and_as_a_list() -> None:
    response = (
        "**Requirement:** the API answers within 200 ms\n"
        "- Constraint: no network access at runtime\n"
        "Decisions:\n"
        "- keep SQLite out of the stack\n"
        "- ship the CLI first\n"
        "\n"
        "Preference:\n"
        "Short answers with the command first.\n"
    )
    assert propose(response) == [
        ("requirement.label", "the API answers within 200 ms"),
        ("constraint.label", "no network access at runtime"),
        ("decision.label", "keep SQLite out of the stack"),
        ("decision.label", "ship the CLI first"),
        ("preference.label", "Short answers with the command first."),
    ]


def test_sentence_cues() -> None:
    response = (
        "Some context first. We decided to use Neo4j for the graph store. "
        "The system shall log every capture. It must not block the client. "
        "The hook shall not retry forever. I prefer rebase-based workflows.\n"
        "Shall we go on? I really prefer tabs, honestly."
    )
    assert propose(response) == [
        ("decision.we_decided", "We decided to use Neo4j for the graph store."),
        ("requirement.shall", "The system shall log every capture."),
        ("constraint.must_not", "It must not block the client."),
        ("constraint.must_not", "The hook shall not retry forever."),
        ("preference.i_prefer", "I prefer rebase-based workflows."),
        ("preference.i_prefer", "I really prefer tabs, honestly."),
    ]


def test_code_blocks_and_plain_prose_propose_nothing() -> None:
    response = "Here is the config:\n```\nDecision: inside code\n## Decision\n- nope\n```\nNothing else to note here."
    assert propose(response) == []


def test_every_rule_has_a_documented_kind_and_type() -> None:
    assert {r.kind for r in RULES.values()} == set(MEMORY_TYPE)
    assert MEMORY_TYPE == {
        "decision": MemoryType.PROJECT,
        "constraint": MemoryType.PROJECT,
        "requirement": MemoryType.PROJECT,
        "preference": MemoryType.PREFERENCE,
    }


def test_plan_drops_duplicates_short_ones_and_caps_the_pass() -> None:
    proposals = [
        ("decision.label", "Use Neo4j for the graph."),
        ("decision.label", "use  neo4j for the GRAPH"),  # same content_key
        ("decision.label", "tiny"),
        ("constraint.label", "already known constraint"),
        ("constraint.label", "extracted before, then rejected"),
    ] + [("requirement.label", f"requirement number {n}") for n in range(MAX_CANDIDATES + 2)]
    kept, dropped, limit_reached = _plan(
        proposals,
        active=[{"id": "m-active", "content": "Already known constraint."}],
        extracted=[{"id": "m-old", "content": "extracted before, then rejected", "status": "invalid", "rule": "x"}],
    )
    assert len(kept) == MAX_CANDIDATES and limit_reached
    assert kept[0].content == "Use Neo4j for the graph." and kept[0].memory_type == MemoryType.PROJECT
    reasons = [(d.reason, d.memory_id) for d in dropped]
    assert reasons[:4] == [
        ("duplicate_in_pass", None),
        ("too_short", None),
        ("duplicate_active", "m-active"),
        ("already_extracted", "m-old"),
    ]
    assert [r for r, _ in reasons[4:]] == ["over_limit"] * 3
    assert content_key("  Use **Neo4j**  for the graph. ") == "use neo4j for the graph"


INSTANT = datetime(2026, 4, 7, 12, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "spelling",
    [
        "2026-04-07T12:30:15Z",
        "2026-04-07t12:30:15z",
        "2026-04-07T12:30:15+00:00",
        "2026-04-07T14:30:15+02:00",
        "2026-04-07T07:30:15-0500",
        "2026-04-07T12:30:15.000Z",
        "2026-04-07T12:30:15.000000000+00:00",
        "2026-04-07T12:30:15",
        "2026-04-07 12:30:15",
    ],
)
def test_since_spellings_of_one_instant(spelling: str) -> None:
    assert parse_since(spelling) == INSTANT


def test_since_date_only_and_empty() -> None:
    assert parse_since("2026-04-07") == datetime(2026, 4, 7, tzinfo=UTC)
    assert parse_since(None) is None and parse_since("  ") is None


@pytest.mark.parametrize(
    "bad", ["yesterday", "2026-13-01T00:00:00Z", "20260407T123015", "2026-04-07T25:00:00", "1712493015"]
)
def test_malformed_since_is_422_listing_the_accepted_forms(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_since(bad)
    assert err.value.http_status == 422
    assert "ISO 8601" in err.value.message and "2026-04-07 14:30:00" in err.value.message
    assert err.value.detail["field"] == "since"


def test_truncation_keeps_the_head_and_says_so() -> None:
    assert truncate_response("short", 1000) == ("short", False)
    stored, cut = truncate_response("x" * 1500, 1000)
    assert cut and stored.startswith("x" * 1000) and not stored.startswith("x" * 1001)
    assert stored.endswith("[... truncated by AtoCore: kept the first 1,000 of 1,500 characters]")
