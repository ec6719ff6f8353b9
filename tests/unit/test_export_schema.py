"""The KB-CAD / KB-FEM export schemas: served files current, validators agreeing with them, the mapping."""

from __future__ import annotations

import copy
import re

import jsonschema
import pytest

from atocore.config import REPO_ROOT
from atocore.errors import ValidationError
from atocore.services.engineering import export_schema
from atocore.services.engineering.import_plan import plan_export

# The message for a parameter value of the wrong shape, spelled out as the user reads it.
PARAMETER_VALUE = 'must be a number, a string, a boolean or {"value": <number|string|boolean>, "unit": <string|null>}'

CAD = {
    "exporter": "kb-cad",
    "exporter_version": "1.0.0",
    "exported_at": "2026-04-07T12:00:00Z",
    "project": "p05",
    "subsystems": [
        {
            "id": "subsystem.optical-frame",
            "name": "Optical frame",
            "parent": None,
            "components": [
                {
                    "id": "component.lateral-support-pad",
                    "name": "Lateral support pad",
                    "material": "GF-PTFE",
                    "parameters": {"thickness_mm": 3.0, "preload": {"value": 12, "unit": "N"}},
                    "source_artifact": "kb-cad://p05/subsystems/optical-frame#lateral-support",
                    "color": "grey",
                }
            ],
        }
    ],
}
FEM = {
    "exporter": "kb-fem",
    "exporter_version": "1.0.0",
    "exported_at": "2026-04-07T12:00:00Z",
    "project": "p05",
    "analysis_models": [
        {
            "id": "model.optical-frame-modal",
            "name": "Optical frame modal analysis v3",
            "subsystem": "subsystem.optical-frame",
            "results": [
                {
                    "id": "result.first-mode-frequency",
                    "name": "First-mode frequency",
                    "value": 187.4,
                    "unit": "Hz",
                    "supports_validation_claim": "claim.frame-rigidity-min-150hz",
                    "source_artifact": "kb-fem://p05/models/optical-frame-modal#first-mode",
                }
            ],
        }
    ],
}


def _mutate(doc: dict, path: tuple, value=...) -> dict:
    doc = copy.deepcopy(doc)
    target = doc
    for part in path[:-1]:
        target = target[part]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


SAMPLES = [
    ("kb-cad", CAD),
    ("kb-fem", FEM),
    ("kb-cad", _mutate(CAD, ("exporter",), "kb-fem")),
    ("kb-cad", _mutate(CAD, ("exported_at",), "2026-04-07")),
    ("kb-cad", _mutate(CAD, ("project",), "  ")),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "id"), "has space")),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "parameters", "x"), [1])),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "parameters", "bad key"), 1)),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "parameters", "x"), {"unit": "mm"})),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "parameters", "x"), {"value": True, "unit": None})),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "material"), None)),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "source_artifact"))),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "components", 0, "source_artifact"), "no-scheme")),
    ("kb-cad", _mutate(CAD, ("subsystems", 0, "parent"), 5)),
    ("kb-fem", _mutate(FEM, ("analysis_models", 0, "results", 0, "value"), "high")),
    ("kb-fem", _mutate(FEM, ("analysis_models", 0, "results", 0, "value"), {"a": 1})),
    ("kb-fem", _mutate(FEM, ("analysis_models", 0, "results", 0, "value"))),
    ("kb-fem", _mutate(FEM, ("analysis_models", 0, "subsystem"), None)),
    ("kb-fem", _mutate(FEM, ("analysis_models",), {})),
]


def _pydantic_accepts(tool: str, doc: dict) -> bool:
    try:
        export_schema.validate_export(tool, doc)
    except ValidationError:
        return False
    return True


def test_served_schema_files_are_current() -> None:
    from atocore.docs import stale_files

    assert {export_schema.schema_path(tool) for tool in export_schema.EXPORTS} == set(export_schema.expected_files())
    assert stale_files("schemas") == [], "stale: run python -m atocore.docs"


@pytest.mark.parametrize(("tool", "doc"), SAMPLES)
def test_the_json_schema_and_the_validator_agree(tool: str, doc: dict) -> None:
    validator = jsonschema.Draft202012Validator(export_schema.load_schema(tool))
    assert validator.is_valid(doc) == _pydantic_accepts(tool, doc)


def test_every_problem_is_reported_with_its_path() -> None:
    doc = _mutate(CAD, ("subsystems", 0, "components", 0, "parameters", "x"), [1])
    doc = _mutate(doc, ("subsystems", 0, "name"))
    doc["subsystems"].append({"id": "subsystem.optical-frame", "name": "Again", "parent": "subsystem.b"})
    doc["subsystems"].append({"id": "subsystem.b", "name": "B", "parent": "subsystem.optical-frame"})
    with pytest.raises(ValidationError) as caught:
        export_schema.validate_export("kb-cad", doc)
    assert caught.value.detail["problems"] == [
        "$.subsystems[0].name: required",
        "$.subsystems[0].components[0].parameters.x: " + PARAMETER_VALUE,
        "$.subsystems[1].id: duplicate id 'subsystem.optical-frame' (first at $.subsystems[0].id)",
        "$.subsystems[1].parent: the parent chain loops: "
        "subsystem.optical-frame -> subsystem.b -> subsystem.optical-frame",
        "$.subsystems[2].parent: the parent chain loops: subsystem.b -> subsystem.optical-frame -> subsystem.b",
    ]


