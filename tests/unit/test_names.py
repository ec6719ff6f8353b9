"""Suggestions for a name that does not exist: letters and the words a key is made of both count."""

from __future__ import annotations

import pytest

from atocore.errors import NotFoundError
from atocore.services.names import closest, unknown

KEYS = [
    "subsystem.optical-frame",
    "component.lateral-support-pad",
    "component.lateral-support-pad.thickness_mm",
    "component.lateral-support-pad.preload",
    "subsystem.mirror-cell",
]


@pytest.mark.parametrize(
    ("asked", "known", "expected"),
    [
        ("parameter.pad-thickness", KEYS, ["component.lateral-support-pad.thickness_mm"]),
        ("subsystem.mirror-cel", KEYS, ["subsystem.mirror-cell"]),
        ("P05", ["p05-interferometer", "p06-polisher"], ["p05-interferometer"]),
        ("interferometr", ["p05-interferometer", "atocore"], ["p05-interferometer"]),
        ("zzz", ["p05-interferometer", "atocore"], []),
        ("", ["a"], []),
    ],
)
def test_closest_names(asked, known, expected) -> None:
    assert closest(asked, known) == expected


def test_unknown_is_a_404_naming_the_name_and_the_suggestions() -> None:
    error = unknown("project", "p5-interferometer", ["p05-interferometer", "atocore"], listing="See GET /projects.")
    assert isinstance(error, NotFoundError) and error.http_status == 404
    assert error.message == "Unknown project 'p5-interferometer'. Did you mean 'p05-interferometer'? See GET /projects."
    assert error.detail == {"kind": "project", "name": "p5-interferometer", "suggestions": ["p05-interferometer"]}
    scoped = unknown("key", "k", [], scope="in project 'p05'")
    assert scoped.message == "Unknown key 'k' in project 'p05'." and scoped.detail["suggestions"] == []
