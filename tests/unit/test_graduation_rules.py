"""Graduation's pure rules: the target type, the facts filled from the content, the name."""

from __future__ import annotations

import pytest

from atocore.errors import ValidationError
from atocore.services.engineering.ontology import ENTITY_TYPES
from atocore.services.graduation import NAME_LENGTH, choose_target, content_facts, entity_name
from atocore.services.memories import Memory


def memory(memory_type: str) -> Memory:
    return Memory(
        id="m1",
        memory_type=memory_type,
        content="x",
        confidence=1.0,
        status="active",
        created_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
    )


def test_defaults_and_override() -> None:
    assert [choose_target(memory(t), None).name for t in ("adaptation", "project", "knowledge")] == [
        "Decision",
        "Requirement",
        "Fact",
    ]
    assert choose_target(memory("identity"), " validationclaim ").name == "ValidationClaim"
    with pytest.raises(ValidationError) as refused:
        choose_target(memory("episodic"), "  ")
    assert refused.value.detail["mapping"] == {"adaptation": "Decision", "project": "Requirement", "knowledge": "Fact"}


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("Decision", {"statement": "c", "rationale": "c", "description": None, "decided_at": None}),
        ("Fact", {"text": "c", "description": None}),
        ("Material", {"description": "c", "specification": None}),
    ],
)
def test_content_goes_to_the_type_text_fields(type_name, expected) -> None:
    assert content_facts(ENTITY_TYPES[type_name], "c", None) == expected


def test_properties_override_or_remove_and_missing_facts_say_where_the_content_went() -> None:
    facts = content_facts(ENTITY_TYPES["Decision"], "c", {"rationale": "cheaper", "statement": None})
    assert (facts["statement"], facts["rationale"]) == (
        None,
        "cheaper",
    )  # null removes a filled fact, as in PUT /entities
    with pytest.raises(ValidationError, match=r"properties\.value.*content went to description"):
        content_facts(ENTITY_TYPES["Result"], "c", None)


def test_name_is_the_first_line_cut_at_a_word() -> None:
    assert entity_name("  short   one \nsecond") == "short one"
    long = "word " * 40
    name = entity_name(long)
    assert len(name) <= NAME_LENGTH and name.endswith("word...")
    assert entity_name("x" * 200) == "x" * (NAME_LENGTH - 3) + "..."