def test_colliding_parameter_keys_are_refused() -> None:
    doc = copy.deepcopy(CAD)
    doc["subsystems"][0]["components"] = [
        {"id": "a.b", "name": "A", "parameters": {"c": 1}, "source_artifact": "kb-cad://a"},
        {"id": "a", "name": "B", "parameters": {"b.c": 2}, "source_artifact": "kb-cad://b"},
    ]
    with pytest.raises(ValidationError) as caught:
        export_schema.validate_export("kb-cad", doc)
    assert caught.value.detail["problems"] == [
        "$.subsystems[0].components[1].parameters[\"b.c\"]: duplicate parameter key 'a.b.c' "
        '(first at $.subsystems[0].components[0].parameters["c"])'
    ]


def test_the_message_shows_the_first_problems_and_counts_the_rest() -> None:
    doc = copy.deepcopy(CAD)
    doc["subsystems"] = [{"name": f"S{i}"} for i in range(30)]
    with pytest.raises(ValidationError) as caught:
        export_schema.validate_export("kb-cad", doc)
    assert caught.value.detail["problem_count"] == 30 and len(caught.value.detail["problems"]) == 30
    assert "and 10 more (detail.problems lists them all)" in caught.value.message


def test_the_mapping_keys_and_links() -> None:
    export = export_schema.validate_export("kb-cad", CAD)
    plan = plan_export("kb-cad", export, "p05-interferometer")
    assert [(r.type, r.key, r.name, r.stated, r.artifact) for r in plan.records] == [
        (
            "Subsystem",
            "subsystem.optical-frame",
            "Optical frame",
            {},
            "kb-cad://export/p05-interferometer/2026-04-07T12:00:00Z",
        ),
        (
            "Component",
            "component.lateral-support-pad",
            "Lateral support pad",
            {"material": "GF-PTFE"},
            "kb-cad://p05/subsystems/optical-frame#lateral-support",
        ),
        ("Material", "material.gf-ptfe", "GF-PTFE", {}, "kb-cad://p05/subsystems/optical-frame#lateral-support"),
        (
            "Parameter",
            "component.lateral-support-pad.thickness_mm",
            "thickness_mm",
            {"value": 3.0},
            "kb-cad://p05/subsystems/optical-frame#lateral-support",
        ),
        (
            "Parameter",
            "component.lateral-support-pad.preload",
            "preload",
            {"value": 12, "unit": "N"},
            "kb-cad://p05/subsystems/optical-frame#lateral-support",
        ),
    ]
    assert [(link.type, link.owner, link.other_key, link.outgoing) for link in plan.links] == [
        ("CONTAINS", ("Component", "component.lateral-support-pad"), "subsystem.optical-frame", False),
        ("USES_MATERIAL", ("Component", "component.lateral-support-pad"), "material.gf-ptfe", True),
        (
            "HAS_PARAMETER",
            ("Parameter", "component.lateral-support-pad.thickness_mm"),
            "component.lateral-support-pad",
            False,
        ),
        (
            "HAS_PARAMETER",
            ("Parameter", "component.lateral-support-pad.preload"),
            "component.lateral-support-pad",
            False,
        ),
    ]
    assert export_schema.ignored_fields(export) == ["$.subsystems[].components[].color"]
    fem = plan_export("kb-fem", export_schema.validate_export("kb-fem", FEM), "p05")
    assert [(r.type, r.key, r.stated) for r in fem.records] == [
        ("AnalysisModel", "model.optical-frame-modal", {"tool": "kb-fem"}),
        ("Result", "result.first-mode-frequency", {"value": 187.4, "unit": "Hz"}),
    ]
    assert [(link.type, link.other_types, link.other_key, link.outgoing) for link in fem.links] == [
        ("ANALYZES", ("Subsystem", "Component"), "subsystem.optical-frame", True),
        ("PRODUCED", ("AnalysisModel",), "model.optical-frame-modal", False),
        ("SUPPORTS", ("ValidationClaim",), "claim.frame-rigidity-min-150hz", True),
    ]


@pytest.mark.parametrize("tool", list(export_schema.EXPORTS))
def test_the_schema_doc_names_every_field(tool: str) -> None:
    doc = (REPO_ROOT / "docs" / "architecture" / f"{tool}-export-schema.md").read_text()
    schema = export_schema.load_schema(tool)
    fields = set(schema["properties"]) | {p for d in schema["$defs"].values() for p in d["properties"]}
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.M))
    assert fields <= documented, f"undocumented fields: {sorted(fields - documented)}"
