"""Choosing the Neo4j release from the JDKs present."""

from __future__ import annotations

from pathlib import Path

import pytest

from atocore.errors import RuntimeSetupError
from atocore.runtime.java import Java, choose_release


def jdk(major: int) -> Java:
    return Java(Path(f"/jvm/{major}"), major)


def test_newest_release_when_a_modern_jdk_exists() -> None:
    release, java = choose_release("auto", [jdk(25), jdk(17)])
    assert release.version.startswith("2026.")
    assert java.major == 25


def test_falls_back_to_lts_floor_on_java_17_only() -> None:
    release, java = choose_release("auto", [jdk(17)])
    assert release.version.startswith("5.26.")
    assert java.major == 17


def test_explicit_5_26_picks_a_jdk_it_supports() -> None:
    release, java = choose_release("5.26.30", [jdk(25), jdk(21), jdk(17)])
    assert (release.version, java.major) == ("5.26.30", 21)


def test_no_matching_jdk_says_what_is_needed() -> None:
    with pytest.raises(RuntimeSetupError, match=r"needs Java 21-25.*Found: Java 11"):
        choose_release("2026.08.1", [jdk(11)])


def test_no_java_at_all() -> None:
    with pytest.raises(RuntimeSetupError, match="No Java found"):
        choose_release("auto", [])
