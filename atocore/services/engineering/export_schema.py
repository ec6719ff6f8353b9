"""The export shapes KB-CAD and KB-FEM push into AtoCore, and their validation.

The Pydantic models below are the validators; the JSON Schemas served by
``GET /ingest/<tool>/schema`` and shipped in ``schemas/`` are generated from
them (``python -m atocore.docs`` rewrites the
files; a unit test fails when they are stale), so the two cannot disagree.
``docs/architecture/kb-cad-export-schema.md`` and ``kb-fem-export-schema.md``
describe every field and how it maps onto the graph.

``validate_export`` reports every problem at once, each with its JSON path
(``$.subsystems[2].components[0].id: required``), as one 422. Fields the
schema does not name are allowed and dropped at the import boundary (the
response lists them under ``ignored_fields``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError

from atocore.errors import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schemas"
MAX_PROBLEMS_IN_MESSAGE = 20

# A record id becomes an entity key verbatim; a parameter's key is "<component id>.<name>",
# so the two lengths add up to at most the 200 characters a key may have.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,149}$"
PARAMETER_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,48}$"
URI_PATTERN = r"^[a-z][a-z0-9+.-]*://\S+$"

RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    WithJsonSchema({"type": "string", "pattern": r"\S", "maxLength": 500}),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Uri = Annotated[str, StringConstraints(pattern=URI_PATTERN, max_length=1000)]


TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"


def _check_timestamp(value: str) -> str:
    try:
        if not re.match(TIMESTAMP_PATTERN, value):
            raise ValueError
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO 8601 date-time, e.g. 2026-04-07T12:00:00Z") from None
    return value


Timestamp = Annotated[
    str,
    AfterValidator(_check_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}),
]

_SCALAR_SCHEMA = {"type": ["number", "string", "boolean"]}


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (bool, int, float, str))


def _check_scalar(value: Any) -> Any:
    if not _is_scalar(value):
        raise ValueError("must be a number, a string or a boolean")
    return value


def _check_parameter(value: Any) -> Any:
    if _is_scalar(value):
        return value
    if (
        isinstance(value, dict)
        and "value" in value
        and _is_scalar(value["value"])
        and (value.get("unit") is None or isinstance(value.get("unit"), str))
    ):
        return value
    raise ValueError(
        'must be a number, a string, a boolean or {"value": <number|string|boolean>, "unit": <string|null>}'
    )


Scalar = Annotated[Any, AfterValidator(_check_scalar), WithJsonSchema(_SCALAR_SCHEMA)]
_PARAMETER_SCHEMA = {
    "oneOf": [
        _SCALAR_SCHEMA,
        {
            "type": "object",
            "required": ["value"],
            "properties": {"value": _SCALAR_SCHEMA, "unit": {"type": ["string", "null"]}},
        },
    ]
}
ParameterValue = Annotated[Any, AfterValidator(_check_parameter)]
ParameterName = Annotated[str, StringConstraints(pattern=PARAMETER_NAME_PATTERN)]
Parameters = Annotated[
    dict[ParameterName, ParameterValue],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": PARAMETER_NAME_PATTERN},
            "additionalProperties": _PARAMETER_SCHEMA,
        }
    ),
]


class _Record(BaseModel):
    # strict: a string stays a string, a number a number (no silent coercion);
    # extra fields are allowed and dropped at the import boundary.
    model_config = ConfigDict(strict=True, extra="allow")


# -- KB-CAD ------------------------------------------------------------------------
class KbCadComponent(_Record):
    id: RecordId = Field(description="KB-CAD's stable id; becomes the Component's key verbatim.")
    name: Name = Field(description="Display name.")
    material: Name | None = Field(
        None, description="Material name; the Component USES_MATERIAL the Material of that name."
    )
    parameters: Parameters = Field(
        default_factory=dict,
        description='Named values: a number, string or boolean, or {"value": ..., "unit": "mm"}. '
        'Each becomes a Parameter keyed "<component id>.<name>".',
    )
    part_number: Name | None = Field(None, description="Drawing or part number.")
    description: Text | None = Field(None, description="What it is.")
    source_artifact: Uri = Field(
        description="Where KB-CAD keeps the record (a URI such as kb-cad://p05/...); the provenance."
    )


class KbCadSubsystem(_Record):
    id: RecordId = Field(description="KB-CAD's stable id; becomes the Subsystem's key verbatim.")
    name: Name = Field(description="Display name.")
    parent: RecordId | None = Field(
        None, description="Id of the containing subsystem (in this export or already in the project), or null."
    )
    description: Text | None = Field(None, description="What it is.")
    source_artifact: Uri | None = Field(
        None, description="Where KB-CAD keeps the record; the export's artifact when absent."
    )
    components: list[KbCadComponent] = Field(
        default_factory=list, description="The components this subsystem contains."
    )


class _Envelope(_Record):
    """What every export carries about itself."""

    exporter: str = Field(description="The tool that made the export.")
    exporter_version: Name = Field(description="Version of the exporter script.")
    exported_at: Timestamp = Field(description="When the export was made (ISO 8601).")
    project: Name = Field(description="Project id or alias.")


class KbCadExport(_Envelope):
    """A KB-CAD export: the subsystem tree with its components, materials and parameters."""

    exporter: Literal["kb-cad"] = Field(description="Always kb-cad.")
    subsystems: list[KbCadSubsystem] = Field(description="Every subsystem, each with its components.")


# -- KB-FEM ------------------------------------------------------------------------
class KbFemResult(_Record):
    id: RecordId = Field(description="KB-FEM's stable id; becomes the Result's key verbatim.")
    name: Name = Field(description="Display name.")
    value: Scalar = Field(description="The result's value.")
    unit: Name | None = Field(None, description="Unit of the value.")
    supports_validation_claim: RecordId | None = Field(
        None, description="Key of a ValidationClaim in the project that this result supports, or null."
    )
    description: Text | None = Field(None, description="What it is.")
    source_artifact: Uri = Field(description="Where KB-FEM keeps the result; the provenance.")


class KbFemAnalysisModel(_Record):
    id: RecordId = Field(description="KB-FEM's stable id; becomes the AnalysisModel's key verbatim.")
    name: Name = Field(description="Display name.")
    subsystem: RecordId | None = Field(
        None, description="Key of the Subsystem (or Component) the model analyzes, or null."
    )
    method: Name | None = Field(None, description="FEM, modal, hand calculation, ...")
    description: Text | None = Field(None, description="What it is.")
    source_artifact: Uri | None = Field(
        None, description="Where KB-FEM keeps the model; the export's artifact when absent."
    )
    results: list[KbFemResult] = Field(default_factory=list, description="The results this model produced.")


class KbFemExport(_Envelope):
    """A KB-FEM export: analysis models with their results."""

    exporter: Literal["kb-fem"] = Field(description="Always kb-fem.")
    analysis_models: list[KbFemAnalysisModel] = Field(description="Every analysis model, each with its results.")


EXPORTS: dict[str, type[KbCadExport] | type[KbFemExport]] = {"kb-cad": KbCadExport, "kb-fem": KbFemExport}
Export = KbCadExport | KbFemExport


# -- validation ---------------------------------------------------------------------
def json_path(loc: tuple[Any, ...]) -> str:
    """``('subsystems', 2, 'id')`` -> ``$.subsystems[2].id``."""
    path = "$"
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(part)):
            path += f".{part}"
        else:
            path += f"[{json.dumps(str(part))}]"
    return path


def _message(error: Mapping[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "required"
    if kind == "string_pattern_mismatch":
        return f"must match {ctx.get('pattern')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "literal_error":
        return f"must be {ctx.get('expected')}"
    if kind == "string_type":
        return "must be a string"
    if kind in ("list_type",):
        return "must be an array"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object"
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"])
    return str(error["msg"]).lower()


def _problems(exc: PydanticValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if loc and loc[-1] == "[key]":  # a dict key (a parameter name) is the problem
            problems.append(f"{json_path(loc[:-1])}: parameter name {_message(error)}")
        else:
            problems.append(f"{json_path(loc)}: {_message(error)}")
    return problems


def _items(data: Any, field: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(field) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _duplicates(records: list[tuple[str, Any]], what: str = "id") -> list[str]:
    """``(path, id)`` pairs -> a problem for each id seen before."""
    first: dict[str, str] = {}
    problems = []
    for path, record_id in records:
        if not isinstance(record_id, str):
            continue
        if record_id in first:
            problems.append(f"{path}: duplicate {what} {record_id!r} (first at {first[record_id]})")
        else:
            first[record_id] = path
    return problems


def _parent_cycles(subsystems: list[tuple[int, dict[str, Any]]]) -> list[str]:
    parents: dict[str, tuple[int, Any]] = {
        s["id"]: (i, s.get("parent")) for i, s in subsystems if isinstance(s.get("id"), str)
    }
    problems = []
    for sid, (index, parent) in parents.items():
        chain: list[str] = [sid]
        current = parent
        while isinstance(current, str) and current in parents and current not in chain:
            chain.append(current)
            current = parents[current][1]
        if current == sid:
            problems.append(f"$.subsystems[{index}].parent: the parent chain loops: {' -> '.join([*chain, sid])}")
    return problems


def _structure_problems(tool: str, data: Any) -> list[str]:
    """What a per-field check cannot see: duplicate ids and parent loops (read from the raw data)."""
    if tool == "kb-cad":
        subsystems = _items(data, "subsystems")
        components = [
            (f"$.subsystems[{i}].components[{j}]", c) for i, s in subsystems for j, c in _items(s, "components")
        ]
        parameters = [  # "<component id>.<name>" must stay unique too: ("a.b", "c") and ("a", "b.c") collide
            (f"{path}.parameters[{json.dumps(name)}]", f"{c['id']}.{name}")
            for path, c in components
            if isinstance(c.get("id"), str) and isinstance(c.get("parameters"), dict)
            for name in c["parameters"]
        ]
        return (
            _duplicates([(f"$.subsystems[{i}].id", s.get("id")) for i, s in subsystems])
            + _duplicates([(f"{path}.id", c.get("id")) for path, c in components])
            + _duplicates(parameters, what="parameter key")
            + _parent_cycles(subsystems)
        )
    models = _items(data, "analysis_models")
    results = [
        (f"$.analysis_models[{i}].results[{j}].id", r.get("id")) for i, m in models for j, r in _items(m, "results")
    ]
    return _duplicates([(f"$.analysis_models[{i}].id", m.get("id")) for i, m in models]) + _duplicates(results)


def validate_export(tool: str, data: Any) -> Export:
    """The export as its model, or one 422 listing every problem with its JSON path."""
    model = EXPORTS[tool]
    problems: list[str] = []
    parsed = None
    if not isinstance(data, dict):
        problems.append("$: must be an object")
    else:
        try:
            parsed = model.model_validate(data)
        except PydanticValidationError as exc:
            problems.extend(_problems(exc))
        problems.extend(_structure_problems(tool, data))
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        raise ValidationError(
            f"the {tool} export is not valid ({len(problems)} problem{'s' if len(problems) != 1 else ''}): {shown}"
            + (f"; and {more} more (detail.problems lists them all)" if more > 0 else "")
            + f"; the schema is served at GET /ingest/{tool}/schema",
            field="export",
            problems=problems,
            problem_count=len(problems),
        )
    assert parsed is not None
    return parsed


def ignored_fields(export: Export) -> list[str]:
    """The fields the export carried that the schema does not name (dropped), as path patterns."""
    found: set[str] = set()

    def walk(record: BaseModel, path: str) -> None:
        for name in record.model_extra or {}:
            found.add(f"{path}.{name}")
        for field in type(record).model_fields:
            value = getattr(record, field)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, BaseModel):
                        walk(item, f"{path}.{field}[]")

    walk(export, "$")
    return sorted(found)


# -- the JSON Schemas ------------------------------------------------------------
def json_schema(tool: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a tool's export, generated from its model."""
    schema = EXPORTS[tool].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:atocore:schema:{tool}-export",
        **schema,
    }


def schema_path(tool: str) -> Path:
    return SCHEMA_DIR / f"{tool}-export.schema.json"


def render_schema(tool: str) -> str:
    return json.dumps(json_schema(tool), indent=2, sort_keys=False) + "\n"


def load_schema(tool: str) -> dict[str, Any]:
    """The shipped schema file (what GET /ingest/<tool>/schema serves)."""
    return json.loads(schema_path(tool).read_text(encoding="utf-8"))


def expected_files() -> dict[Path, str]:
    """The shipped schema files, as the models render them (``python -m atocore.docs`` writes them)."""
    return {schema_path(tool): render_schema(tool) for tool in EXPORTS}
