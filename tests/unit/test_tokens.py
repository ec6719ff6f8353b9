"""The reinforcement tokenizer and matcher: pure Python, no graph."""

from __future__ import annotations

import pytest

from atocore.services.reinforcement import matches
from atocore.services.tokens import fold, tokens


@pytest.mark.parametrize(
    "forms",
    [
        ["prefer", "prefers", "preferred", "preferring"],
        ["use", "uses", "used", "using"],
        ["structure", "structured", "structures"],
        ["library", "libraries"],
        ["apply", "applies", "applied"],
        ["run", "runs", "running"],
        ["class", "classes"],
        ["call", "called", "calling"],
        ["workflow", "workflows"],
    ],
)
def test_inflections_fold_to_one_token(forms: list[str]) -> None:
    assert len({fold(f) for f in forms}) == 1, {f: fold(f) for f in forms}


def test_words_that_only_look_inflected_keep_their_ending() -> None:
    assert fold("status") == "status" and fold("analysis") == "analysis" and fold("class") == "class"


def test_tokens_lower_case_strip_punctuation_and_drop_short_and_stop_words() -> None:
    assert tokens("The quick, brown FOX -- jumps over a lazy dog!") == {"quick", "brown", "fox", "jump", "lazy", "dog"}
    assert tokens("I am ok, is it?") == set()
    assert tokens("rebase-based (history)") == {"rebas", "bas", "history"}
    assert tokens("") == set()


def test_paraphrase_prefers_vs_prefer_and_articles() -> None:
    memory = "prefers rebase-based workflows because history stays linear"
    response = "I prefer rebase-based workflows because the history stays linear and reviewers have an easier time."
    assert matches(memory, tokens(response))


def test_paraphrase_with_ed_forms() -> None:
    memory = "preferred structured logging across all backend services"
    response = "I set up structured logging across all the backend services, which the team prefers for consistency."
    assert matches(memory, tokens(response))


def test_threshold_exactly_70_percent_matches_and_just_below_does_not() -> None:
    memory = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"  # 10 distinct tokens
    assert len(tokens(memory)) == 10
    assert matches(memory, tokens("alpha bravo charlie delta echo foxtrot golf plus noise words"))  # 7/10
    assert not matches(memory, tokens("alpha bravo charlie delta echo foxtrot plus noise words"))  # 6/10
    # with 3 tokens, 2 of 3 is 66.7% < 70%
    assert not matches("kilo lima mike", tokens("kilo lima"))


def test_low_overlap_does_not_match() -> None:
    memory = "always uses Python for data processing scripts"
    assert not matches(memory, tokens("The CI pipeline runs on Node.js and deploys to Kubernetes using Helm charts."))


def test_memories_shorter_than_12_characters_never_match() -> None:
    assert len("uses Python") == 11
    assert not matches("uses Python", tokens("uses Python"))
    assert not matches("the and for", tokens("anything at all"))  # no content tokens at all
